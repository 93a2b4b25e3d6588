// Grade ONE exercise in its own jest process, with a hard wall-clock limit.
// Whatever the learner's code does (hang, never settle, exit, throw at import,
// patch globals) it can only cost this exercise: the score comes solely from
// the per-check records that tools/jest/check-reporter.js writes at the very
// end of the run, and an exit code never counts as a pass.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { paths } from './kit';
import { timelineRecord } from './timeline-record';
import { failedExercise, gradedExercise, type CheckResult, type ExerciseResult } from './results';

export interface GradeJob {
  exercise: { id: string; slug: string; title: string; points: number; timeoutSeconds: number };
  /** The folder holding the learner's files for this exercise. */
  exerciseDir: string;
  graderFile: string;
  /** Extra environment for the grader process (e.g. KIT_SEED). */
  env?: Record<string, string>;
  /** Run only these checks (by name); the others are reported as not run. verify uses it for mutants. */
  onlyChecks?: string[];
  /** Abort to stop grading at once (watch mode: a save during a grade); the result then says so. */
  signal?: AbortSignal;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface ReporterOutput {
  error: string | null;
  checks: Array<{ name: string; points: number; passed: boolean; message: string; timeline?: unknown }>;
  unscored: string[];
}

const OUTPUT_LIMIT = 64 * 1024;

/** Why a jest process ended without writing results, in words for the learner. */
function explainEarlyExit(code: number | null, signal: string | null, output: string): string {
  const exitCall = output.match(/process\.exit called with "([^"]*)"/);
  if (exitCall) {
    return `Your code called process.exit(${exitCall[1]}) while being graded, which ends the program. Remove that call: a library function should return or throw instead.`;
  }
  if (signal) return `The grading process was killed by ${signal} before it finished (out of memory?).`;
  if (code === 0) {
    return (
      'The grading process stopped early without an error, as if there was nothing left to do. ' +
      'Does your code replace a built-in (Promise, setTimeout, process) or call process.exit() indirectly?'
    );
  }
  const lastLines = output.trim().split('\n').slice(-5).join('\n');
  return `The grading process exited (code ${code}) before it finished.${lastLines ? `\nLast output:\n${lastLines}` : ''}`;
}

function toChecks(output: ReporterOutput): CheckResult[] {
  return output.checks.map((c) => {
    const timeline = c.passed ? undefined : timelineRecord(c.timeline);
    return { name: c.name, points: c.points, score: c.passed ? c.points : 0, passed: c.passed, message: c.message, ...(timeline ? { timeline } : {}) };
  });
}

export async function runExercise(job: GradeJob): Promise<ExerciseResult> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const { exercise } = job;
  if (!fs.existsSync(job.exerciseDir)) {
    return failedExercise(exercise, `Folder not found: ${job.exerciseDir}. Each exercise lives in a folder named ${exercise.slug}/.`, elapsed());
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `kit-${exercise.id}-`));
  const resultsFile = path.join(scratch, 'checks.json');
  try {
    const args = [paths.jestBin, '--config', paths.jestConfig, '--runInBand', '--ci', '--colors=false', '--runTestsByPath', job.graderFile];
    if (job.onlyChecks) args.push('--testNamePattern', `^(${job.onlyChecks.map(escapeRegExp).join('|')}) \\[\\d+ pts?\\]$`);
    const child = spawn(
      process.execPath,
      args,
      {
        cwd: path.dirname(paths.jestConfig),
        detached: true, // its own process group, so a timeout kills everything it started
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          ...job.env,
          KIT_EXERCISE_DIR: path.resolve(job.exerciseDir),
          KIT_EXERCISE_ID: exercise.id,
          KIT_RESULTS_FILE: resultsFile,
          KIT_NOTES_FILE: path.join(scratch, 'notes.jsonl'),
          FORCE_COLOR: '0',
        },
      },
    );
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const limit = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, exercise.timeoutSeconds * 1000);
    if (job.signal?.aborted) killGroup();
    job.signal?.addEventListener('abort', killGroup, { once: true });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    );
    clearTimeout(limit);
    job.signal?.removeEventListener('abort', killGroup);
    if (job.signal?.aborted) return failedExercise(exercise, 'Grading was cancelled.', elapsed());

    if (timedOut) {
      return failedExercise(
        exercise,
        `Grading was stopped after ${exercise.timeoutSeconds} s. Something blocked the event loop for good: ` +
          'a synchronous loop that never ends (while (true) without an await?) or a thread that waits forever.',
        elapsed(),
      );
    }
    if (!fs.existsSync(resultsFile)) return failedExercise(exercise, explainEarlyExit(code, signal, output), elapsed());
    const out = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as ReporterOutput;
    if (out.unscored.length > 0) {
      return failedExercise(exercise, `Grader defect: tests without points: ${out.unscored.join('; ')}. Declare every test with check().`, elapsed());
    }
    if (out.error !== null) {
      return failedExercise(exercise, `Could not load your code: ${out.error}`, elapsed(), toChecks(out));
    }
    if (out.checks.length === 0) return failedExercise(exercise, 'The grader ran no checks.', elapsed());
    return gradedExercise(exercise, toChecks(out), elapsed());
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
