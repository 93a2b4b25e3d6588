// grades/report.html: the whole grade run on one self-contained page (inline
// CSS and SVG, no script, no network: a Content-Security-Policy forbids any
// fetch). Score, every exercise and check with its message, integrity flags
// and notices, and an SVG Gantt chart for every check that carries a timeline.
// Every learner-controlled text goes through htmlText.
import { integrityFindings, type CheckResult, type ExerciseResult, type GradeRun } from '../results';
import { htmlText } from './escape';
import { ganttLegend, ganttSvg } from './gantt';

export const PAGE_CSS = `
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto; max-width: 980px; padding: 0 16px; color: #212121; }
h1 { font-size: 22px; margin: 0 0 4px; }
.target { color: #616161; margin: 0 0 12px; }
.score { font-size: 28px; font-weight: 700; }
.pass { color: #2e7d32; } .fail { color: #c62828; } .error { color: #c62828; } .flag { color: #a15c00; }
.notices { border-left: 4px solid #ef8f00; background: #fff8e1; padding: 8px 12px; margin: 12px 0; }
.notices ul { margin: 4px 0; }
section.exercise { border: 1px solid #e0e0e0; border-radius: 6px; margin: 14px 0; padding: 0 12px 8px; }
section.exercise > h2 { font-size: 17px; margin: 10px 0 6px; display: flex; gap: 10px; align-items: baseline; }
section.exercise > h2 .points { margin-left: auto; font-variant-numeric: tabular-nums; }
table.checks { border-collapse: collapse; width: 100%; }
table.checks td { border-top: 1px solid #eeeeee; padding: 5px 6px; vertical-align: top; }
table.checks td.mark { width: 1.2em; font-weight: 700; }
table.checks td.pts { width: 3.5em; text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
pre.message { white-space: pre-wrap; margin: 6px 0 0; font: 12.5px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; background: #fafafa; padding: 6px 8px; border-radius: 4px; overflow-x: auto; }
pre.error { background: #ffebee; }
.passed pre.message { background: none; color: #616161; padding: 0; }
figure.timeline { margin: 8px 0 4px; }
figure.timeline figcaption { font-size: 13px; color: #616161; }
svg.gantt { max-width: 100%; height: auto; font: 11px system-ui, sans-serif; }
svg.gantt .heading { font-weight: 700; font-size: 12px; }
svg.gantt .tick, svg.gantt .unit { fill: #616161; }
.legend { font-size: 13px; color: #424242; }
.key { margin-right: 10px; white-space: nowrap; }
.next { margin-top: 16px; }
code { font: 13px ui-monospace, monospace; background: #f5f5f5; padding: 1px 4px; border-radius: 3px; }
`;

/** The head of a kit page: no external resource can load (CSP), styles inline. */
export function pageHead(title: string, css = PAGE_CSS): string {
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${htmlText(title)}</title><style>${css}</style></head>`
  );
}

const mark = (passed: boolean) => (passed ? '<span class="pass" aria-label="passed">✓</span>' : '<span class="fail" aria-label="failed">✗</span>');

function checkRow(check: CheckResult): string {
  const message = check.message ? `<pre class="message">${htmlText(check.message)}</pre>` : '';
  const chart = check.timeline
    ? `<figure class="timeline">${ganttSvg(check.timeline, `Timeline: ${check.name}`)}<figcaption>The same timeline as in the message, drawn to scale.</figcaption></figure>`
    : '';
  return (
    `<tr class="check ${check.passed ? 'passed' : 'failed'}"><td class="mark">${mark(check.passed)}</td>` +
    `<td class="pts">${check.score}/${check.points}</td>` +
    `<td><div class="name">${htmlText(check.name)}</div>${message}${chart}</td></tr>`
  );
}

function exerciseSection(e: ExerciseResult): string {
  const status = e.status === 'pass' ? '<span class="pass">✓</span>' : e.status === 'error' ? '<span class="error">!</span>' : '<span class="fail">✗</span>';
  const flagged = e.flags.length > 0 ? ' <span class="flag">⚑ flagged</span>' : '';
  const flags = e.flags.length > 0 ? `<ul class="flags">${e.flags.map((f) => `<li class="flag">⚑ ${htmlText(f)}</li>`).join('')}</ul>` : '';
  const error = e.error ? `<pre class="message error">${htmlText(e.error)}</pre>` : '';
  return (
    `<section class="exercise ex-${e.status}" id="ex-${htmlText(e.id)}">` +
    `<h2>${status} <span>${htmlText(e.id)} ${htmlText(e.title)}</span>${flagged}<span class="points">${e.score}/${e.maxScore}</span></h2>` +
    `${flags}${error}<table class="checks"><tbody>${e.checks.map(checkRow).join('')}</tbody></table></section>`
  );
}

export function toHtml(run: GradeRun): string {
  const findings = integrityFindings(run);
  const notices =
    findings.length > 0
      ? `<div class="notices" role="note"><strong>⚑ Flagged for a teacher's review (${findings.length}):</strong> the score stands, but a person will look.` +
        `<ul>${findings.map((f) => `<li>${htmlText(f)}</li>`).join('')}</ul></div>`
      : '';
  const full = run.score === run.maxScore;
  const next = run.exercises.find((e) => e.status !== 'pass');
  const nextLine = next
    ? `<p class="next">Next: <code>npm test -- ${htmlText(next.id)}</code> (<code>${htmlText(next.slug)}/README.md</code> explains the lesson; <code>npm run hint -- ${htmlText(next.id)}</code> for a nudge)</p>`
    : '';
  const timelines = run.exercises.some((e) => e.checks.some((c) => c.timeline)) ? ganttLegend() : '';
  return (
    `${pageHead(`Points ${run.score}/${run.maxScore} · concurrency-kit`)}<body>` +
    `<h1>concurrency-kit report</h1><p class="target">Target: ${htmlText(run.target)}</p>` +
    `<p class="score ${full ? 'pass' : 'fail'}">Points ${run.score}/${run.maxScore}</p>${notices}${timelines}` +
    `${run.exercises.map(exerciseSection).join('')}${nextLine}</body></html>\n`
  );
}
