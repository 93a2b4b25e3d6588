// `npm run mutation [-- <exercise>...]`
// The graders' mutation score: Stryker mutates an exercise's reference solution
// (solutions/NN-slug/) in a sandbox and runs that exercise's grader against each
// mutant. A mutant the grader does not fail is a wrong program that would earn
// full marks, unless it is equivalent (same behaviour): those are explained, by
// hand, in tools/mutation/equivalent.json. Writes docs/grader-strength.md.
// Real-time exercises are skipped unless named: they measure CPU and wall time,
// so each mutant costs a full real-time grading run (minutes).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { errors, runCli } from './errors';
import { repoRoot } from './kit';
import { loadManifest, selectExercises, type Exercise } from './manifest';
import { reexplain, renderStrengthDoc, scoreReport, type ExerciseScore } from './mutation/report';
import { rulesMap } from './rules';

const HERE = path.join(repoRoot, 'tools', 'mutation');
const DOC = path.join(repoRoot, 'docs', 'grader-strength.md');
const SCORES = path.join(HERE, 'scores.json');

/** One Stryker run over one exercise; resolves with the path of its JSON report. */
async function runStryker(exercise: Exercise, workDir: string): Promise<string> {
  const report = path.join(workDir, `${exercise.slug}.json`);
  const config = {
    testRunner: 'jest',
    jest: { configFile: 'tools/mutation/jest.config.js', enableFindRelatedTests: false },
    mutate: [`solutions/${exercise.slug}/**/*.ts`],
    coverageAnalysis: 'perTest',
    reporters: ['json', 'progress'],
    jsonReporter: { fileName: report },
    ignorePatterns: ['tests/mutants', 'grades', 'docs', 'classroom', '.stryker-tmp'],
    concurrency: Math.max(1, os.availableParallelism() - 1),
    timeoutMS: 20_000,
    tempDirName: path.join(workDir, 'sandbox'),
    cleanTempDir: true,
    logLevel: 'warn',
  };
  const configFile = path.join(workDir, `stryker.${exercise.id}.json`);
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const stryker = path.join(repoRoot, 'node_modules', '.bin', 'stryker');
  const code = await new Promise<number>((resolve) => {
    const child = spawn(stryker, ['run', configFile], {
      cwd: repoRoot,
      stdio: 'inherit',
      // A fixed seed: the score must be the same from run to run.
      env: { ...process.env, KIT_SEED: '1', KIT_MUTATION_SLUG: exercise.slug, FORCE_COLOR: '0' },
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0 || !fs.existsSync(report)) throw errors.badOption(exercise.slug, `Stryker failed (exit ${code}); see its output above`);
  return report;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' }, report: { type: 'boolean' } } });
  } catch (error) {
    throw errors.badOption('arguments', (error as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write('Usage: npm run mutation [-- <exercise>...]   (default: every fake-clock exercise)\n       npm run mutation -- --report         (rewrite the doc from the last scores and equivalent.json, no Stryker run)\n');
    return 0;
  }
  const all = loadManifest();
  if (parsed.values.report) {
    const saved: Record<string, ExerciseScore> = fs.existsSync(SCORES) ? JSON.parse(fs.readFileSync(SCORES, 'utf8')) : {};
    const equivalent = JSON.parse(fs.readFileSync(path.join(HERE, 'equivalent.json'), 'utf8'));
    const scores = Object.fromEntries(Object.entries(saved).map(([slug, s]) => [slug, reexplain(s, equivalent[slug] ?? {})]));
    fs.writeFileSync(SCORES, `${JSON.stringify(scores, null, 2)}\n`);
    fs.writeFileSync(DOC, renderStrengthDoc(all, scores));
    process.stdout.write(`Wrote ${path.relative(repoRoot, DOC)} from ${path.relative(repoRoot, SCORES)}\n`);
    return 0;
  }
  const chosen = parsed.positionals.length ? selectExercises(all, parsed.positionals) : all.filter((e) => !e.exclusive);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-mutation-'));
  const scores: Record<string, ExerciseScore> = fs.existsSync(SCORES) ? JSON.parse(fs.readFileSync(SCORES, 'utf8')) : {};
  const equivalent = JSON.parse(fs.readFileSync(path.join(HERE, 'equivalent.json'), 'utf8'));
  try {
    for (const exercise of chosen) {
      const started = Date.now();
      const report = JSON.parse(fs.readFileSync(await runStryker(exercise, workDir), 'utf8'));
      const score = scoreReport(exercise, report, equivalent[exercise.slug] ?? {}, (Date.now() - started) / 1000, rulesMap(exercise).rules.length);
      scores[exercise.slug] = { ...score, baseline: scores[exercise.slug]?.baseline ?? score.baseline };
      process.stdout.write(`${exercise.slug}: ${score.killed}/${score.total - score.equivalent} non-equivalent mutants killed (${score.percent.toFixed(1)}%), ${score.survivors.length} unexplained survivor(s), ${score.seconds.toFixed(0)} s\n`);
      fs.writeFileSync(SCORES, `${JSON.stringify(scores, null, 2)}\n`);
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  fs.mkdirSync(path.dirname(DOC), { recursive: true });
  fs.writeFileSync(DOC, renderStrengthDoc(all, scores));
  process.stdout.write(`Wrote ${path.relative(repoRoot, DOC)} and ${path.relative(repoRoot, SCORES)}\n`);
  return Object.values(scores).every((s) => s.survivors.length === 0) ? 0 : 1;
}

runCli(main);
