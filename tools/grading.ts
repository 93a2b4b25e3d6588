// target + exercises → one GradeRun: one jest process per exercise, scheduled
// so that real-time exercises run alone. Every exercise folder is scanned for
// forgery before any learner code runs (so no run can hide its traces), its
// given files are compared with the kit's (given.ts), and the hits travel as
// that exercise's flags.
import path from 'node:path';
import type { Containment } from './containment';
import { graderFile, repoRoot } from './kit';
import { loadManifest, type Exercise } from './manifest';
import { gradeRun, withFlags, type ExerciseResult, type GradeRun } from './results';
import { givenFlags } from './given';
import { runExercise, Standby, type GradeJob } from './run-exercise';
import { forgeryFlags } from './scan';
import { runScheduled } from './schedule';
import { exerciseDir, type Target } from './target';

export interface GradeOptions {
  /** Where each exercise's learner files are; defaults to the target's NN-slug/ folder. */
  dirFor?: (exercise: Exercise) => string;
  gradersDir?: string;
  env?: Record<string, string>;
  concurrency?: number;
  onExercise?: (result: ExerciseResult) => void;
  /** Abort to stop every grade in flight (watch mode). */
  signal?: AbortSignal;
  /** Where and how the jest processes run (tools/containment.ts); default: this kit, no sandbox. */
  containment?: Containment;
  /** A process started ahead for one of the exercises (standbyFor); used if it fits, else dropped. */
  standby?: Standby;
}

/** The runner's job for one exercise of the target (without the signal). */
function jobFor(target: Target, exercise: Exercise, options: GradeOptions): GradeJob {
  return {
    exercise,
    exerciseDir: options.dirFor ? options.dirFor(exercise) : exerciseDir(target, exercise),
    // Graders are read from the kit the process runs from (a template copy when contained).
    graderFile: graderFile(exercise.slug, path.join(options.containment?.kitRoot ?? repoRoot, path.relative(repoRoot, options.gradersDir ?? path.join(repoRoot, 'graders')))),
    env: options.env,
    kitRoot: options.containment?.kitRoot,
    sandbox: options.containment?.mechanism,
  };
}

/** Start the jest process of a later gradeTarget(target, [exercise], options) now (watch mode). */
export function standbyFor(target: Target, exercise: Exercise, options: GradeOptions = {}): Standby {
  return new Standby(jobFor(target, exercise, options));
}

export async function gradeTarget(target: Target, exercises: Exercise[], options: GradeOptions = {}): Promise<GradeRun> {
  const dirOf = (exercise: Exercise) => jobFor(target, exercise, options).exerciseDir;
  const siblings = loadManifest().map((e) => e.slug);
  const scan = (e: Exercise): string[] => {
    try {
      return [...forgeryFlags(dirOf(e), e, siblings), ...givenFlags(dirOf(e), e)];
    } catch (error) {
      // An unreadable submission is that exercise's problem; the runner reports it.
      return [`the forgery scan could not read this folder (${(error as Error).message})`];
    }
  };
  const flags = new Map(exercises.map((e) => [e.id, scan(e)]));
  const jobs = exercises.map((exercise) => ({
    exclusive: exercise.exclusive,
    run: async () => {
      // The standby fits one exercise's job; runExercise takes it there, or drops it (a no-op once taken).
      const graded = await runExercise({ ...jobFor(target, exercise, options), signal: options.signal }, options.standby);
      const result = withFlags(graded, flags.get(exercise.id) ?? []);
      options.onExercise?.(result);
      return result;
    },
  }));
  return gradeRun(target.name, await runScheduled(jobs, options.concurrency));
}
