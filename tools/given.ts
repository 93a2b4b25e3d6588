// Given files: handed to the learner complete ("GIVEN: you do not need to
// change this file"), and relied on by the grade. 11's pool-worker.js does the
// work its pool model is timed on, so a submission that hollowed it would
// "win" the benchmark. A changed copy is not refused (the learner may have
// had a reason) but flagged, so the teacher looks; the grade is unchanged.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './kit';
import type { Exercise } from './manifest';

/** Line endings and a trailing newline do not count as a change (editors and git on Windows). */
const normalise = (text: string) => text.replace(/\r\n?/g, '\n').replace(/\n*$/, '\n');

/**
 * The given files of `exercise` whose copy in `dir` differs from the kit's
 * (starters/<slug>/, the teacher's pristine copy). A missing file counts as
 * changed.
 */
export function changedGivenFiles(dir: string, exercise: Pick<Exercise, 'slug' | 'given'>, kitRoot = repoRoot): string[] {
  const kitDir = path.join(kitRoot, 'starters', exercise.slug);
  if (path.resolve(dir) === path.resolve(kitDir)) return [];
  return (exercise.given ?? []).filter((file) => {
    const read = (d: string) => {
      try {
        return normalise(fs.readFileSync(path.join(d, file), 'utf8'));
      } catch {
        return undefined;
      }
    };
    const kit = read(kitDir);
    return kit !== undefined && read(dir) !== kit;
  });
}

/** The flags for a report, one per changed file. */
export function givenFlags(dir: string, exercise: Pick<Exercise, 'slug' | 'given'>, kitRoot = repoRoot): string[] {
  return changedGivenFiles(dir, exercise, kitRoot).map(
    (file) => `${file}: a given file was changed (the lesson hands it out complete and the grade relies on it); compare it with the kit's starters/${exercise.slug}/${file}`,
  );
}
