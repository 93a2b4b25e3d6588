// target + exercises → one GradeRun: one jest process per exercise, scheduled
// so that real-time exercises run alone.
import path from 'node:path';
import type { Containment } from './containment';
import { graderFile, repoRoot } from './kit';
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
  /** Where and how the jest processes run (tools/containment.ts); default: this kit, no sandbox. */
  containment?: Containment;
}

export async function gradeTarget(target: Target, exercises: Exercise[], options: GradeOptions = {}): Promise<GradeRun> {
  const jobs = exercises.map((exercise) => ({
    exclusive: exercise.exclusive,
    run: async () => {
      const result = await runExercise({
        exercise,
        exerciseDir: options.dirFor ? options.dirFor(exercise) : exerciseDir(target, exercise),
        // Graders are read from the kit the process runs from (a template copy when contained).
        graderFile: graderFile(exercise.slug, path.join(options.containment?.kitRoot ?? repoRoot, path.relative(repoRoot, options.gradersDir ?? path.join(repoRoot, 'graders')))),
        env: options.env,
        kitRoot: options.containment?.kitRoot,
        sandbox: options.containment?.mechanism,
      });
      options.onExercise?.(result);
      return result;
    },
  }));
  return gradeRun(target.name, await runScheduled(jobs, options.concurrency));
}
