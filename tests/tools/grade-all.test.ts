// Bulk grading: one CSV row per submission folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gradeAll } from '../../tools/grade-all';
import { repoRoot } from '../../tools/kit';
import { loadManifest, selectExercises } from '../../tools/manifest';

const [dashboard] = selectExercises(loadManifest(), ['02']);
const full = dashboard.points;

test('grades each submission folder and writes one row each, with notes for the ungradable', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-subs-'));
  fs.cpSync(path.join(repoRoot, 'solutions', dashboard.slug), path.join(dir, 'alice', dashboard.slug), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'starters', dashboard.slug), path.join(dir, 'bob, jr', dashboard.slug), { recursive: true });
  fs.mkdirSync(path.join(dir, 'carol', 'homework'), { recursive: true });
  const csv = await gradeAll(dir, [dashboard]);
  expect(csv.trim().split('\n')).toEqual([
    'submission,02,total,max,notes',
    `alice,${full},${full},${full},`,
    `"bob, jr",0,0,${full},`,
    expect.stringMatching(new RegExp(`^carol,0,0,${full},.*holds none of the exercise folders`)),
  ]);
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

test('a folder that does not exist, or holds no submissions, is a clear error', async () => {
  await expect(gradeAll('/no/such/folder', [dashboard])).rejects.toThrow('/no/such/folder is not a folder of submissions');
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-nosubs-'));
  await expect(gradeAll(empty, [dashboard])).rejects.toThrow('has no submission folders in it');
  fs.rmSync(empty, { recursive: true, force: true });
});
