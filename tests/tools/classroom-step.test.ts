// Simulates the Classroom grading step as GitHub runs it, then reads its output
// exactly as classroom-resources/autograding-grading-reporter does.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../tools/kit';
import { tamperNotices } from '../../tools/tamper';

function runStep(target: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-gha-'));
  const output = path.join(dir, 'output');
  const summary = path.join(dir, 'summary.md');
  const step = spawnSync('npm', ['run', '-s', 'grade:classroom', '--', '02'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, KIT_TARGET: target, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
  });
  const lines = fs.readFileSync(output, 'utf8').trim().split('\n');
  const result = JSON.parse(Buffer.from(lines.find((l) => l.startsWith('result='))!.slice('result='.length), 'base64').toString('utf8'));
  const md = fs.readFileSync(summary, 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  return { step, result, md };
}

// The reporter: sum tests[].score over runners with a non-zero max_score.
const points = (result: { max_score: number; tests: Array<{ score: number }> }) =>
  `${result.tests.reduce((s, t) => s + t.score, 0)}/${result.max_score}`;

test('solutions: full points, status pass unless grading files were modified, exit 0', () => {
  const { step, result, md } = runStep('solutions');
  expect(step.status).toBe(0);
  expect(points(result)).toBe('24/24');
  const flagged = tamperNotices(repoRoot).length > 0;
  expect(result.tests.some((t: { name: string }) => t.name.startsWith('Integrity'))).toBe(flagged);
  expect(result.status).toBe('pass');
  expect(md).toContain('### Points 24/24');
}, 60_000);

test('starters: a complete result at 0 points with one test per check, and the step still exits 0', () => {
  const { step, result, md } = runStep('starters');
  expect(step.status).toBe(0);
  expect(points(result)).toBe('0/24');
  expect(result.status).toBe('fail');
  expect(result.tests.filter((t: { name: string }) => t.name.startsWith('02 ›'))).toHaveLength(10);
  expect(md).toContain('What to fix');
}, 60_000);
