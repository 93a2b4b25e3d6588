// Mutants are patches against the solution: built fresh for every grade run,
// edited as ordinary files, and caught only if they fail every check they name.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newMutant, saveEdit, startEdit, workDir } from '../../tools/edit-mutant';
import { KitError } from '../../tools/errors';
import { repoRoot } from '../../tools/kit';
import type { Exercise } from '../../tools/manifest';
import { judgeMutant } from '../../tools/mutant-verdict';
import { findMutant, mutantCoverage, withMutant, type Mutant } from '../../tools/mutants';
import { failedExercise, gradedExercise } from '../../tools/results';

describe('judging a graded mutant', () => {
  const mutant: Mutant = { name: 'm', dir: '/nowhere', description: 'd', mustFail: ['overlaps'] };
  const header = { id: '02', slug: '02-x', title: 'X', points: 3 };
  const checks = (overlapsPassed: boolean) => [
    { name: 'overlaps', points: 2, score: overlapsPassed ? 2 : 0, passed: overlapsPassed, message: '' },
    { name: 'orders', points: 1, score: 1, passed: true, message: '' },
  ];

  test('caught: it fails the named check', () => {
    expect(judgeMutant(mutant, gradedExercise(header, checks(false), 0))).toEqual({ ok: true, detail: 'fails the 1 check(s) it names' });
  });

  test('not caught: it passes a check it must fail', () => {
    const verdict = judgeMutant(mutant, gradedExercise(header, checks(true), 0));
    expect(verdict.ok).toBe(false);
    expect(verdict.detail).toMatch(/passed "overlaps", which it must fail/);
    expect(verdict.detail).toMatch(/scored full marks \(3\/3\)/);
  });

  test('a name the grader does not have is a defect of the mutant, not a catch', () => {
    const verdict = judgeMutant({ ...mutant, mustFail: ['overlap'] }, gradedExercise(header, checks(false), 0));
    expect(verdict).toEqual({ ok: false, detail: 'mutant.json names "overlap", but the grader has no such check' });
  });

  test('a mutant that cannot even load proves nothing', () => {
    const verdict = judgeMutant(mutant, failedExercise(header, 'SyntaxError', 0));
    expect(verdict.ok).toBe(false);
    expect(verdict.detail).toMatch(/could not be graded/);
  });
});

describe('mutants as patches', () => {
  const exercise: Exercise = { id: '02', slug: '02-x', title: 'X', points: 3, files: ['index.ts'], timeoutSeconds: 60, exclusive: false };
  const SOLUTION = ['export async function total(xs: number[]): Promise<number> {', '  let sum = 0;', '  for (const x of xs) sum += x;', '  return sum;', '}', ''].join('\n');
  let scratch: string;
  let places: { mutantsRoot: string; solutionsDir: string };
  const solutionFile = () => path.join(places.solutionsDir, exercise.slug, 'index.ts');

  /** A mutant written the way a maintainer does: --new, edit the file, --save. */
  function writeMutant(name: string): Mutant {
    const mutant = newMutant(exercise, name, places);
    const { dir } = startEdit(exercise, mutant, places);
    const file = path.join(dir, 'index.ts');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('sum += x;', 'sum += x + 1; // MUTANT: counts one too many per item'));
    expect(saveEdit(exercise, mutant, places).commented).toBe(true);
    return findMutant(exercise, name, places.mutantsRoot);
  }

  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-mutants-test-'));
    places = { mutantsRoot: path.join(scratch, 'mutants'), solutionsDir: path.join(scratch, 'solutions') };
    fs.mkdirSync(path.dirname(solutionFile()), { recursive: true });
    fs.writeFileSync(solutionFile(), SOLUTION);
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test('a mutant folder holds mutant.json and a unified diff against the solution', () => {
    const mutant = writeMutant('off-by-one');
    expect(fs.readdirSync(mutant.dir).sort()).toEqual(['mutant.json', 'mutant.patch']);
    const patch = fs.readFileSync(path.join(mutant.dir, 'mutant.patch'), 'utf8');
    expect(patch).toMatch(/^diff --git a\/index\.ts b\/index\.ts$/m);
    expect(patch).toMatch(/^- {2}for \(const x of xs\) sum \+= x;$/m);
    expect(patch).toMatch(/^\+ {2}for \(const x of xs\) sum \+= x \+ 1; \/\/ MUTANT: counts one too many per item$/m);
  });

  test('building applies the patch to a fresh copy of the solution, and removes the copy afterwards', async () => {
    const mutant = writeMutant('off-by-one');
    let root = '';
    const built = await withMutant(exercise, mutant, ({ root: r, exerciseDir }) => {
      root = r;
      expect(exerciseDir).toBe(path.join(r, exercise.slug));
      return fs.readFileSync(path.join(exerciseDir, 'index.ts'), 'utf8');
    }, places.solutionsDir);
    expect(built).toBe(SOLUTION.replace('sum += x;', 'sum += x + 1; // MUTANT: counts one too many per item'));
    expect(fs.existsSync(root)).toBe(false);
    expect(fs.readFileSync(solutionFile(), 'utf8')).toBe(SOLUTION);
  });

  test('the temporary folder is removed when grading throws too', async () => {
    const mutant = writeMutant('off-by-one');
    let root = '';
    await expect(
      withMutant(exercise, mutant, ({ root: r }) => {
        root = r;
        throw new Error('grading blew up');
      }, places.solutionsDir),
    ).rejects.toThrow('grading blew up');
    expect(root).not.toBe('');
    expect(fs.existsSync(root)).toBe(false);
  });

  test('a patch that no longer applies names the mutant and how to refresh it', async () => {
    const mutant = writeMutant('off-by-one');
    fs.writeFileSync(solutionFile(), SOLUTION.replace('for (const x of xs) sum += x;', 'for (const item of xs) sum += item;'));
    const error = await withMutant(exercise, mutant, () => 'built', places.solutionsDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KitError);
    expect((error as Error).message).toMatch(/^mutant "off-by-one" of 02-x: .*mutant\.patch no longer applies to solutions\/02-x\//);
    expect((error as Error).message).toContain('npm run mutant -- 02 off-by-one --edit');
  });

  test("the built mutant's exports are compared with the starter's", async () => {
    const starter = path.join(scratch, 'starter');
    fs.mkdirSync(starter);
    fs.writeFileSync(path.join(starter, 'index.ts'), 'export async function total(xs: number[]): Promise<number> {\n  throw new Error("TODO");\n}\n');
    const graded = gradedExercise({ id: '02', slug: '02-x', title: 'X', points: 1 }, [{ name: 'sums', points: 1, score: 0, passed: false, message: '' }], 0);
    const same = { ...writeMutant('off-by-one'), mustFail: ['sums'] };
    const verdict = await withMutant(exercise, same, (b) => judgeMutant(same, graded, starter, b.exerciseDir), places.solutionsDir);
    expect(verdict).toEqual({ ok: true, detail: 'fails the 1 check(s) it names' });

    const renamed = { ...newMutant(exercise, 'renames-export', places), mustFail: ['sums'] };
    const { dir } = startEdit(exercise, renamed, places);
    fs.writeFileSync(path.join(dir, 'index.ts'), SOLUTION.replace('function total', 'function sum // MUTANT: renamed\n'));
    saveEdit(exercise, renamed, places);
    const bad = await withMutant(exercise, renamed, (b) => judgeMutant(renamed, graded, starter, b.exerciseDir), places.solutionsDir);
    expect(bad).toEqual({ ok: false, detail: "index.ts exports differ from the starter's" });
  });

  test('--edit then --save reproduces the patch byte for byte', () => {
    const mutant = writeMutant('off-by-one');
    const patch = fs.readFileSync(path.join(mutant.dir, 'mutant.patch'), 'utf8');
    // The saved work folder is rebuilt from the solution and the patch, and saving it again changes nothing.
    const { dir, rejected } = startEdit(exercise, mutant, places);
    expect(rejected).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'index.ts'), 'utf8')).toContain('// MUTANT: counts one too many per item');
    saveEdit(exercise, mutant, places);
    expect(fs.readFileSync(path.join(mutant.dir, 'mutant.patch'), 'utf8')).toBe(patch);
  });

  test('--edit never throws away unsaved edits', () => {
    const mutant = writeMutant('off-by-one');
    const { dir } = startEdit(exercise, mutant, places);
    fs.appendFileSync(path.join(dir, 'index.ts'), '// more\n');
    expect(() => startEdit(exercise, mutant, places)).toThrow(/holds edits not saved to mutant\.patch/);
    expect(fs.readFileSync(path.join(dir, 'index.ts'), 'utf8')).toMatch(/\/\/ more\n$/);
  });

  test('--save refuses an unchanged solution, and a mutant that is not being edited', () => {
    const mutant = newMutant(exercise, 'nothing-yet', places);
    expect(() => saveEdit(exercise, mutant, places)).toThrow(/is not being edited .*--edit first/);
    startEdit(exercise, mutant, places);
    expect(() => saveEdit(exercise, mutant, places)).toThrow(/refusing to write an empty mutant\.patch/);
    expect(fs.existsSync(path.join(mutant.dir, 'mutant.patch'))).toBe(false);
  });

  test('a stale patch opens for editing with the hunks that failed left as .rej files, and --save waits for them', () => {
    const mutant = writeMutant('off-by-one');
    fs.rmSync(workDir(exercise, mutant.name, places.mutantsRoot), { recursive: true });
    fs.writeFileSync(solutionFile(), SOLUTION.replace('for (const x of xs) sum += x;', 'for (const item of xs) sum += item;'));
    const { rejected } = startEdit(exercise, mutant, places);
    expect(rejected).toEqual(['index.ts.rej']);
    expect(() => saveEdit(exercise, mutant, places)).toThrow(/still holds index\.ts\.rej/);
  });

  test('a folder in the old form (source files) or without a patch is a clear error', async () => {
    const stale = writeMutant('old-form');
    fs.writeFileSync(path.join(stale.dir, 'index.ts'), SOLUTION);
    await expect(withMutant(exercise, stale, () => 'built', places.solutionsDir)).rejects.toThrow(
      /mutant "old-form" of 02-x: .* holds index\.ts; a mutant folder holds only mutant\.json and mutant\.patch/,
    );
    const bare = newMutant(exercise, 'no-patch', places);
    await expect(withMutant(exercise, bare, () => 'built', places.solutionsDir)).rejects.toThrow(/mutant "no-patch" of 02-x: .* has no mutant\.patch/);
  });

  test('names: a new mutant needs a kebab-case name not taken yet; an unknown one lists those there are', () => {
    expect(() => newMutant(exercise, 'Bad Name', places)).toThrow(/lowercase words joined by hyphens/);
    writeMutant('off-by-one');
    expect(() => newMutant(exercise, 'off-by-one', places)).toThrow(/already exists/);
    expect(() => findMutant(exercise, 'nope', places.mutantsRoot)).toThrow(/02-x has no mutant "nope" .* Its mutants: off-by-one\./);
  });
});

describe('npm run mutant: bad input is one clear line, no stack', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', 'tools/edit-mutant.ts', ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
    });

  test.each([
    [['99'], /^error: No exercise "99"\./],
    [[], /^error: arguments: name an exercise/],
    [['02', '--edit'], /^error: --edit: name the mutant/],
    [['02', 'sequential-awaits'], /^error: sequential-awaits: say what to do with it/],
    [['02', 'no-such-mutant', '--edit'], /^error: 02-async-dashboard has no mutant "no-such-mutant"/],
    [['02', 'x', '--edit', '--save'], /^error: --edit --save: choose one/],
    [['02', '--frobnicate'], /^error: arguments: Unknown option '--frobnicate'/],
  ])('%j', (args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('mutant coverage: every check must be named by a mutant', () => {
  const m = (name: string, mustFail: string[]) => ({ name, dir: `/x/${name}`, description: name, mustFail });

  test('a check no mutant names is reported, with the command that adds one', () => {
    const problems = mutantCoverage([m('a', ['one'])], ['one', 'two']);
    expect(problems).toEqual([expect.stringContaining('no mutant names the check "two"')]);
    expect(problems[0]).toContain('npm run mutant');
  });

  test('a mutant naming a check the grader does not have is reported', () => {
    expect(mutantCoverage([m('a', ['one', 'on'])], ['one'])).toEqual([expect.stringContaining('mutant "a" names "on"')]);
  });

  test('full coverage: nothing to report', () => {
    expect(mutantCoverage([m('a', ['one']), m('b', ['two', 'one'])], ['one', 'two'])).toEqual([]);
  });
});
