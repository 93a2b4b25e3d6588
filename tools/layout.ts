// Does an exercise have everything a learner and the grader need, with the
// same files and the same exports in starters/ and solutions/?
import fs from 'node:fs';
import path from 'node:path';
import { exportedNames } from './exports';
import { graderFile, repoRoot } from './kit';
import type { Exercise } from './manifest';

export function checkLayout(exercise: Exercise, root = repoRoot): string[] {
  const problems: string[] = [];
  const starter = path.join(root, 'starters', exercise.slug);
  const solution = path.join(root, 'solutions', exercise.slug);
  for (const dir of [starter, solution]) if (!fs.existsSync(dir)) problems.push(`missing folder ${path.relative(root, dir)}/`);
  if (!fs.existsSync(path.join(starter, 'README.md'))) problems.push(`missing starters/${exercise.slug}/README.md (the lesson)`);
  if (!fs.existsSync(graderFile(exercise.slug, path.join(root, 'graders')))) problems.push(`missing graders/${exercise.slug}.grader.ts`);
  // The exercise tables in the READMEs are generated (npm run sync); verify checks them once for all (sync.ts staleTables).
  for (const file of exercise.files) {
    const a = path.join(starter, file);
    const b = path.join(solution, file);
    if (!fs.existsSync(a) || !fs.existsSync(b)) {
      problems.push(`${file} must exist in both starters/${exercise.slug}/ and solutions/${exercise.slug}/`);
      continue;
    }
    if (exercise.given?.includes(file) && fs.readFileSync(a, 'utf8') !== fs.readFileSync(b, 'utf8')) {
      problems.push(`${file} is given (exercises.json): starters/${exercise.slug}/${file} and solutions/${exercise.slug}/${file} must be identical`);
    }
    const mine = exportedNames(a).join(', ');
    const theirs = exportedNames(b).join(', ');
    if (mine !== theirs) problems.push(`${file}: the starter exports [${mine}] but the solution exports [${theirs}]`);
  }
  return problems;
}
