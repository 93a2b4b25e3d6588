// Mutants: plausible wrong implementations in tests/mutants/<slug>/<name>/,
// each with the starter's files and a mutant.json naming the checks it must fail.
import fs from 'node:fs';
import path from 'node:path';
import { errors } from './errors';
import { exportedNames } from './exports';
import { paths } from './kit';
import type { Exercise } from './manifest';
import type { ExerciseResult } from './results';

export interface Mutant {
  name: string;
  dir: string;
  description: string;
  mustFail: string[];
}

export function loadMutants(exercise: Exercise, root = paths.mutants): Mutant[] {
  const base = path.join(root, exercise.slug);
  if (!fs.existsSync(base)) return [];
  return fs
    .readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = path.join(base, d.name);
      const specFile = path.join(dir, 'mutant.json');
      let spec: { description?: unknown; mustFail?: unknown };
      try {
        spec = JSON.parse(fs.readFileSync(specFile, 'utf8'));
      } catch (error) {
        throw errors.manifestInvalid(specFile, `cannot be read (${(error as Error).message})`);
      }
      if (typeof spec.description !== 'string' || !Array.isArray(spec.mustFail) || spec.mustFail.length === 0) {
        throw errors.manifestInvalid(specFile, 'expected { "description": string, "mustFail": [check names, at least one] }');
      }
      return { name: d.name, dir, description: spec.description, mustFail: spec.mustFail.map(String) };
    });
}

/** A mutant is caught when it loses points and fails every check it names. */
export function judgeMutant(mutant: Mutant, result: ExerciseResult, starterDir?: string): { ok: boolean; detail: string } {
  const problems: string[] = [];
  if (starterDir) {
    for (const file of fs.readdirSync(starterDir).filter((f) => f.endsWith('.ts'))) {
      const mine = path.join(mutant.dir, file);
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
