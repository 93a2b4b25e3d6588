// The class overview a teacher reads after `npm run grade:all`
// (grades/all/index.html): submissions × exercises as a heat map of scores, each
// cell linking to that submission's report.html, and per check the share of the
// class that fails it, most-failed first, so the concept the class is stuck on
// stands out. classOverview computes the data; classOverviewHtml draws it.
import fs from 'node:fs';
import path from 'node:path';
import type { GradeRun, Status } from '../results';
import { htmlText } from './escape';
import { pageHead, PAGE_CSS } from './html';

/** One submission: its grade run, or why it could not be graded. */
export interface ClassEntry {
  name: string;
  run?: GradeRun;
  error?: string;
}

export interface ClassCell {
  id: string;
  score: number;
  maxScore: number;
  status: Status | 'missing';
  flagged: boolean;
}

export interface ClassRow {
  name: string;
  /** That submission's report, relative to the overview page; none when it was not graded. */
  href?: string;
  cells: ClassCell[];
  score: number;
  maxScore: number;
  flagged: boolean;
  error?: string;
}

export interface CheckShare {
  exercise: string;
  name: string;
  /** Submissions graded on this check that did not pass it. */
  failing: number;
  graded: number;
  /** failing / graded, 0..1. */
  share: number;
}

export interface ClassOverview {
  exercises: Array<{ id: string; title: string; maxScore: number }>;
  rows: ClassRow[];
  checks: CheckShare[];
}

/** The folder grade:all writes a submission's reports to, as a link from the overview page. */
export const reportHref = (name: string) => `${encodeURIComponent(name)}/report.html`;

export function classOverview(entries: ClassEntry[]): ClassOverview {
  const exercises = new Map<string, { id: string; title: string; maxScore: number }>();
  for (const { run } of entries) for (const e of run?.exercises ?? []) if (!exercises.has(e.id)) exercises.set(e.id, { id: e.id, title: e.title, maxScore: e.maxScore });
  const columns = [...exercises.values()].sort((a, b) => a.id.localeCompare(b.id));

  const rows = entries.map((entry): ClassRow => {
    const byId = new Map((entry.run?.exercises ?? []).map((e) => [e.id, e]));
    const cells = columns.map((c): ClassCell => {
      const e = byId.get(c.id);
      return e ? { id: c.id, score: e.score, maxScore: e.maxScore, status: e.status, flagged: e.flags.length > 0 } : { id: c.id, score: 0, maxScore: c.maxScore, status: 'missing', flagged: false };
    });
    const row: ClassRow = {
      name: entry.name,
      cells,
      score: entry.run?.score ?? 0,
      maxScore: entry.run?.maxScore ?? columns.reduce((s, c) => s + c.maxScore, 0),
      flagged: (entry.run?.notices.length ?? 0) > 0 || cells.some((c) => c.flagged),
    };
    if (entry.run) row.href = reportHref(entry.name);
    if (entry.error) row.error = entry.error;
    return row;
  });

  const tally = new Map<string, CheckShare>();
  for (const { run } of entries) {
    for (const e of run?.exercises ?? []) {
      for (const c of e.checks) {
        const key = `${e.id}\u0000${c.name}`;
        const share = tally.get(key) ?? { exercise: e.id, name: c.name, failing: 0, graded: 0, share: 0 };
        share.graded += 1;
        if (!c.passed) share.failing += 1;
        tally.set(key, share);
      }
    }
  }
  const checks = [...tally.values()]
    .map((c) => ({ ...c, share: c.graded === 0 ? 0 : c.failing / c.graded }))
    .sort((a, b) => b.share - a.share || b.failing - a.failing || a.exercise.localeCompare(b.exercise) || a.name.localeCompare(b.name));
  return { exercises: columns, rows, checks };
}

/** Red (0) through amber to green (full), for a score cell. */
export function heatColour(score: number, maxScore: number): string {
  const ratio = maxScore > 0 ? Math.min(1, Math.max(0, score / maxScore)) : 0;
  return `hsl(${Math.round(ratio * 120)}, 65%, ${Math.round(88 - ratio * 10)}%)`;
}

const CSS = `${PAGE_CSS}
body { max-width: 1200px; }
table.heat { border-collapse: collapse; margin: 8px 0 20px; }
table.heat th, table.heat td { border: 1px solid #ffffff; padding: 4px 8px; text-align: center; font-variant-numeric: tabular-nums; }
table.heat th { background: #f5f5f5; font-weight: 600; }
table.heat th.name, table.heat td.name { text-align: left; }
table.heat td.cell a { color: #212121; text-decoration: none; display: block; }
table.heat td.missing { background: #eeeeee; color: #9e9e9e; }
table.shares { border-collapse: collapse; width: 100%; }
table.shares td, table.shares th { padding: 4px 8px; border-top: 1px solid #eeeeee; text-align: left; vertical-align: middle; }
table.shares td.share { width: 200px; white-space: nowrap; }
table.shares td:nth-child(2), table.shares td:nth-child(3) { width: 1%; white-space: nowrap; }
.bar-track { display: inline-block; width: 140px; height: 10px; background: #eeeeee; border-radius: 5px; vertical-align: middle; margin-right: 6px; }
.bar-fill { display: block; height: 10px; border-radius: 5px; background: #c62828; }
`;

function heatRow(row: ClassRow): string {
  const cells = row.cells
    .map((c) => {
      if (c.status === 'missing') return '<td class="cell missing">–</td>';
      const text = `${c.score}/${c.maxScore}${c.status === 'error' ? ' !' : ''}${c.flagged ? ' ⚑' : ''}`;
      const title = `${row.name}, ${c.id}: ${c.score}/${c.maxScore}${c.status === 'error' ? ' (could not be graded)' : ''}${c.flagged ? ' (flagged)' : ''}`;
      const link = row.href ? `<a href="${htmlText(`${row.href}#ex-${c.id}`)}" title="${htmlText(title)}">${text}</a>` : text;
      return `<td class="cell" data-score="${c.score}" data-max="${c.maxScore}" style="background: ${heatColour(c.score, c.maxScore)}">${link}</td>`;
    })
    .join('');
  const name = row.href ? `<a href="${htmlText(row.href)}">${htmlText(row.name)}</a>` : htmlText(row.name);
  const note = row.error ? ` <span class="error" title="${htmlText(row.error)}">(not graded)</span>` : row.flagged ? ' <span class="flag">⚑</span>' : '';
  return (
    `<tr class="submission"><td class="name">${name}${note}</td>${cells}` +
    `<td class="total" style="background: ${heatColour(row.score, row.maxScore)}">${row.score}/${row.maxScore}</td></tr>`
  );
}

function shareRow(c: CheckShare): string {
  const percent = Math.round(c.share * 100);
  return (
    `<tr class="check-share"><td class="share"><span class="bar-track"><span class="bar-fill" style="width: ${percent}%"></span></span>${percent}%</td>` +
    `<td>${c.failing}/${c.graded}</td><td>${htmlText(c.exercise)}</td><td>${htmlText(c.name)}</td></tr>`
  );
}

export function classOverviewHtml(overview: ClassOverview): string {
  const head = overview.exercises.map((e) => `<th title="${htmlText(e.title)}">${htmlText(e.id)}</th>`).join('');
  const flagged = overview.rows.filter((r) => r.flagged).length;
  return (
    `${pageHead('Class overview · concurrency-kit', CSS)}<body><h1>Class overview</h1>` +
    `<p class="target">${overview.rows.length} submission(s). Each cell links to that submission's report; ! could not be graded; ⚑ flagged for review${flagged ? ` (${flagged} submission(s))` : ''}.</p>` +
    `<h2>Scores</h2><table class="heat"><thead><tr><th class="name">Submission</th>${head}<th>Total</th></tr></thead>` +
    `<tbody>${overview.rows.map(heatRow).join('')}</tbody></table>` +
    `<h2>Checks the class fails most</h2><table class="shares"><thead><tr><th>Failing</th><th>Failed/graded</th><th>Exercise</th><th>Check</th></tr></thead>` +
    `<tbody>${overview.checks.map(shareRow).join('')}</tbody></table></body></html>\n`
  );
}

/** Write grades/all/index.html (the submissions' reports are in its subfolders). Returns the file. */
export function writeClassOverview(entries: ClassEntry[], outDir: string): string {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'index.html');
  fs.writeFileSync(file, classOverviewHtml(classOverview(entries)));
  return file;
}
