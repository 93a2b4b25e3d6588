// KIT_TARGET names the code being graded: `starters` (default), `solutions`,
// or any folder holding NN-slug/ exercise folders, absolute or relative to the
// kit. Graders never name a path; the runner hands each one its exercise folder.
import fs from 'node:fs';
import path from 'node:path';
import { errors } from './errors';
import { repoRoot } from './kit';
import type { Exercise } from './manifest';

export interface Target {
  /** What the user asked for, for reports. */
  name: string;
  /** Absolute folder holding the NN-slug/ folders. */
  dir: string;
}

export function resolveTarget(value: string | undefined, exercises: Exercise[], root = repoRoot): Target {
  const name = value?.trim() || 'starters';
  const dir = path.resolve(root, name);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw errors.targetMissing(name, dir);
  if (exercises.length > 0 && !exercises.some((e) => fs.existsSync(path.join(dir, e.slug)))) {
    throw errors.targetEmpty(dir, exercises[0].slug);
  }
  return { name, dir };
}

export const exerciseDir = (target: Target, exercise: Exercise) => path.join(target.dir, exercise.slug);
