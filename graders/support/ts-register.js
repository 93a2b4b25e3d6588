// Lets a worker thread (or a child process) load TypeScript: the kit's one
// registration, used by graders/support/ts-worker.js, the reference pool's
// threads, and every exercise's ts-worker.js. Worker threads do not go through
// jest's transform, so each thread registers this require hook for `.ts`.
//
// Transpile only (types are checked by `npm run typecheck`, not here), with
// typescript.transpileModule, and the output kept in a cache keyed by a hash of
// the file's path, its content, the compiler options and TypeScript's version.
// Why a cache: loading the compiler costs ~0.35 s per thread, and graders start
// dozens of threads that load the same files; with a warm cache a thread never
// loads the compiler. @swc/core is not an option: it segfaults inside workers.
//
// The cache is best-effort: it lives in KIT_TS_CACHE if set, else in the
// temporary directory (os.tmpdir(), so under a sandbox that allows writes only
// to a scratch TMPDIR it lands there); when it cannot be read or written (a
// denied write under the permission model), files are transpiled in memory.
// Inline source maps keep stack traces pointing at the TypeScript lines, which
// the graders' messages quote.
const crypto = require('node:crypto');
const fs = require('node:fs');
const { createRequire } = require('node:module');
const os = require('node:os');
const path = require('node:path');
const { threadId } = require('node:worker_threads');

const KIT_ROOT = path.resolve(__dirname, '..', '..');
const kitRequire = createRequire(path.join(KIT_ROOT, 'package.json'));

/** The emit options of the kit's tsconfig.json (raw JSON), plus what a require hook needs. */
function rawCompilerOptions() {
  const config = JSON.parse(fs.readFileSync(path.join(KIT_ROOT, 'tsconfig.json'), 'utf8'));
  return { ...config.compilerOptions, module: 'commonjs', noEmit: false, inlineSourceMap: true, sourceMap: false, declaration: false };
}

const RAW_OPTIONS = rawCompilerOptions();
const TS_VERSION = JSON.parse(fs.readFileSync(kitRequire.resolve('typescript/package.json'), 'utf8')).version;
const SALT = `${TS_VERSION}\0${JSON.stringify(RAW_OPTIONS)}`;

/** @returns {string | undefined} */
function cacheDir() {
  const dir = process.env.KIT_TS_CACHE || path.join(os.tmpdir(), `concurrency-kit-ts-${typeof process.getuid === 'function' ? process.getuid() : 'user'}`);
  try {
    // Not `recursive`: on some paths (e.g. under /proc) a recursive mkdirSync never returns.
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    // EEXIST is the normal case; anything else (a denied write under the permission model): transpile in memory.
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') return undefined;
  }
  try {
    // The temp dir is shared: trust only a folder of our own that nobody else can write into.
    const stat = fs.statSync(dir);
    const mine = typeof process.getuid !== 'function' || stat.uid === process.getuid();
    return stat.isDirectory() && mine && (stat.mode & 0o022) === 0 ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** @type {string | null | undefined} resolved on first use: a thread that loads no TypeScript touches nothing */
let dir;
/** @type {typeof import('typescript') | undefined} loaded on the first cache miss only */
let compiler;
/** @type {import('typescript').CompilerOptions} */
let options = {};

/** @param {string} source @param {string} filename @returns {string} */
function transpile(source, filename) {
  if (!compiler) {
    compiler = /** @type {typeof import('typescript')} */ (kitRequire('typescript'));
    options = compiler.convertCompilerOptionsFromJson(RAW_OPTIONS, KIT_ROOT).options;
  }
  return compiler.transpileModule(source, { compilerOptions: options, fileName: filename }).outputText;
}

/** What the transpiled output depends on: TypeScript's version, the options, the file's path and content. @param {string} source @param {string} filename */
function cacheKey(source, filename) {
  return crypto.createHash('sha256').update(SALT).update('\0').update(filename).update('\0').update(source).digest('hex');
}

/** @param {string} source @param {string} filename @returns {string} */
function compiled(source, filename) {
  if (dir === undefined) dir = cacheDir() ?? null;
  if (dir === null) return transpile(source, filename);
  const file = path.join(dir, `${cacheKey(source, filename)}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // not cached yet (or unreadable): transpile below
  }
  const output = transpile(source, filename);
  try {
    // Write then rename: a thread reading at the same moment sees the whole file or none.
    const partial = `${file}.${process.pid}-${threadId}.tmp`;
    fs.writeFileSync(partial, output, { mode: 0o600 });
    fs.renameSync(partial, file);
  } catch {
    // a cache we cannot write is only slower
  }
  return output;
}

// require.extensions is deprecated for applications but is the CommonJS loader's
// documented hook point (ts-node and @babel/register use it too).
const extensions = /** @type {Record<string, (module: { _compile(code: string, filename: string): void }, filename: string) => void>} */ (
  /** @type {unknown} */ (require.extensions)
);
if (!extensions['.ts']) {
  extensions['.ts'] = function loadTypeScript(module, filename) {
    const code = compiled(fs.readFileSync(filename, 'utf8'), filename);
    // Enabled only now, after the compiler (if needed) has loaded: with source maps on,
    // Node scans every module it loads for a map, and the compiler is a 9 MB file.
    process.setSourceMapsEnabled(true);
    module._compile(code, filename);
  };
}

/** Load the compiler now (a standby warms up before its grade: the saved file's transform is then quick). */
function warm() {
  transpile('', path.join(KIT_ROOT, 'warm.ts'));
}

// For jest's transform of graders and learner code (tools/jest/ts-transform.js) and the cache warm-up
// after install (tools/warm-cache.js): the same transpile and cache.
module.exports = { cacheKey, compiled, warm };
