// npm run new -- NN-slug "Title": a complete exercise that passes the layout
// and rules checks as generated, or one clear line saying why not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { declaredChecks } from '../../tools/catalog';
import { KitError } from '../../tools/errors';
import { hintsOf } from '../../tools/hint';
import { graderFile, repoRoot } from '../../tools/kit';
import { checkLayout } from '../../tools/layout';
import { loadManifest, type Exercise } from '../../tools/manifest';
import { loadMutants, withMutant } from '../../tools/mutants';
import { rulesMap } from '../../tools/rules';
import { functionName, scaffold } from '../../tools/scaffold';
import { staleTables, syncTables, TABLE_FILES } from '../../tools/sync';

const made: string[] = [];
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A scratch kit root: the manifest, the READMEs with tables, and 02's folders (to collide with). */
function scratch(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-new-'));
  made.push(root);
  for (const file of ['exercises.json', ...TABLE_FILES]) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, file), path.join(root, file));
  }
  // The examples scaffold ids 07, 10 and 11 and expect 09 to be the last: keep only 01–06 and 09 in the
  // copy (the kit's own later exercises leave it), tables to match.
  const manifest = path.join(root, 'exercises.json');
  let text = fs.readFileSync(manifest, 'utf8');
  const from = text.indexOf('    {\n      "id": "07"');
  if (from >= 0) text = text.slice(0, from) + text.slice(text.indexOf('    {\n      "id": "09"'));
  const after09 = text.indexOf(',\n    {\n      "id": "1');
  if (after09 >= 0) text = text.slice(0, after09) + text.slice(text.indexOf('\n  ]', after09));
  fs.writeFileSync(manifest, text);
  syncTables(root);
  return root;
}
const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8');

describe('a new exercise', () => {
  const slug = '07-rate-limiter';
  let root: string;
  let manifestBefore: string;
  let written: string[];
  let exercise: Exercise;
  beforeAll(() => {
    root = scratch();
    manifestBefore = read(root, 'exercises.json');
    written = scaffold(root, slug, 'Rate limiting: a token bucket');
    exercise = loadManifest(path.join(root, 'exercises.json')).find((e) => e.id === '07')!;
  });

  test('writes every file the kit needs, then the tables', () => {
    expect(written).toEqual([
      `starters/${slug}/index.ts`,
      `starters/${slug}/README.md`,
      `solutions/${slug}/index.ts`,
      `graders/${slug}.grader.ts`,
      `tests/mutants/${slug}/reversed/mutant.json`,
      `tests/mutants/${slug}/reversed/mutant.patch`,
      'exercises.json',
      ...TABLE_FILES,
    ]);
  });

  test('adds the manifest entry with the defaults, in id order, leaving every other line as it was', () => {
    expect(exercise).toMatchObject({
      id: '07',
      slug,
      title: 'Rate limiting: a token bucket',
      gradedWith: 'fake clock, fast-check',
      points: 1,
      files: ['index.ts'],
      timeoutSeconds: 60,
      exclusive: false,
    });
    expect(loadManifest(path.join(root, 'exercises.json')).map((e) => e.id)).toEqual(['01', '02', '03', '04', '05', '06', '07', '09']);
    const after = read(root, 'exercises.json');
    const block = after.slice(after.indexOf('    {\n      "id": "07"'), after.indexOf('    {\n      "id": "09"'));
    expect(block.split('\n')).toHaveLength(11); // "{", 8 fields, "},", and the next line's start
    expect(after.replace(block, '')).toBe(manifestBefore);
  });

  test('passes the layout check, the rules map and the table check as generated', () => {
    expect(checkLayout(exercise, root)).toEqual([]);
    expect(rulesMap(exercise, root).problems).toEqual([]);
    expect(staleTables(root)).toEqual([]);
    expect(read(root, 'README.md')).toContain(`| 07 | [Rate limiting: a token bucket](starters/${slug}/README.md) | 1 | fake clock, fast-check |`);
  });

  test('the lesson has the standard sections, one rule and hints', () => {
    const lesson = read(root, `starters/${slug}/README.md`);
    expect(lesson.match(/^## .*$/gm)).toEqual(['## The idea in Node terms', '## What to write (`index.ts`)', '## Rules', '## How it is graded', '## Hints']);
    expect(lesson.startsWith('# 07 · Rate limiting: a token bucket\n')).toBe(true);
    expect(lesson).toContain('| Python | Node |');
    expect(hintsOf(lesson)).toHaveLength(2);
  });

  test('the starter is a typed stub that throws NotImplemented naming the function', async () => {
    const starter = require(path.join(root, 'starters', slug, 'index.ts')) as { rateLimiter: (items: number[]) => Promise<number[]> };
    await expect(starter.rateLimiter([1])).rejects.toMatchObject({ name: 'NotImplemented', message: `rateLimiter() in ${slug}/index.ts` });
    const solution = require(path.join(root, 'solutions', slug, 'index.ts')) as typeof starter;
    await expect(solution.rateLimiter([3, 1, 2])).resolves.toEqual([3, 1, 2]);
  });

  test("the example check declares its rule, and the mutant names that check", () => {
    const [only] = declaredChecks(graderFile(slug, path.join(root, 'graders')));
    expect(only).toMatchObject({ name: 'rateLimiter resolves with its input, in the same order', points: 1, rules: ['same-order'] });
    expect(JSON.parse(read(root, `tests/mutants/${slug}/reversed/mutant.json`)).mustFail).toEqual([only.name]);
  });

  test("the mutant is a patch the kit's mutant tooling builds from the solution, with its line marked", async () => {
    const [mutant] = loadMutants(exercise, path.join(root, 'tests', 'mutants'));
    expect(mutant.name).toBe('reversed');
    expect(read(root, `tests/mutants/${slug}/reversed/mutant.patch`)).toMatch(/^diff --git a\/index\.ts b\/index\.ts\n/);
    const mutated = await withMutant(exercise, mutant, (built) => fs.readFileSync(path.join(built.exerciseDir, 'index.ts'), 'utf8'), path.join(root, 'solutions'));
    expect(mutated).toContain('return [...items].reverse(); // MUTANT: ');
  });
});

test('an id after the last one goes at the end; the tables follow', () => {
  const root = scratch();
  scaffold(root, '11-benchmarks', 'Benchmarks');
  expect(loadManifest(path.join(root, 'exercises.json')).map((e) => e.id).slice(-2)).toEqual(['09', '11']);
  expect(staleTables(root)).toEqual([]);
});

test.each([
  ['07-rate-limiter', 'rateLimiter'],
  ['08-gather', 'gather'],
  ['10-p2-queue', 'p2Queue'],
  ['12-delete', 'runDelete'],
])('%s exports %s', (slug, fn) => {
  expect(functionName(slug)).toBe(fn);
});

describe('refuses, with one line, and writes nothing', () => {
  const root = scratch();
  fs.mkdirSync(path.join(root, 'starters', '08-leftover'), { recursive: true });
  const before = () => ['exercises.json', ...TABLE_FILES].map((f) => read(root, f));
  const snapshot = before();

  test.each([
    ['7-x', 'T', '"7-x" is not an exercise name: use two digits, a dash, then lowercase words joined by dashes (e.g. 07-rate-limiter)'],
    ['07_rate', 'T', '"07_rate" is not an exercise name'],
    ['07-Rate', 'T', '"07-Rate" is not an exercise name'],
    ['07-', 'T', '"07-" is not an exercise name'],
    ['07-2pc', 'T', '"07-2pc" is not an exercise name'],
    ['07-x', ' ', 'give the exercise a title: npm run new -- 07-x "Title"'],
    ['07-x', 'two\nlines', 'the title must be one line of plain text'],
    ['02-something', 'T', 'id 02 is taken by 02-async-dashboard'],
    ['10-timeouts', 'T', 'the name "timeouts" is taken by 09-timeouts'],
    ['08-leftover', 'T', 'starters/08-leftover already exists; remove it or pick another id'],
  ])('%j %j', (slug, title, message) => {
    let error: unknown;
    try {
      scaffold(root, slug, title);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KitError);
    expect((error as Error).message).toContain(`npm run new: ${message}`);
    expect((error as Error).message).not.toContain('\n');
    expect(before()).toEqual(snapshot);
    expect(fs.readdirSync(path.join(root, 'starters'))).toEqual(['08-leftover']);
  });
});
