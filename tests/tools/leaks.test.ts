import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findSolutionLeaks } from '../../tools/leaks';

function kit(solution: string, starter: string, exported: string) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-leaks-'));
  for (const [dir, text] of [['solutions', solution], ['starters', starter]]) {
    fs.mkdirSync(path.join(root, dir, '91-x'), { recursive: true });
    fs.writeFileSync(path.join(root, dir, '91-x', 'index.ts'), text);
  }
  const out = path.join(root, 'out');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, 'model.ts'), exported);
  return { root, out };
}

const SOLUTION = `interface Job {\n  start: number;\n  tick: number;\n  dueAt: number;\n}\nexport function next(job: Job) {\n  const due = job.start + job.tick * 10;\n  job.tick += 1;\n  return Math.max(due, job.dueAt);\n}\n`;

test('three lines of solution logic found elsewhere are a leak', () => {
  const { root, out } = kit(SOLUTION, 'export function next() {\n  throw new Error("todo");\n}\n', 'const due = job.start + job.tick * 10;\njob.tick += 1;\nreturn Math.max(due, job.dueAt);\n');
  expect(findSolutionLeaks(root, out)).toEqual([expect.stringMatching(/^model\.ts: "const due = job\.start/)]);
});

test('the same type members in a grader model are not a leak', () => {
  const { root, out } = kit(SOLUTION, '', 'interface MJob {\n  id: number;\n  start: number;\n  tick: number;\n  dueAt: number;\n  readonly done?: boolean;\n}\n');
  expect(findSolutionLeaks(root, out)).toEqual([]);
});
