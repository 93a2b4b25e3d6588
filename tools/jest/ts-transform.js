// @ts-check
// jest's transform for TypeScript (graders, and the learner's code they load):
// the kit's one transpile, graders/support/ts-register.js, which worker threads
// and the npm scripts use too, so all of them share one cache of transpiled
// files. Why not ts-jest: it parses the tsconfig (listing every file it
// includes) and loads the compiler in every jest process, ~0.2 s of the ~1 s a
// small exercise takes, and grading starts one jest process per exercise. With
// a warm cache this loads no compiler at all.
// Transpile only, like ts-jest with diagnostics off: `npm run typecheck` checks
// types. The output carries an inline source map, which jest reads, so stack
// traces (and the "at file.ts:line" of a learner's error) point at TypeScript lines.
const { cacheKey, compiled, warm } = require('../../graders/support/ts-register');

/** Bump when this file's output changes for the same input: jest's cache then misses. */
const VERSION = '1';

/** @type {import('@jest/transform').SyncTransformer & { warm: () => void }} */
module.exports = {
  canInstrument: false,
  getCacheKey(source, filename) {
    return `${VERSION}-${cacheKey(source, filename)}`;
  },
  process(source, filename) {
    return { code: compiled(source, filename) };
  },
  warm,
};
