// npm run sync writes the exercise tables from exercises.json between markers;
// verify (staleTables) says when they are out of date and what to run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../tools/kit';
import { loadManifest, type Exercise } from '../../tools/manifest';
import { BEGIN, END, exerciseTable, staleTables, syncTables, TABLE_FILES, withTable } from '../../tools/sync';

const made: string[] = [];
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A scratch kit root holding copies of the manifest and the two READMEs. */
function scratch(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-sync-'));
  made.push(root);
  for (const file of ['exercises.json', ...TABLE_FILES]) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, file), path.join(root, file));
  }
  return root;
}
const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const editManifest = (root: string, edit: (m: { exercises: Array<Record<string, unknown>> }) => void) => {
  const manifest = JSON.parse(read(root, 'exercises.json'));
  edit(manifest);
  fs.writeFileSync(path.join(root, 'exercises.json'), JSON.stringify(manifest, null, 2));
};

const demo: Exercise[] = [
  { id: '02', slug: '02-async-dashboard', title: 'Async dashboard', points: 24, files: ['index.ts'], timeoutSeconds: 60, exclusive: false, gradedWith: 'fake clock, fast-check' },
  { id: '11', slug: '11-new', title: 'New one', points: 1, files: ['index.ts'], timeoutSeconds: 60, exclusive: false },
];

test('the table has the columns #, Exercise (a link to the lesson), Points, Graded with', () => {
  expect(exerciseTable(demo)).toBe(
    [
      '| # | Exercise | Points | Graded with |',
      '| --- | --- | ---: | --- |',
      '| 02 | [Async dashboard](starters/02-async-dashboard/README.md) | 24 | fake clock, fast-check |',
      '| 11 | [New one](starters/11-new/README.md) | 1 |  |',
    ].join('\n'),
  );
});

test("the kit's own READMEs are in step with exercises.json", () => {
  expect(staleTables()).toEqual([]);
});

test('sync is idempotent: on an up-to-date kit it changes nothing', () => {
  const root = scratch();
  const before = TABLE_FILES.map((f) => read(root, f));
  expect(syncTables(root)).toEqual([]);
  expect(TABLE_FILES.map((f) => read(root, f))).toEqual(before);
});

test('a manifest change makes both tables stale; sync rewrites only between the markers, once', () => {
  const root = scratch();
  const before = read(root, 'README.md');
  editManifest(root, (m) => {
    m.exercises[1].title = 'Async dashboard, renamed';
    m.exercises[1].points = 25;
  });
  expect(staleTables(root)).toEqual([
    'README.md: the exercise table does not match exercises.json: run npm run sync',
    `${path.join('classroom', 'README.md')}: the exercise table does not match exercises.json: run npm run sync`,
  ]);
  expect(syncTables(root)).toEqual(TABLE_FILES);
  expect(staleTables(root)).toEqual([]);
  expect(syncTables(root)).toEqual([]);
  const after = read(root, 'README.md');
  expect(after).toContain('| 02 | [Async dashboard, renamed](starters/02-async-dashboard/README.md) | 25 | fake clock, fast-check |');
  // Outside the markers nothing moved.
  const outside = (text: string) => [text.slice(0, text.indexOf(BEGIN)), text.slice(text.indexOf(END))];
  expect(outside(after)).toEqual(outside(before));
});

test('a table edited by hand is stale', () => {
  const root = scratch();
  const points = loadManifest(path.join(root, 'exercises.json'))[1].points;
  fs.writeFileSync(path.join(root, 'README.md'), read(root, 'README.md').replace(`| ${points} |`, `| ${points + 1} |`));
  expect(staleTables(root)).toEqual(['README.md: the exercise table does not match exercises.json: run npm run sync']);
});

test.each([
  ['no markers', 'text'],
  ['only the begin marker', `${BEGIN}\n`],
  ['markers in the wrong order', `${END}\n${BEGIN}\n`],
  ['two tables', `${BEGIN}\n${END}\n${BEGIN}\n${END}\n`],
])('%s: one clear line naming the file', (_, text) => {
  expect(() => withTable(text, 'table', 'README.md')).toThrow(`README.md: expected one "${BEGIN}" line, then one "${END}" line, around the exercise table`);
  const root = scratch();
  fs.writeFileSync(path.join(root, 'README.md'), text);
  expect(staleTables(root)).toEqual([`README.md: expected one "${BEGIN}" line, then one "${END}" line, around the exercise table`]);
});

test('a missing README is named', () => {
  const root = scratch();
  fs.rmSync(path.join(root, 'classroom', 'README.md'));
  expect(staleTables(root)).toEqual([`${path.join('classroom', 'README.md')} is missing (it holds an exercise table)`]);
});
