// @ts-check
// Jest config for grading ONE exercise per process (tools/run-exercise.ts starts it).
// The code under test is reached only through the alias `@exercise/<slug>`:
// KIT_EXERCISE_DIR (set by the runner) names the folder; without it the alias
// falls back to KIT_TARGET (default `starters`) so `npx jest graders/...` still works.
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');

function targetBase() {
  const target = process.env.KIT_TARGET || 'starters';
  return path.resolve(repoRoot, target);
}

const exerciseAlias = process.env.KIT_EXERCISE_DIR
  ? { '^@exercise/[^/]+$': process.env.KIT_EXERCISE_DIR }
  : { '^@exercise/(.*)$': path.join(targetBase(), '$1') };

/** @type {import('jest').Config} */
module.exports = {
  rootDir: repoRoot,
  // tests/fixtures holds the kit's own fixture graders (isolation tests); learner repos have none.
  roots: ['graders', 'tests/fixtures'].filter((d) => fs.existsSync(path.join(repoRoot, d))).map((d) => `<rootDir>/${d}`),
  testMatch: ['**/*.grader.ts'],
  // jest's node environment; the runner can hold a started process at its gate (watch mode's standby).
  testEnvironment: '<rootDir>/tools/jest/gated-environment.js',
  // The kit's one TypeScript transpile (tools/jest/ts-transform.js says why not ts-jest).
  transform: { '^.+\\.ts$': '<rootDir>/tools/jest/ts-transform.js' },
  // Learner folders may live anywhere (a teacher grading submissions): transform them too.
  transformIgnorePatterns: ['/node_modules/'],
  moduleNameMapper: exerciseAlias,
  // Before the grader (and so the learner's module) loads: keep jest's own `test` for check().
  setupFilesAfterEnv: ['<rootDir>/graders/support/pristine.ts'],
  reporters: [['<rootDir>/tools/jest/check-reporter.js', {}]],
  // Learner code may leave handles open; the runner owns the process lifetime.
  forceExit: true,
  testTimeout: 15000,
  // The runner passes a fresh --cacheDirectory per run (a learner must not poison a shared cache).
  cacheDirectory: path.join(require('node:os').tmpdir(), 'concurrency-kit-jest'),
};
