// Mutants: plausible wrong implementations, each kept as a patch against the
// reference solution. tests/mutants/<slug>/<name>/ holds exactly
//   mutant.json   { "description": "...", "mustFail": ["exact check name", ...] }
//   mutant.patch  a unified git diff against solutions/<slug>/ (a/index.ts, b/index.ts)
// A mutant is built by copying the solution folder somewhere fresh and running
// `git apply` there, so a fix to a solution always reaches its mutants, and a
// patch that no longer applies says so instead of grading a stale copy.
// (Whether a graded mutant is caught: mutant-verdict.ts. Editing one: edit-mutant.ts.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errors, KitError } from './errors';
import { paths, repoRoot } from './kit';
import type { Exercise } from './manifest';

export interface Mutant {
  name: string;
  /** tests/mutants/<slug>/<name>/: its mutant.json and mutant.patch. */
  dir: string;
  description: string;
  mustFail: string[];
}

export const PATCH_FILE = 'mutant.patch';
export const SPEC_FILE = 'mutant.json';
export const solutionDir = (exercise: Exercise, solutionsDir = path.join(repoRoot, 'solutions')) => path.join(solutionsDir, exercise.slug);
const rel = (file: string) => path.relative(repoRoot, file) || '.';

export function loadMutants(exercise: Exercise, root = paths.mutants): Mutant[] {
  const base = path.join(root, exercise.slug);
  if (!fs.existsSync(base)) return [];
  return fs
    .readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = path.join(base, d.name);
      const specFile = path.join(dir, SPEC_FILE);
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

/**
 * What the mutants of an exercise fail to prove about its checks: a check no
 * mutant names (nothing shows it can fail), and a name in a mutant.json that
 * is no check (a typo, or a check renamed since).
 */
export function mutantCoverage(mutants: Mutant[], checkNames: string[]): string[] {
  const named = new Set(mutants.flatMap((m) => m.mustFail));
  const known = new Set(checkNames);
  return [
    ...checkNames.filter((c) => !named.has(c)).map((c) => `no mutant names the check "${c}": add one that fails it (npm run mutant -- <id> <name> --new)`),
    ...mutants.flatMap((m) => m.mustFail.filter((c) => !known.has(c)).map((c) => `mutant "${m.name}" names "${c}", which is no check of this grader`)),
  ];
}

/** The one mutant of an exercise with this name, or a KitError listing the names there are. */
export function findMutant(exercise: Exercise, name: string, root = paths.mutants): Mutant {
  const all = loadMutants(exercise, root);
  const found = all.find((m) => m.name === name);
  if (!found) {
    const known = all.map((m) => m.name).join(', ') || 'none yet';
    throw new KitError(`${exercise.slug} has no mutant "${name}" (in ${rel(path.join(root, exercise.slug))}/). Its mutants: ${known}.`);
  }
  return found;
}

const refreshHint = (exercise: Exercise, mutant: Mutant) =>
  `Refresh it: npm run mutant -- ${exercise.id} ${mutant.name} --edit, fix the files it prints, then npm run mutant -- ${exercise.id} ${mutant.name} --save.`;

/** The patch of a mutant in the current form, or a KitError saying what the folder holds instead. */
export function mutantPatch(exercise: Exercise, mutant: Mutant): string {
  const leftovers = fs.readdirSync(mutant.dir).filter((f) => f !== SPEC_FILE && f !== PATCH_FILE);
  if (leftovers.length > 0) {
    throw new KitError(
      `mutant "${mutant.name}" of ${exercise.slug}: ${rel(mutant.dir)}/ holds ${leftovers.join(', ')}; a mutant folder holds only ${SPEC_FILE} and ${PATCH_FILE} ` +
        `(a diff against solutions/${exercise.slug}/). Move the mutation into a patch (npm run mutant -- ${exercise.id} ${mutant.name} --edit), then delete those files.`,
    );
  }
  const file = path.join(mutant.dir, PATCH_FILE);
  if (!fs.existsSync(file)) {
    throw new KitError(
      `mutant "${mutant.name}" of ${exercise.slug}: ${rel(mutant.dir)}/ has no ${PATCH_FILE}. Write one: npm run mutant -- ${exercise.id} ${mutant.name} --edit, change the solution's files, then --save.`,
    );
  }
  return file;
}

/** `git <args>` in a folder, never in a repository above it (the kit's own). */
export function git(cwd: string, args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('git', ['-c', 'core.autocrlf=false', ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(cwd), GIT_DIR: undefined, GIT_WORK_TREE: undefined, GIT_INDEX_FILE: undefined },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new KitError(`cannot run git (${r.error.message}); mutants are patches applied with git, so git must be installed.`);
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Apply a mutant's patch inside dir (a copy of the solution); a patch that does not apply is a KitError naming the mutant. */
export function applyMutant(exercise: Exercise, mutant: Mutant, dir: string, extra: string[] = []): { code: number; stderr: string } {
  const r = git(dir, ['apply', '--whitespace=nowarn', ...extra, mutantPatch(exercise, mutant)]);
  return { code: r.code, stderr: r.stderr.trim() };
}

export function staleError(exercise: Exercise, mutant: Mutant, gitOutput: string): KitError {
  const why = gitOutput.split('\n').filter(Boolean).slice(0, 3).join('; ');
  return new KitError(
    `mutant "${mutant.name}" of ${exercise.slug}: ${rel(path.join(mutant.dir, PATCH_FILE))} no longer applies to solutions/${exercise.slug}/ (git apply: ${why}). ${refreshHint(exercise, mutant)}`,
  );
}

const liveFolders = new Set<string>();
process.on('exit', () => {
  for (const dir of liveFolders) fs.rmSync(dir, { recursive: true, force: true });
});

export interface BuiltMutant {
  /** A fresh folder holding <slug>/: grade it as a target. */
  root: string;
  /** root/<slug>/: the solution with the mutant's patch applied. */
  exerciseDir: string;
}

/** Build a mutant in a fresh temporary folder, hand it to `use`, and always remove the folder afterwards. */
export async function withMutant<T>(
  exercise: Exercise,
  mutant: Mutant,
  use: (built: BuiltMutant) => Promise<T> | T,
  solutionsDir?: string,
): Promise<T> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `kit-mutant-${mutant.name}-`));
  liveFolders.add(root);
  try {
    const exerciseDir = path.join(root, exercise.slug);
    fs.cpSync(solutionDir(exercise, solutionsDir), exerciseDir, { recursive: true });
    const applied = applyMutant(exercise, mutant, exerciseDir);
    if (applied.code !== 0) throw staleError(exercise, mutant, applied.stderr);
    return await use({ root, exerciseDir });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    liveFolders.delete(root);
  }
}
