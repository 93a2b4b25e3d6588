// `npm run verify [-- <exercise>...] [--grading-only]`
// The maintainers' proof that the graders have teeth:
//   typecheck · kit self-tests · layout · solutions score full · starters score 0 ·
//   every mutant loses points on exactly the checks it names.
// Ends with "N passed, N failed" and exits non-zero on any failure.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { errors, KitError, runCli } from './errors';
import { graderFile, repoRoot } from './kit';
import { checkLayout } from './layout';
import { loadManifest, selectExercises, type Exercise } from './manifest';
import { declaredChecks } from './catalog';
import { judgeMutant } from './mutant-verdict';
import { loadMutants, mutantCoverage, withMutant } from './mutants';
import { renderRulesMap, rulesMap } from './rules';
import type { ExerciseResult } from './results';
import { runExercise } from './run-exercise';
import { runScheduled } from './schedule';
import { staleTables } from './sync';

interface Step {
  name: string;
  ok: boolean;
  detail?: string;
}

const steps: Step[] = [];
function record(step: Step): void {
  steps.push(step);
  const mark = step.ok ? '✓' : '✗';
  process.stdout.write(`${mark} ${step.name}${step.detail && !step.ok ? `\n${step.detail.replace(/^/gm, '    ')}` : step.detail ? `  (${step.detail})` : ''}\n`);
}

/** Run a command from the kit root; resolves with its exit code and output tail. */
function run(command: string, args: string[]): Promise<{ code: number; output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    const keep = (b: Buffer) => (output = (output + b.toString()).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => resolve({ code: code ?? 1, output, seconds: (Date.now() - started) / 1000 }));
  });
}

const bin = (name: string) => path.join(repoRoot, 'node_modules', '.bin', name);
const tail = (text: string, lines = 25) => text.trim().split('\n').slice(-lines).join('\n');
const summary = (r: ExerciseResult) =>
  r.error ?? r.checks.filter((c) => !c.passed).map((c) => `✗ ${c.name}: ${c.message.split('\n')[0]}`).join('\n');

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { 'grading-only': { type: 'boolean' }, rules: { type: 'boolean' } } });
  } catch (error) {
    throw errors.badOption('arguments', (error as Error).message);
  }
  const all = loadManifest();
  const exercises = selectExercises(all, parsed.positionals);
  const started = Date.now();
  if (parsed.values.rules) {
    for (const exercise of exercises) process.stdout.write(`${renderRulesMap(exercise, rulesMap(exercise))}\n\n`);
    return exercises.every((e) => rulesMap(e).problems.length === 0) ? 0 : 1;
  }

  if (!parsed.values['grading-only']) {
    // Graders against the starters (tsconfig.json), then against the solutions.
    for (const config of ['tsconfig.json', 'tsconfig.solutions.json']) {
      const tsc = await run(bin('tsc'), ['--noEmit', '-p', config]);
      record({ name: `typecheck (tsc --noEmit -p ${config})`, ok: tsc.code === 0, detail: tsc.code === 0 ? `${tsc.seconds.toFixed(1)} s` : tail(tsc.output) });
    }
    const lint = await run(bin('eslint'), ['.']);
    record({ name: 'lint (eslint)', ok: lint.code === 0, detail: lint.code === 0 ? `${lint.seconds.toFixed(1)} s` : tail(lint.output) });
    const workflows = ['.github/workflows', 'classroom/.github/workflows'].flatMap((dir) =>
      fs.existsSync(path.join(repoRoot, dir)) ? fs.readdirSync(path.join(repoRoot, dir)).filter((f) => /\.ya?ml$/.test(f)).map((f) => `${dir}/${f}`) : [],
    );
    for (const workflow of workflows) {
      const check = await run(bin('action-validator'), [workflow]);
      record({ name: `workflow is valid: ${workflow}`, ok: check.code === 0, detail: check.code === 0 ? undefined : tail(check.output) });
    }
    const kit = await run(bin('jest'), ['--config', 'tests/jest.config.js', '--ci']);
    const counts = kit.output.match(/Tests:\s+(.*)/)?.[1] ?? '';
    record({ name: 'kit self-tests (tests/)', ok: kit.code === 0, detail: kit.code === 0 ? `${counts}, ${kit.seconds.toFixed(1)} s` : tail(kit.output, 40) });
  }

  const stale = staleTables();
  record({ name: 'exercise tables in README.md and classroom/README.md match exercises.json', ok: stale.length === 0, detail: stale.join('\n') });
  for (const exercise of exercises) {
    const problems = checkLayout(exercise);
    record({ name: `${exercise.slug}: starter, solution, README and grader line up`, ok: problems.length === 0, detail: problems.join('\n') });
    const map = rulesMap(exercise);
    record({
      name: `${exercise.slug}: every lesson rule has a check, every check proves a rule`,
      ok: map.problems.length === 0,
      detail: map.problems.length === 0 ? `${map.rules.length} rules, ${map.checks.length} checks` : `${map.problems.join('\n')}\n(npm run verify -- ${exercise.id} --rules prints the map)`,
    });
    const mutants = loadMutants(exercise);
    const unproved = mutantCoverage(mutants, declaredChecks(graderFile(exercise.slug)).map((c) => c.name));
    record({
      name: `${exercise.slug}: every check is named by a mutant that must fail it`,
      ok: unproved.length === 0,
      detail: unproved.length === 0 ? `${mutants.length} mutants` : unproved.join('\n'),
    });
  }

  type Job = { exclusive: boolean; run: () => Promise<void> };
  const jobs: Job[] = [];
  const grade = (exercise: Exercise, dir: string, onlyChecks?: string[]) =>
    runExercise({ exercise, exerciseDir: dir, graderFile: graderFile(exercise.slug), onlyChecks });

  for (const exercise of exercises) {
    jobs.push({
      exclusive: exercise.exclusive,
      run: async () => {
        const r = await grade(exercise, path.join(repoRoot, 'solutions', exercise.slug));
        const full = r.status === 'pass';
        record({ name: `${exercise.slug}: solution scores full marks`, ok: full, detail: full ? `${r.score}/${r.maxScore}, ${(r.durationMs / 1000).toFixed(1)} s` : `${r.score}/${r.maxScore}\n${summary(r)}` });
        const declared = declaredChecks(graderFile(exercise.slug));
        const ran = r.checks.map((c) => `${c.name} [${c.points}]`).sort().join('\n');
        const listed = declared.map((c) => `${c.name} [${c.points}]`).sort().join('\n');
        record({
          name: `${exercise.slug}: the static check catalogue (tools/catalog.ts) matches the checks jest ran`,
          ok: ran === listed,
          detail: ran === listed ? `${declared.length} checks` : `catalogue:\n${listed}\nran:\n${ran}`,
        });
        if (full) {
          record({
            name: `${exercise.slug}: exercises.json points match the grader`,
            ok: r.maxScore === exercise.points,
            detail: `grader checks sum to ${r.maxScore}, exercises.json says ${exercise.points}`,
          });
        }
      },
    });
    jobs.push({
      exclusive: exercise.exclusive,
      run: async () => {
        const r = await grade(exercise, path.join(repoRoot, 'starters', exercise.slug));
        const zero = r.score === 0 && r.error === null;
        record({
          name: `${exercise.slug}: untouched starter scores 0`,
          ok: zero,
          detail: zero ? `0/${r.maxScore}` : r.error ?? `scored ${r.score}: ${r.checks.filter((c) => c.passed).map((c) => c.name).join('; ')}`,
        });
      },
    });
    for (const mutant of loadMutants(exercise)) {
      jobs.push({
        exclusive: exercise.exclusive,
        run: async () => {
          // Only the checks the mutant names are run: failing them is what must be proved, and it keeps verify fast.
          // The mutant is the solution with its patch applied, built in a temporary folder that is removed afterwards.
          let verdict;
          try {
            verdict = await withMutant(exercise, mutant, async (built) =>
              judgeMutant(mutant, await grade(exercise, built.exerciseDir, mutant.mustFail), path.join(repoRoot, 'starters', exercise.slug), built.exerciseDir),
            );
          } catch (error) {
            if (!(error instanceof KitError)) throw error;
            verdict = { ok: false, detail: error.message };
          }
          record({ name: `${exercise.slug}: mutant "${mutant.name}" is caught`, ok: verdict.ok, detail: verdict.detail });
        },
      });
    }
  }
  await runScheduled(jobs);

  const failed = steps.filter((s) => !s.ok).length;
  process.stdout.write(`\nverify took ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  process.stdout.write(`${steps.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

runCli(main);
