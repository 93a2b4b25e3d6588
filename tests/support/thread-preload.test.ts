// graders/support/thread-preload.js: preloaded into grading processes, it hands a worker
// thread's plain transpile-only ts-node registration (what every exercise's ts-worker.js
// asks for) to the kit's cached loader, and changes nothing else. Each case runs a fresh
// node process started with `-r thread-preload.js`, as tools/run-exercise.ts starts jest.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDirPerTest } from '../temp-dir';

const root = path.resolve(__dirname, '..', '..');
const preload = path.join(root, 'graders', 'support', 'thread-preload.js');
const bootstrap = path.join(root, 'solutions', '01-threads-progress', 'ts-worker.js');
const temp = tempDirPerTest('kit-thread-preload-');
const { write } = temp;
/** The loader's cache folder (KIT_TS_CACHE) inside the test's folder, or a file in it. */
const cache = (...parts: string[]) => temp.path('cache', ...parts);

/** A TypeScript worker file that reports how it was loaded: argv, and whether the compiler or ts-node's own code is loaded in its thread. */
const probe = () =>
  write(
    'probe.ts',
    "import { parentPort } from 'node:worker_threads';\n" +
      'const loaded = (re: RegExp): boolean => Object.keys(require.cache).some((k) => re.test(k));\n' +
      "const n: number = 5;\n" +
      "parentPort!.postMessage({ n, arg: process.argv[3], compiler: loaded(/node_modules[\\\\/]typescript[\\\\/]/), tsNode: loaded(/ts-node[\\\\/]dist[\\\\/](?!index\\.js)/) });\n",
  );

/** In a node process started with `-r thread-preload.js`: run `script` (which defines `file`), print what it posts. */
function run(script: string, file: string, flags: string[] = ['-r', preload]) {
  const main =
    `const { Worker } = require('node:worker_threads'); const file = ${JSON.stringify(file)}; const bootstrap = ${JSON.stringify(bootstrap)};\n` +
    `${script}\n`;
  return spawnSync(process.execPath, [...flags, '-e', main], { cwd: root, encoding: 'utf8', env: { ...process.env, KIT_TS_CACHE: cache() } });
}

const startThrough = (extra = '') =>
  `const w = new Worker(bootstrap, { argv: [file, 'extra'] ${extra} }); w.on('message', (m) => { console.log(JSON.stringify(m)); w.terminate(); }); w.on('error', (e) => { console.log('error', e.message); });`;

test("a thread started through an exercise's ts-worker.js runs TypeScript through the kit's cached loader, without ts-node or the compiler once cached", () => {
  const file = probe();
  const first = run(startThrough(), file);
  expect([first.status, first.stderr]).toEqual([0, '']);
  expect(JSON.parse(first.stdout)).toMatchObject({ n: 5, arg: 'extra', tsNode: false });
  expect(fs.readdirSync(cache()).length).toBeGreaterThan(0); // the kit's cache, not ts-node's
  const second = run(startThrough(), file);
  expect(JSON.parse(second.stdout)).toEqual({ n: 5, arg: 'extra', compiler: false, tsNode: false });
});

test('without the preload the same thread registers the real ts-node', () => {
  const file = probe();
  const plain = run(startThrough(), file, []);
  expect(JSON.parse(plain.stdout)).toMatchObject({ n: 5, arg: 'extra', tsNode: true });
});

test('a registration with options the kit loader does not honour goes to the real ts-node', () => {
  const file = probe();
  const starter = write(
    'start-typed.js',
    "const tsNode = require.resolve('ts-node', { paths: [process.cwd()] });\n" +
      "require(tsNode).register({ transpileOnly: true, compilerOptions: { module: 'commonjs', target: 'es2019' } });\n" +
      'require(process.argv[2]);\n',
  );
  const result = run(`const w = new Worker(${JSON.stringify(starter)}, { argv: [file, 'extra'] }); w.on('message', (m) => { console.log(JSON.stringify(m)); w.terminate(); });`, file);
  expect(JSON.parse(result.stdout)).toMatchObject({ n: 5, arg: 'extra', tsNode: true });
});

test('nothing is registered up front: a thread that never asks for TypeScript cannot load it', () => {
  const file = probe();
  const starter = write('no-register.js', 'require(process.argv[2]);\n');
  const result = run(`const w = new Worker(${JSON.stringify(starter)}, { argv: [file] }); w.on('error', (e) => console.log('error', e.name)); w.on('message', () => console.log('loaded'));`, file);
  expect(result.stdout.trim()).toBe('error SyntaxError');
});

test('the main thread is left alone: ts-node there is the real module', () => {
  const result = spawnSync(process.execPath, ['-r', preload, '-e', "console.log(Object.keys(require('ts-node')).includes('create'))"], { cwd: root, encoding: 'utf8' });
  expect(result.stdout.trim()).toBe('true');
});
