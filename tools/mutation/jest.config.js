// @ts-check
// Jest config for the mutation score (tools/mutation.ts runs Stryker with it):
// one exercise's grader against that exercise's reference solution, which
// Stryker mutates in its sandbox. KIT_MUTATION_SLUG names the exercise.
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const slug = process.env.KIT_MUTATION_SLUG;
if (!slug) throw new Error('KIT_MUTATION_SLUG is not set: run `npm run mutation -- NN`');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: repoRoot,
  roots: ['<rootDir>/graders'],
  testMatch: [`**/${slug}.grader.ts`],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleNameMapper: { '^@exercise/(.*)$': path.join(repoRoot, 'solutions', '$1') },
  testTimeout: 15000,
  // The score is for the fake-clock checks. Checks titled "for real: …" (07's node:http
  // server) measure real sockets and time: run once per mutant they would be slow, and
  // under Stryker's load their timing could kill a mutant by accident. They are skipped
  // in the dry run, so Stryker sees no test covering through them and never runs them.
  testNamePattern: '^(?!for real: )',
};
