// The learner template: everything a learner needs to work and be graded, and
// nothing of the answers.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportTemplate, LEARNER_SCRIPTS, MAINTAINER_DEPENDENCIES, MAINTAINER_TOOLS } from '../../tools/export';
import { repoRoot } from '../../tools/kit';
import { findSolutionLeaks, solutionRuns } from '../../tools/leaks';
import { loadManifest } from '../../tools/manifest';

const exercises = loadManifest();
let out: string;
const exists = (p: string) => fs.existsSync(path.join(out, p));
const json = (p: string) => JSON.parse(fs.readFileSync(path.join(out, p), 'utf8'));
const npmTest = (...args: string[]) =>
  spawnSync('npm', ['test', '--silent', '--', ...args], { cwd: out, encoding: 'utf8', env: { ...process.env, KIT_TARGET: '' } });

beforeAll(() => {
  out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kit-export-')), 'learner');
  exportTemplate(out);
  // Reuse the kit's installed packages instead of a second install.
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(out, 'node_modules'), 'dir');
}, 60_000);
afterAll(() => fs.rmSync(path.dirname(out), { recursive: true, force: true }));

test('has the learner files, graders, tools, workflow, hooks and README', () => {
  for (const e of exercises) {
    expect(exists(`starters/${e.slug}/README.md`)).toBe(true);
    expect(exists(`graders/${e.slug}.grader.ts`)).toBe(true);
  }
  for (const p of ['graders/support', 'graders/jest.config.js', 'tools/grade.ts', 'tools/hint.ts', 'exercises.json', 'README.md',
    '.github/workflows/classroom.yml', '.husky/pre-commit', '.husky/pre-push', '.devcontainer/devcontainer.json', 'package-lock.json']) {
    expect(exists(p)).toBe(true);
  }
});

test('has no solutions, mutants, kit tests, maintainer tools or kit CI', () => {
  for (const p of ['solutions', 'tests', '.github/workflows/ci.yml', '.ci', 'classroom', 'eslint.config.mjs', ...MAINTAINER_TOOLS.map((t) => `tools/${t}`)]) {
    expect([p, exists(p)]).toEqual([p, false]);
  }
});

test('no exported file contains solution code (runs of solution-only lines)', () => {
  expect(findSolutionLeaks(repoRoot, out)).toEqual([]);
});

test('the leak check itself catches a solution copied into the template', () => {
  // Any solution file with code of its own (an index.ts of re-exports has none).
  const [solutionFile] = [...solutionRuns(repoRoot).keys()];
  const planted = path.join(out, 'planted.ts');
  fs.copyFileSync(path.join(repoRoot, solutionFile), planted);
  try {
    expect(findSolutionLeaks(repoRoot, out).some((l) => l.startsWith('planted.ts:'))).toBe(true);
  } finally {
    fs.rmSync(planted);
  }
});

test('package.json keeps learner scripts and drops maintainer-only ones and dependencies', () => {
  const pkg = json('package.json');
  expect(Object.keys(pkg.scripts).sort()).toEqual([...LEARNER_SCRIPTS].sort());
  // Git hooks, then the TypeScript loader's cache warmed (best effort both): the file it runs is in the template.
  expect(pkg.scripts.prepare).toBe('husky || true; node tools/warm-cache.js || true');
  expect(exists('tools/warm-cache.js')).toBe(true);
  // Every tsc project the learner's typecheck names exists in the template (the kit's solutions config does not).
  const projects = [...(pkg.scripts.typecheck as string).matchAll(/-p (\S+)/g)].map((m) => m[1]);
  expect(projects.length).toBeGreaterThan(0);
  for (const project of projects) expect([project, exists(project)]).toEqual([project, true]);
  for (const dep of MAINTAINER_DEPENDENCIES) expect(pkg.devDependencies[dep]).toBeUndefined();
  const lock = json('package-lock.json');
  expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies);
  expect(lock.packages['node_modules/eslint']).toBeUndefined();
});

test('refuses to export into a folder that is not empty, and writes nothing there', () => {
  expect(() => exportTemplate(out)).toThrow(/is not empty/);
});

test('npm test there grades every exercise of the untouched starters at 0 and writes the full report', () => {
  const run = npmTest();
  expect(run.status).toBe(1);
  expect(run.stdout.trim().split('\n')).toContain(`Points 0/${exercises.reduce((s, e) => s + e.points, 0)}`);
  const results = json('grades/results.json');
  expect(results.exercises.map((e: { slug: string }) => e.slug)).toEqual(exercises.map((e) => e.slug));
  expect(results.score).toBe(0);
  expect(fs.readFileSync(path.join(out, 'grades', 'report.html'), 'utf8')).toContain(`Points 0/${results.maxScore}`);
}, 240_000);

test('with the solutions copied in, it gives full points', () => {
  // Fake-clock exercises only: the real-time ones are graded from solutions/ by verify already.
  const quick = exercises.filter((e) => !e.exclusive);
  for (const e of quick) fs.cpSync(path.join(repoRoot, 'solutions', e.slug), path.join(out, 'starters', e.slug), { recursive: true });
  const run = npmTest(...quick.map((e) => e.id));
  const max = quick.reduce((s, e) => s + e.points, 0);
  expect(run.stdout.trim().split('\n')).toContain(`Points ${max}/${max}`);
  expect(run.status).toBe(0);
}, 240_000);
