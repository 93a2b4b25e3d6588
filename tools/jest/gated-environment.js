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
 * "go" does not pay for it. ts-jest builds its configuration (tsconfig parse) once per process for
 * jest's project config and keeps it in a cache shared by its transformer instances, so asking a
 * transformer made with the same options for a cache key builds it for jest's own; a transpile of
 * kit code (the grader) warms TypeScript's compiler. Only timing depends on this: if ts-jest's
 * internals change, the first transform after go simply does the work again.
 * @param {import('@jest/types').Config.ProjectConfig} config
 * @param {string} testPath
 */
function warmTransform(config, testPath) {
  try {
    const entry = config.transform.find(([pattern]) => new RegExp(pattern).test(testPath));
    if (!entry || !/ts-jest/.test(entry[1])) return;
    const [, transformerPath, transformerConfig] = entry;
    const tsJest = require(transformerPath);
    const transformer = (tsJest.default ?? tsJest).createTransformer(transformerConfig);
    const source = require('node:fs').readFileSync(testPath, 'utf8');
    transformer.getCacheKey(source, testPath, { config, configString: JSON.stringify(config), cacheFS: new Map(), instrument: false, transformerConfig });
    transformer.process(source, testPath, { config, configString: JSON.stringify(config), cacheFS: new Map(), instrument: false, transformerConfig });
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
