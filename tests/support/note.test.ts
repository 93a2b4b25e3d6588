// note(): a line the learner sees on a passing check, carried to the report in
// the side file the runner names (KIT_NOTES_FILE), tagged with the check.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { note } from '../../graders/support/note';

const saved = process.env.KIT_NOTES_FILE;
afterEach(() => {
  if (saved === undefined) delete process.env.KIT_NOTES_FILE;
  else process.env.KIT_NOTES_FILE = saved;
});

test('appends one JSON line per note, naming the current check', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kit-notes-')), 'notes.jsonl');
  process.env.KIT_NOTES_FILE = file;
  note('speedup not measured: this machine has 1 core');
  note('second');
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const test = 'appends one JSON line per note, naming the current check';
  expect(lines).toEqual([
    { test, text: 'speedup not measured: this machine has 1 core' },
    { test, text: 'second' },
  ]);
});

test('without a notes file it does nothing (a grader run by hand)', () => {
  delete process.env.KIT_NOTES_FILE;
  expect(() => note('nowhere to go')).not.toThrow();
});
