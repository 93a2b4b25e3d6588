// @ts-check
// jest's node environment with a gate before it: when the runner sets KIT_GATE,
// the grading process starts jest (config, transformers, module registry,
// reporter) and then waits here, before any grader or learner code loads,
// until the runner writes "go" on its stdin. Watch mode starts the next grade's
// process this way ahead of time ("standby"), so a save only opens the gate.
// Each grade still gets its own fresh process; nothing of a grade runs before go.
// Plain JS because jest loads test environments without a TypeScript transform.
const { TestEnvironment } = require(require.resolve('jest-environment-node', { paths: [__dirname, require.resolve('jest-config')] }));

/** Waits for "go" on stdin; EOF first (the runner dropped this standby, or died) ends the process. */
function gate() {
  return new Promise((resolve) => {
    let seen = '';
    const stdin = process.stdin;
    const onData = (/** @type {Buffer} */ chunk) => {
      seen += chunk.toString('utf8');
      if (!seen.includes('\n')) return;
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.destroy(); // nothing more comes from the runner; learner code finds stdin closed
      if (seen.trim() === 'go') resolve(undefined);
      else process.exit(70);
    };
    const onEnd = () => process.exit(0);
    stdin.on('data', onData);
    stdin.on('end', onEnd);
  });
}

/**
 * While a standby waits: make the TypeScript transform ready, so the saved file's transform after
 * "go" (a cache miss) does not pay for loading the compiler. The kit's transform
 * (tools/jest/ts-transform.js) exposes warm(); another transform is simply not warmed.
 * @param {import('@jest/types').Config.ProjectConfig} config
 * @param {string} testPath
 */
function warmTransform(config, testPath) {
  try {
    const entry = config.transform.find(([pattern]) => new RegExp(pattern).test(testPath));
    if (!entry) return;
    const transformer = require(entry[1]);
    if (typeof transformer.warm === 'function') transformer.warm();
  } catch {
    // a warm-up only: the real transform reports any problem
  }
}

class GatedEnvironment extends TestEnvironment {
  /**
   * @param {import('@jest/environment').JestEnvironmentConfig} config
   * @param {import('@jest/environment').EnvironmentContext} context
   */
  constructor(config, context) {
    // Read and drop before the base class copies process.env into the test's globals.
    const mode = process.env.KIT_GATE;
    delete process.env.KIT_GATE;
    super(config, context);
    /** 'standby': started ahead of its grade (warm up while waiting); '1': go follows at once. */
    this.mode = mode;
    this.projectConfig = config.projectConfig;
    this.testPath = context.testPath;
  }

  async setup() {
    if (this.mode === 'standby') warmTransform(this.projectConfig, this.testPath);
    if (this.mode) await gate();
    await super.setup();
  }
}

module.exports = GatedEnvironment;
module.exports.TestEnvironment = GatedEnvironment;
