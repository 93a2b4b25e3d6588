// @ts-check
// Jest config for the kit's own tests (tests/**/*.test.ts), run by `npm run verify`.
// Graders have their own config (graders/jest.config.js), one process per exercise.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: path.resolve(__dirname, '..'),
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  // Several tests start grading processes of their own: two lanes fit two cores.
  maxWorkers: 2,
  testTimeout: 120000,
};
