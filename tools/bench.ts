// `npm run bench [-- <exercise>...] [--runs N]`
// How long grading takes, per exercise, for the reference solutions: the
// number that decides whether `npm test` feels instant and verify stays within
// CI's budget. Speed is measured here, never asserted in timed unit tests.
// Runs one exercise at a time (nothing beside it), prints min/median/max and
// writes grades/bench.json.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { errors, runCli } from './errors';
import { graderFile, paths, repoRoot } from './kit';
import { loadManifest, selectExercises } from './manifest';
import type { CheckResult } from './results';
import { runExercise } from './run-exercise';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * A run a second or more slower than the median, and half again as long, with its slowest
 * checks: where a stall hides (a rare hang in one check shows only in a long series).
 */
function slowRuns(seconds: number[], checks: CheckResult[][]): string[] {
  const typical = median(seconds);
  return seconds.flatMap((s, i) => {
    if (s < typical + 1 || s < 1.5 * typical) return [];
    const slowest = [...checks[i]].sort((a, b) => (b.durationMs ?? 0) - (a.durationMs ?? 0)).slice(0, 2);
    return [`run ${i + 1} took ${s.toFixed(1)} s (median ${typical.toFixed(1)} s); slowest checks: ${slowest.map((c) => `${((c.durationMs ?? 0) / 1000).toFixed(1)} s "${c.name}"`).join(', ')}`];
  });
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '3' } } });
  } catch (error) {
    throw errors.badOption('arguments', (error as Error).message);
  }
  const runs = Number(parsed.values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw errors.badOption('--runs', `expected a whole number ≥ 1, got "${parsed.values.runs}"`);
  const exercises = selectExercises(loadManifest(), parsed.positionals);
  const rows: Array<{ id: string; slug: string; seconds: number[]; score: string; outliers: string[] }> = [];
  process.stdout.write(`Grading time of solutions/, ${runs} run(s) each, one exercise at a time\n\n`);
  process.stdout.write(`${'exercise'.padEnd(28)} ${'min'.padStart(6)} ${'median'.padStart(6)} ${'max'.padStart(6)}  score\n`);
  for (const exercise of exercises) {
    const seconds: number[] = [];
    const checks: CheckResult[][] = [];
    let score = '';
    for (let i = 0; i < runs; i++) {
      const r = await runExercise({ exercise, exerciseDir: path.join(repoRoot, 'solutions', exercise.slug), graderFile: graderFile(exercise.slug) });
      seconds.push(r.durationMs / 1000);
      checks.push(r.checks);
      score = `${r.score}/${r.maxScore}`;
    }
    const outliers = slowRuns(seconds, checks);
    rows.push({ id: exercise.id, slug: exercise.slug, seconds, score, outliers });
    const f = (x: number) => `${x.toFixed(1)}s`.padStart(6);
    process.stdout.write(`${exercise.slug.padEnd(28)} ${f(Math.min(...seconds))} ${f(median(seconds))} ${f(Math.max(...seconds))}  ${score}\n`);
    for (const line of outliers) process.stdout.write(`  ${line}\n`);
  }
  const total = rows.reduce((s, r) => s + median(r.seconds), 0);
  process.stdout.write(`\nsum of medians: ${total.toFixed(1)} s (npm test runs fake-clock exercises two at a time)\n`);
  fs.mkdirSync(paths.grades, { recursive: true });
  fs.writeFileSync(path.join(paths.grades, 'bench.json'), `${JSON.stringify({ date: new Date().toISOString(), runs, rows }, null, 2)}\n`);
  return 0;
}

runCli(main);
