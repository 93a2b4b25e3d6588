// Tamper flags compare grading files with the repository's first commit.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { modifiedGradingFiles, tamperNotices } from '../../tools/tamper';

let repo: string;
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  fs.writeFileSync(path.join(repo, file), text);
};
const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { stdio: 'ignore' });

beforeEach(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-tamper-'));
  write('graders/02-x.grader.ts', 'check(1, "a", () => {});\n');
  write('graders/support/clock.ts', 'export {};\n');
  write('starters/02-x/index.ts', 'export const f = () => 0;\n');
  write('package.json', JSON.stringify({ name: 'x', scripts: { test: 'grade' }, devDependencies: { jest: '30' } }));
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'Template');
});
afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

test('an untouched template, or one where only the learner files changed, is not flagged', () => {
  expect(modifiedGradingFiles(repo)).toEqual([]);
  write('starters/02-x/index.ts', 'export const f = () => 42;\n');
  git('commit', '-qam', 'solve');
  write('package.json', JSON.stringify({ name: 'renamed', scripts: { test: 'grade' }, devDependencies: { jest: '30' } }));
  expect(tamperNotices(repo)).toEqual([]);
});

test('a committed edit to a grader is flagged, by file', () => {
  write('graders/02-x.grader.ts', 'check(1, "a", () => { return; });\n');
  git('commit', '-qam', 'oops');
  expect(tamperNotices(repo)).toEqual(['modified grading files: graders/02-x.grader.ts']);
});

test('uncommitted, staged and untracked changes to grading files are flagged too', () => {
  write('graders/support/clock.ts', 'export const x = 1;\n');
  write('graders/support/extra.ts', 'export {};\n');
  expect(modifiedGradingFiles(repo)).toEqual(['graders/support/clock.ts', 'graders/support/extra.ts']);
});

test('package.json scripts or dependencies count; its other fields do not', () => {
  write('package.json', JSON.stringify({ name: 'x', scripts: { test: 'echo Points 100/100' }, devDependencies: { jest: '30', x: '1' } }));
  expect(modifiedGradingFiles(repo)).toEqual(['package.json (scripts, devDependencies)']);
});

test('without git history the check says it could not run', () => {
  const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-nogit-'));
  expect(modifiedGradingFiles(plain)).toBeNull();
  expect(tamperNotices(plain)).toEqual(['grading files not checked: no git history here']);
  fs.rmSync(plain, { recursive: true, force: true });
});

test('the lock file and .npmrc count: they decide what npm ci installs and how npm starts node', () => {
  write('package-lock.json', '{"lockfileVersion":3}\n');
  git('add', '-A');
  git('commit', '-qm', 'lock');
  expect(tamperNotices(repo)).toEqual(['modified grading files: package-lock.json']);
  write('.npmrc', 'node-options=--require ./starters/02-x/evil.js\n');
  expect(modifiedGradingFiles(repo)).toEqual(['.npmrc', 'package-lock.json']);
});

test("a given file (exercises.json `given`) counts: the grade relies on it; the learner's own files do not", () => {
  write('exercises.json', JSON.stringify({ exercises: [{ id: '02', slug: '02-x', title: 'X', points: 1, files: ['index.ts', 'pool.ts'], given: ['pool.ts'] }] }));
  write('starters/02-x/pool.ts', 'export const work = () => 1;\n');
  git('add', '-A');
  git('commit', '-qm', 'manifest');
  const root = execFileSync('git', ['-C', repo, 'rev-list', 'HEAD']).toString().trim().split('\n');
  git('reset', '-q', '--soft', root[root.length - 1]);
  git('commit', '-q', '--amend', '-m', 'Template');
  expect(modifiedGradingFiles(repo)).toEqual([]);
  write('starters/02-x/index.ts', 'export const f = () => 42;\n');
  write('starters/02-x/pool.ts', 'export const work = () => 0; // hollowed\n');
  expect(modifiedGradingFiles(repo)).toEqual(['starters/02-x/pool.ts']);
});
