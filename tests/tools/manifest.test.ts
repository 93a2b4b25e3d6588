// The manifest is validated once, and exercises are picked by id, number or slug.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadManifest, selectExercises, withExercise, type Exercise } from '../../tools/manifest';

const demo: Exercise[] = [
  { id: '02', slug: '02-async-dashboard', title: 'A', points: 1, files: ['index.ts'], timeoutSeconds: 60, exclusive: false },
  { id: '11', slug: '11-bench', title: 'B', points: 1, files: ['index.ts'], timeoutSeconds: 60, exclusive: true },
];

test.each([['02'], ['2'], ['02-async-dashboard'], ['async-dashboard']])('selects by %s', (name) => {
  expect(selectExercises(demo, [name]).map((e) => e.id)).toEqual(['02']);
});

test('no names selects all; unknown names list the choices', () => {
  expect(selectExercises(demo, [])).toHaveLength(2);
  expect(() => selectExercises(demo, ['99'])).toThrow('No exercise "99". Name one by id or slug: 02-async-dashboard, 11-bench.');
});

function manifestWith(body: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kit-manifest-')), 'exercises.json');
  fs.writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
}

test.each([
  ['{ broken', /cannot be read as JSON/],
  [{}, /expected \{ "exercises": \[ \.\.\. \] \}/],
  [{ exercises: [{ id: '2' }] }, /exercises\[0\]\.id must be two digits/],
  [{ exercises: [{ id: '02', slug: '03-x' }] }, /slug must start with "02-"/],
  [{ exercises: [{ id: '02', slug: '02-x', title: 'T', points: 0, files: ['a.ts'] }] }, /points must be a positive whole number/],
  [{ exercises: [{ id: '02', slug: '02-x', title: 'T', points: 1, files: ['a.ts'], allow: ['vm'] }] }, /allow must map file names to lists of API kinds/],
  [{ exercises: [{ id: '02', slug: '02-x', title: 'T', points: 1, files: ['a.ts'], allow: { 'b.ts': ['vm'] } }] }, /allow names "b\.ts", which is not one of the exercise's files/],
  [{ exercises: [{ id: '02', slug: '02-x', title: 'T', points: 1, files: ['a.ts'], allow: { '*': ['telepathy'] } }] }, /unknown API kind "telepathy"/],
  [{ exercises: [{ id: '02', slug: '02-x', title: 'T', points: 1, files: ['a.ts'], gradedWith: '' }] }, /exercises\[0\]\.gradedWith, when given, must be a non-empty string/],
  [{ exercises: [{ id: '02', slug: '02-x', title: 'T', points: 1, files: ['a.ts'], gradedWith: 3 }] }, /gradedWith, when given, must be a non-empty string/],
])('a bad manifest names the problem: %j', (body, message) => {
  expect(() => loadManifest(manifestWith(body))).toThrow(message);
});

test("the kit's own manifest is valid and every exercise has a grader", () => {
  for (const e of loadManifest()) expect(fs.existsSync(path.join(__dirname, '..', '..', 'graders', `${e.slug}.grader.ts`))).toBe(true);
});

test('gradedWith is optional and read when given', () => {
  const file = manifestWith({ exercises: [{ id: '02', slug: '02-x', title: 'T', points: 1, files: ['a.ts'] }, { id: '03', slug: '03-y', title: 'U', points: 1, files: ['a.ts'], gradedWith: 'fake clock' }] });
  expect(loadManifest(file).map((e) => e.gradedWith)).toEqual([undefined, 'fake clock']);
});

test('withExercise adds an entry in id order without touching the other lines; a $ in a title stays literal', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', 'exercises.json'), 'utf8');
  const entry = { id: '00', slug: '00-intro', title: 'Costs $1 & $&', points: 1, files: ['index.ts'] };
  const edited = withExercise(text, entry);
  expect(JSON.parse(edited).exercises[0]).toEqual(entry);
  expect(edited.replace('    {\n      "id": "00",\n      "slug": "00-intro",\n      "title": "Costs $1 & $&",\n      "points": 1,\n      "files": ["index.ts"]\n    },\n', '')).toBe(text);
});

test('withExercise refuses a file laid out differently rather than rewrite it', () => {
  const oneLine = JSON.stringify({ exercises: [{ id: '02', slug: '02-x', title: 'T', points: 1, files: ['a.ts'] }] });
  expect(() => withExercise(oneLine, { id: '01', slug: '01-y' }, 'exercises.json')).toThrow(/^exercises\.json: cannot add exercise 01 without rewriting the file/);
  expect(() => withExercise(oneLine, { id: '03', slug: '03-y' }, 'exercises.json')).toThrow(/cannot add exercise 03/);
});
