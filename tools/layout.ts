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
  // The exercise tables in the READMEs are written by hand: keep them in step with exercises.json.
  for (const readme of ['README.md', path.join('classroom', 'README.md')]) {
    const text = fs.existsSync(path.join(root, readme)) ? fs.readFileSync(path.join(root, readme), 'utf8') : '';
    if (!text.includes(`(starters/${exercise.slug}/README.md)`)) problems.push(`${readme} does not list the exercise (a row linking starters/${exercise.slug}/README.md)`);
  }
  for (const file of exercise.files) {
    const a = path.join(starter, file);
    const b = path.join(solution, file);
    if (!fs.existsSync(a) || !fs.existsSync(b)) {
      problems.push(`${file} must exist in both starters/${exercise.slug}/ and solutions/${exercise.slug}/`);
      continue;
    }
    const mine = exportedNames(a).join(', ');
    const theirs = exportedNames(b).join(', ');
    if (mine !== theirs) problems.push(`${file}: the starter exports [${mine}] but the solution exports [${theirs}]`);
  }
  return problems;
}
