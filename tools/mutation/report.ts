// Turns a Stryker JSON report (mutation-testing-report-schema) into the kit's
// strength record for one exercise, and renders docs/grader-strength.md.
// Equivalent mutants are explained by hand in equivalent.json, keyed by
// file, mutator, original code and replacement: stable when lines move.
import type { Exercise } from '../manifest';

interface Location {
  start: { line: number; column: number };
  end: { line: number; column: number };
}
interface StrykerMutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: Location;
}
export interface StrykerReport {
  files: Record<string, { source: string; mutants: StrykerMutant[] }>;
}

export interface Survivor {
  key: string;
  file: string;
  line: number;
  mutator: string;
  original: string;
  replacement: string;
  status: string;
  why?: string;
}

export interface ExerciseScore {
  date: string;
  seconds: number;
  total: number;
  killed: number;
  equivalent: number;
  /** killed ÷ (total − equivalent), in %. */
  percent: number;
  rules: number;
  survivors: Survivor[];
  explained: Survivor[];
  /** The first score recorded for this exercise ("before"), with today's explanations applied; no date: a new exercise. */
  baseline: { date: string; percent: number; killed: number; total: number };
}

const KILLED = new Set(['Killed', 'Timeout']);
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The original code a mutant replaced (1-based lines and columns). */
function originalOf(source: string, at: Location): string {
  const lines = source.split('\n');
  const picked = lines.slice(at.start.line - 1, at.end.line);
  if (picked.length === 0) return '';
  picked[picked.length - 1] = picked[picked.length - 1].slice(0, at.end.column - 1);
  picked[0] = picked[0].slice(at.start.column - 1);
  return oneLine(picked.join('\n'));
}

const short = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function scoreReport(
  exercise: Exercise,
  report: StrykerReport,
  equivalent: Record<string, string>,
  seconds: number,
  rules: number,
): ExerciseScore {
  const all: Survivor[] = [];
  let killed = 0;
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      if (KILLED.has(m.status)) {
        killed += 1;
        continue;
      }
      const original = originalOf(source, m.location);
      const replacement = oneLine(m.replacement ?? '');
      const key = `${file.replace(/^.*solutions\//, '')} | ${m.mutatorName} | ${short(original, 120)} → ${short(replacement, 120)}`;
      all.push({ key, file, line: m.location.start.line, mutator: m.mutatorName, original, replacement, status: m.status, why: equivalent[key] });
    }
  }
  const total = killed + all.length;
  const explained = all.filter((s) => s.why !== undefined);
  const survivors = all.filter((s) => s.why === undefined);
  const percent = total - explained.length === 0 ? 100 : (100 * killed) / (total - explained.length);
  const date = new Date().toISOString().slice(0, 10);
  void exercise;
  return { date, seconds, total, killed, equivalent: explained.length, percent, rules, survivors, explained, baseline: { date, percent, killed, total } };
}

export function renderStrengthDoc(all: Exercise[], scores: Record<string, ExerciseScore>): string {
  const out = [
    '# Grader strength',
    '',
    '<!-- Written by `npm run mutation`; edit tools/mutation/equivalent.json, not this file. -->',
    '',
    'How hard is it to earn full marks with wrong code? Stryker mutates each reference',
    'solution (thousands of small wrong programs: a flipped comparison, a dropped `await`,',
    'an emptied block) and runs the exercise\'s grader against every one. The **mutation',
    'score** is the share of those wrong programs the grader fails. A mutant that survives',
    'is either a gap in the grader (fixed with a check that proves a lesson rule) or',
    '*equivalent*: it behaves exactly like the solution, so no grader could fail it; those',
    'are explained below, one by one. Goal: ≥ 90% for every fake-clock exercise.',
    '',
    'Run it: `npm run mutation` (every fake-clock exercise) or `npm run mutation -- 06`.',
    'Properties run with a fixed seed (`KIT_SEED=1`) so the score is reproducible. It is',
    'not part of `npm run verify` (minutes per exercise); `verify` enforces the kit\'s own',
    'conceptual mutants in `tests/mutants/` instead.',
    '',
    '| # | Exercise | Rules | Mutants | Killed | Equivalent | Survived | Score | Before | Time |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const e of all) {
    const s = scores[e.slug];
    if (!s) {
      out.push(`| ${e.id} | ${e.title} | | | | | | ${e.exclusive ? 'real-time: not run (see below)' : 'not run yet'} | | |`);
      continue;
    }
    out.push(
      `| ${e.id} | ${e.title} | ${s.rules} | ${s.total} | ${s.killed} | ${s.equivalent} | ${s.survivors.length} | **${s.percent.toFixed(1)}%** | ${s.baseline.date ? `${s.baseline.percent.toFixed(1)}% (${s.baseline.date})` : 'new exercise'} | ${s.seconds.toFixed(0)} s |`,
    );
  }
  out.push(
    '',
    'Real-time exercises (01, 04, 05, 10, 11) are not scored by default: each mutant costs a whole',
    'real-time grading run (speedup, latency and CPU measurements: 15–60 s), so one exercise',
    'would take hours on two cores. Their graders are held to the rules map and the',
    'conceptual mutants in `tests/mutants/`. `npm run mutation -- 04` runs one anyway.',
    '',
    'Checks titled "for real: …" (07\'s node:http server and the built-in fetch) are skipped in',
    'mutation runs (`testNamePattern` in tools/mutation/jest.config.js): they measure real sockets',
    'and time, so under Stryker\'s load they could kill a mutant by accident. A mutant that only',
    'they kill is listed below with that reason, not as equivalent.',
    '',
  );
  for (const e of all) {
    const s = scores[e.slug];
    if (!s || (s.survivors.length === 0 && s.explained.length === 0)) continue;
    out.push(`## ${e.id} ${e.title}`, '');
    if (s.survivors.length) {
      out.push('Survivors not yet explained (a gap in the grader until a check kills them or they are shown equivalent):', '');
      for (const m of s.survivors) out.push(`- \`${m.file}:${m.line}\` ${m.mutator} (${m.status}): \`${short(m.original)}\` → \`${short(m.replacement)}\``);
      out.push('');
    }
    if (s.explained.length) {
      out.push('Equivalent mutants (no behaviour a lesson rule can see changes):', '');
      for (const m of s.explained) out.push(`- \`${m.file}:${m.line}\` ${m.mutator}: \`${short(m.original)}\` → \`${short(m.replacement)}\`. ${m.why}`);
      out.push('');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** The same record with explanations re-read from equivalent.json (`npm run mutation -- --report`: no Stryker run). */
export function reexplain(score: ExerciseScore, equivalent: Record<string, string>): ExerciseScore {
  const all = [...score.survivors, ...score.explained].map((m) => ({ ...m, why: equivalent[m.key] }));
  const explained = all.filter((m) => m.why !== undefined);
  const survivors = all.filter((m) => m.why === undefined);
  const denominator = score.total - explained.length;
  return { ...score, explained, survivors, equivalent: explained.length, percent: denominator === 0 ? 100 : (100 * score.killed) / denominator };
}
