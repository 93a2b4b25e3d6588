// target + exercises → one GradeRun: one jest process per exercise, scheduled
// so that real-time exercises run alone.
import { graderFile } from './kit';
import type { Exercise } from './manifest';
import { gradeRun, type ExerciseResult, type GradeRun } from './results';
import { runExercise } from './run-exercise';
import { runScheduled } from './schedule';
import { exerciseDir, type Target } from './target';

export interface GradeOptions {
  /** Where each exercise's learner files are; defaults to the target's NN-slug/ folder. */
  dirFor?: (exercise: Exercise) => string;
  gradersDir?: string;
  env?: Record<string, string>;
  concurrency?: number;
  onExercise?: (result: ExerciseResult) => void;
}

export async function gradeTarget(target: Target, exercises: Exercise[], options: GradeOptions = {}): Promise<GradeRun> {
  const jobs = exercises.map((exercise) => ({
    exclusive: exercise.exclusive,
    run: async () => {
      const result = await runExercise({
        exercise,
        exerciseDir: options.dirFor ? options.dirFor(exercise) : exerciseDir(target, exercise),
        graderFile: graderFile(exercise.slug, options.gradersDir),
        env: options.env,
      });
      options.onExercise?.(result);
      return result;
    },
  }));
  return gradeRun(target.name, await runScheduled(jobs, options.concurrency));
}
