// Whether a graded mutant is caught: it must lose points, fail every check its
// mutant.json names, and offer the learner the same API as the starter.
import fs from 'node:fs';
import path from 'node:path';
import { exportedNames } from './exports';
import type { Mutant } from './mutants';
import type { ExerciseResult } from './results';

/**
 * A mutant is caught when it loses points and fails every check it names.
 * With starterDir, its built files (builtDir) must also export what the starter's do.
 */
export function judgeMutant(mutant: Mutant, result: ExerciseResult, starterDir?: string, builtDir = mutant.dir): { ok: boolean; detail: string } {
  const problems: string[] = [];
  if (starterDir) {
    for (const file of fs.readdirSync(starterDir).filter((f) => f.endsWith('.ts'))) {
      const mine = path.join(builtDir, file);
      if (!fs.existsSync(mine)) problems.push(`missing ${file} (a mutant has the starter's files)`);
      else if (exportedNames(mine).join() !== exportedNames(path.join(starterDir, file)).join()) problems.push(`${file} exports differ from the starter's`);
    }
  }
  if (result.error) problems.push(`could not be graded (a mutant must load and run): ${result.error}`);
  for (const name of mutant.mustFail) {
    const check = result.checks.find((c) => c.name === name);
    if (!check) problems.push(`mutant.json names "${name}", but the grader has no such check`);
    else if (check.passed) problems.push(`passed "${name}", which it must fail`);
  }
  if (!result.error && result.score >= result.maxScore) problems.push(`scored full marks (${result.score}/${result.maxScore})`);
  return problems.length === 0
    ? { ok: true, detail: `fails the ${mutant.mustFail.length} check(s) it names` }
    : { ok: false, detail: problems.join('\n') };
}
