// Given files: a submission whose copy differs from the kit's is flagged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { changedGivenFiles, givenFlags } from '../../tools/given';
import { loadManifest } from '../../tools/manifest';

let kit: string;
let submission: string;
const exercise = { slug: '11-x', given: ['pool.ts', 'jobs.ts'] };
const put = (dir: string, file: string, text: string) => {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};

beforeEach(() => {
  kit = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-given-'));
  submission = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-given-sub-'));
  for (const dir of [path.join(kit, 'starters', '11-x'), submission]) {
    put(dir, 'pool.ts', 'export const work = () => 1;\n');
    put(dir, 'jobs.ts', 'export const n = 5;\n');
    put(dir, 'models.ts', 'export {};\n');
  }
});
afterEach(() => {
  fs.rmSync(kit, { recursive: true, force: true });
  fs.rmSync(submission, { recursive: true, force: true });
});

test('unchanged given files, and changes to the learner\'s own files, are not flagged', () => {
  put(submission, 'models.ts', 'export const mine = 1;\n');
  expect(changedGivenFiles(submission, exercise, kit)).toEqual([]);
});

test('line endings and a missing final newline are not a change', () => {
  put(submission, 'pool.ts', 'export const work = () => 1;');
  put(submission, 'jobs.ts', 'export const n = 5;\r\n');
  expect(changedGivenFiles(submission, exercise, kit)).toEqual([]);
});

test('a changed or deleted given file is flagged, naming the file and the kit copy to compare with', () => {
  put(submission, 'pool.ts', 'export const work = () => 0; // hollowed\n');
  fs.rmSync(path.join(submission, 'jobs.ts'));
  expect(changedGivenFiles(submission, exercise, kit)).toEqual(['pool.ts', 'jobs.ts']);
  expect(givenFlags(submission, exercise, kit)[0]).toMatch(/^pool\.ts: a given file was changed .*starters\/11-x\/pool\.ts$/);
});

test("the kit's own starters are never flagged against themselves", () => {
  expect(changedGivenFiles(path.join(kit, 'starters', '11-x'), exercise, kit)).toEqual([]);
});

test("every given file in the kit's manifest is one of its files, identical in starters/ and solutions/", () => {
  const root = path.join(__dirname, '..', '..');
  for (const e of loadManifest()) {
    expect(changedGivenFiles(path.join(root, 'solutions', e.slug), e)).toEqual([]);
  }
  expect(loadManifest().find((e) => e.id === '11')?.given).toEqual(['jobs.ts', 'pool.ts', 'pool-worker.js']);
});
