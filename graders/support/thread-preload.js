// Preloaded into every grading process (tools/run-exercise.ts starts jest with
// `-r` this file), so it runs first in every worker thread that process starts:
// a worker thread inherits its parent's `-r`. It does nothing on a main thread.
//
// Why: an exercise's ts-worker.js (the given learner bootstrap) registers
// ts-node in each thread it starts, and ts-node loads the whole TypeScript
// compiler there: ~0.3 s of CPU per thread (over 1 s when several start at once
// on a busy machine). Graders start dozens of learner threads, so that start-up
// was most of the real-time exercises' grading time, and it is noise in every
// timing they measure. This file lets ts-node's `register` hand a plain
// transpile-only registration to the kit's own loader (ts-register.js: the same
// `typescript.transpileModule` with the same tsconfig.json, but cached, so a
// thread never loads the compiler once the files are cached).
//
// What the learner's code sees does not change: a thread is taught TypeScript
// only when it asks ts-node to (nothing is registered up front); any other use
// of ts-node, or a registration with options the kit's loader does not honour,
// goes to the real ts-node, loaded on first use.
const { isMainThread } = require('node:worker_threads');

if (!isMainThread) {
  const Module = require('node:module');
  const path = require('node:path');

  const kitRoot = path.resolve(__dirname, '..', '..');
  /** @type {string | undefined} */
  let tsNodePath;
  try {
    tsNodePath = require.resolve('ts-node', { paths: [kitRoot] });
  } catch {
    // no ts-node: nothing to stand in for
  }

  if (tsNodePath && !require.cache[tsNodePath]) {
    /** @type {Record<string | symbol, unknown> | undefined} */
    let real;
    const standIn = new Module(tsNodePath, module);
    /** The real ts-node, loaded once, on the first use the kit's loader does not cover. */
    const realTsNode = () => {
      if (!real) {
        delete require.cache[tsNodePath];
        try {
          real = require(tsNodePath);
        } finally {
          require.cache[tsNodePath] = standIn;
        }
      }
      return /** @type {Record<string | symbol, unknown>} */ (real);
    };

    /**
     * Whether ts-node, searching from `dir`, would read the kit's own tsconfig.json. (The given
     * bootstrap searches from the folder that holds node_modules: the kit itself, or, for a
     * contained run, the kit whose node_modules the learner-template copy uses.)
     * @param {string} dir
     */
    const sameConfig = (dir) => {
      try {
        const fs = require('node:fs');
        return fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8') === fs.readFileSync(path.join(kitRoot, 'tsconfig.json'), 'utf8');
      } catch {
        return false;
      }
    };

    /**
     * Exactly what the kit's loader does: transpile only, module commonjs, the
     * kit's tsconfig.json (found from the kit's folder, or ts-node's default search).
     * @param {unknown} options
     */
    const coveredByKitLoader = (options) => {
      if (options === null || typeof options !== 'object') return false;
      const { transpileOnly, projectSearchDir, compilerOptions, ...rest } = /** @type {Record<string, unknown>} */ (options);
      if (transpileOnly !== true || Object.keys(rest).length > 0) return false;
      const searchFrom = projectSearchDir === undefined ? process.cwd() : projectSearchDir;
      if (typeof searchFrom !== 'string' || !sameConfig(searchFrom)) return false;
      if (compilerOptions === undefined) return true;
      if (compilerOptions === null || typeof compilerOptions !== 'object') return false;
      const keys = Object.keys(compilerOptions);
      const moduleKind = /** @type {{ module?: unknown }} */ (compilerOptions).module;
      return keys.every((k) => k === 'module') && (moduleKind === undefined || String(moduleKind).toLowerCase() === 'commonjs');
    };

    /** @param {unknown} options */
    const register = (options) => {
      if (!coveredByKitLoader(options)) return /** @type {(o: unknown) => unknown} */ (realTsNode().register)(options);
      require('./ts-register');
      return undefined;
    };

    standIn.filename = tsNodePath;
    standIn.loaded = true;
    standIn.exports = new Proxy(
      {},
      {
        get: (_, key) => (key === 'register' ? register : realTsNode()[key]),
        has: (_, key) => key in realTsNode(),
        ownKeys: () => Reflect.ownKeys(realTsNode()),
        getOwnPropertyDescriptor: (_, key) => {
          const descriptor = Reflect.getOwnPropertyDescriptor(realTsNode(), key);
          return descriptor && { ...descriptor, configurable: true };
        },
      },
    );
    require.cache[tsNodePath] = standIn;
  }
}
