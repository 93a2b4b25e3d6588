// jest's own `test`, taken before any learner code runs: graders/jest.config.js loads
// this file first (setupFilesAfterEnv), and graders import the learner's module
// before their support. check() registers through this reference, so learner code
// that replaces the global `test` (to hollow every check) changes nothing.
export const jestTest: typeof test = test;
Object.freeze(module.exports);
