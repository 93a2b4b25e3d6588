// target + exercises → one GradeRun: one jest process per exercise, scheduled
// so that real-time exercises run alone. Every exercise folder is scanned for
// forgery before any learner code runs (so no run can hide its traces) and the
// hits travel as that exercise's flags.
import { graderFile } from './kit';
import { loadManifest, type Exercise } from './manifest';
import { gradeRun, withFlags, type ExerciseResult, type GradeRun } from './results';
import { runExercise } from './run-exercise';
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
}

export async function gradeTarget(target: Target, exercises: Exercise[], options: GradeOptions = {}): Promise<GradeRun> {
  const dirOf = (exercise: Exercise) => (options.dirFor ? options.dirFor(exercise) : exerciseDir(target, exercise));
  const siblings = loadManifest().map((e) => e.slug);
  const flags = new Map(exercises.map((e) => [e.id, forgeryFlags(dirOf(e), e, siblings)]));
  const jobs = exercises.map((exercise) => ({
    exclusive: exercise.exclusive,
    run: async () => {
      const graded = await runExercise({
        exercise,
        exerciseDir: dirOf(exercise),
        graderFile: graderFile(exercise.slug, options.gradersDir),
        env: options.env,
        signal: options.signal,
      });
      const result = withFlags(graded, flags.get(exercise.id) ?? []);
      options.onExercise?.(result);
      return result;
    },
  }));
  return gradeRun(target.name, await runScheduled(jobs, options.concurrency));
}
