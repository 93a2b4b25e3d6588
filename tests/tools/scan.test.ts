// The forgery scan: every banned kind is flagged in the forms a hostile learner
// would write it, and no legitimate code (every current solution and starter,
// plus common look-alikes) is.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../tools/kit';
import { loadManifest } from '../../tools/manifest';
import { flagReasons, forgeryFlags, scanExercise, scanSource } from '../../tools/scan';
import type { ScanKind } from '../../tools/scan-rules';

const manifest = loadManifest();
const slugs = manifest.map((e) => e.slug);
const kindsIn = (source: string, file = 'index.ts') => [...new Set(scanSource(file, source, slugs).map((h) => h.kind))].sort();

// [what the learner wrote, the kinds it must raise]
const hostile: Array<[string, ScanKind[]]> = [
  ["import vm from 'node:vm';", ['vm']],
  ["const { runInThisContext } = require('vm');", ['vm']],
  ["import { fork } from 'child_process';", ['child_process']],
  ["import { exec } from 'node:child_process';", ['child_process', 'process-spawn']],
  ["const { spawnSync } = require('child_process');", ['child_process', 'process-spawn']],
  ["import cp from 'child_process';\ncp.execSync('sh');", ['child_process', 'process-spawn']],
  ["require('child_process').spawn('sh');", ['child_process', 'process-spawn']],
  ["fork(file, [], { execArgv: ['-e', code] });", ['eval']],
  ["fork(file, [], { execArgv: ['--require=./x'] });", ['eval']],
  ["const o = process.env.NODE_OPTIONS;", ['kit-env']],
  ["import cluster from 'node:cluster';", ['child_process']],
  ["import { Worker } from 'node:worker_threads';", ['worker_threads']],
  ["import fs from 'node:fs';\nfs.writeFileSync(process.argv[1], 'x');", ['fs']],
  ["import { writeFile } from 'fs/promises';", ['fs']],
  ['process.kill(process.ppid, 9);', ['process-internals']],
  ["process['kill'](1);", ['process-internals']],
  ['const { kill } = process;\nkill(1);', ['process-internals']],
  ["import proc from 'node:process';\nproc.kill(1);", ['process-internals']],
  ["globalThis.process.binding('fs');", ['process-internals']],
  ["import inspector from 'node:inspector';", ['process-internals']],
  ["const environ = '/proc/self/environ';", ['kit-paths']],
  ['for (const k of Object.keys(require.cache)) delete require.cache[k];', ['builtin-patch', 'module-internals']],
  ["import Module from 'node:module';\n(Module as any)._cache = {};", ['builtin-patch', 'module-internals']],
  ['const M = (module as any).constructor;', ['eval', 'module-internals']],
  ['const r = require;\nr(name);', ['module-internals']],
  ["test('fake', () => {});", ['jest-globals']],
  ['expect(1).toBe(1);', ['jest-globals']],
  ["describe('x', () => { it('y', () => {}); });", ['jest-globals']],
  ['jest.fn();', ['jest-globals']],
  ['beforeAll(() => {});', ['jest-globals']],
  ['(globalThis as any).test = () => {};', ['builtin-patch', 'jest-globals']],
  ["const state = Symbol.for('JEST_STATE_SYMBOL');", ['jest-globals']],
  ['const file = process.env.KIT_RESULTS_FILE;', ['kit-env']],
  ["const out = process.env['GITHUB_OUTPUT'];", ['kit-env']],
  ["const name = 'KIT_' + 'RESULTS_FILE';", ['kit-env']],
  ['const copy = { ...process.env };', ['kit-env']],
  ['const { env } = process;', ['kit-env']],
  ['const v = process.env[key];', ['dynamic-access']],
  ["import '../../graders/02-async-dashboard.grader';", ['kit-paths']],
  ["export * from '../../solutions/02-async-dashboard';", ['kit-paths']],
  ["const g = path.join(__dirname, '..', '..', 'graders');", ['kit-paths']],
  ["const t = `${root}/tools/results.ts`;", ['kit-paths']],
  ["const j = 'node_modules/jest-circus/build/state.js';", ['jest-globals', 'kit-paths']],
  ["const r = require('/etc/passwd');", ['kit-paths']],
  ["eval('1 + 1');", ['eval']],
  ["const f = new Function('return 1');", ['eval']],
  ["const g = Function('return this')();", ['eval']],
  ["(() => {}).constructor('return process')();", ['eval']],
  ["const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;", ['eval']],
  ["(globalThis as any).eval('1');", ['eval']],
  ["new Worker('process.exit()', { eval: true });", ['eval']],
  ["(globalThis as any)['ev' + 'al']('1');", ['dynamic-access']],
  ['const g = globalThis;', ['dynamic-access']],
  ["Reflect.get(global, 'process');", ['dynamic-access']],
  ['const m = require(name);', ['dynamic-access']],
  ['const m = require(`./${name}`);', ['dynamic-access']],
  ['const m = await import(name);', ['dynamic-access']],
  ['function f() { return f.caller; }', ['dynamic-access']],
  ["import path from 'node:path';\nconst m = require(path.resolve(process.argv[2]));", ['argv-require']],
  ['const path = { resolve: (x: string) => x };\nconst m = require(path.resolve(process.argv[2]));', ['dynamic-access']],
  ["let t = require.resolve('ts-node');\nt += suffix;\nrequire(t);", ['dynamic-access']],
  ["let t = require.resolve('ts-node');\n[t] = [other];\nrequire(t);", ['dynamic-access']],
  ["const t = require.resolve('ts-node');\nfunction f(t: string) { return require(t); }", ['dynamic-access']],
  ["let t;\ntry { t = require.resolve('ts-node'); } catch { t = require.resolve('jest'); }\nrequire(t);", ['jest-globals', 'package']],
  ["import fc from 'fast-check';", ['package']],
  ["const circus = require('jest-circus');", ['jest-globals', 'package']],
  ['Array.prototype.every = () => true;', ['builtin-patch']],
  ["Object.defineProperty(Object.prototype, 'passed', { get: () => true });", ['builtin-patch']],
  ['console.log = () => {};', ['builtin-patch']],
  ['(Promise.prototype as any).then = null;', ['builtin-patch']],
  ['(Object.prototype as any).passed ??= true;', ['builtin-patch']],
  ['(globalThis as any).expect ??= () => ({});', ['builtin-patch', 'jest-globals']],
  ['JSON.stringify = () => "{}";', ['builtin-patch']],
  ['delete (globalThis as any).setTimeout;', ['builtin-patch']],
  ["import assert from 'node:assert';\n(assert as any).deepStrictEqual = () => undefined;", ['builtin-patch']],
  ["import * as util from 'node:util';\nObject.defineProperty(util, 'isDeepStrictEqual', { value: () => true });", ['builtin-patch']],
  ["require('node:assert').equal = () => undefined;", ['builtin-patch']],
  ["Object.getPrototypeOf({}).passed = true;", ['builtin-patch']],
  ['({} as any).__proto__.passed = true;', ['dynamic-access']],
  ["require('process').kill(1);", ['process-internals']],
  ["const p = require('node:process');\np.kill(1);", ['process-internals']],
  ['process.stdout.write = () => true;', ['builtin-patch']],
  ["process.stdout.write('Points 216/216\\n');", ['fake-output']],
  ["console.log('result=eyJ2ZXJzaW9uIjoxfQ==');", ['fake-output']],
  ["console.log('::notice title=Autograding complete::Points 216/216');", ['fake-output']],
  ["process.stdout.write('\\u001b[2J\\u001b[H');", ['fake-output']],
];

describe('each banned kind is flagged', () => {
  test.each(hostile)('%s', (source, kinds) => {
    expect(kindsIn(source)).toEqual([...kinds].sort());
  });
});

// Look-alikes that are ordinary code: words in comments and strings, locals named
// like jest globals, property names, reading a constructor's name.
const legit = [
  "// don't use eval, require('vm'), process.kill or test() here\nexport const x = 1;",
  '/* globalThis.test = ... would be cheating */ export {};',
  "throw new Error('do not call eval or use child processes');",
  'for (const it of [1, 2]) console.log(it);',
  'const items = [1].map((it) => it * 2);',
  "function expect(value: number) { return value; }\nexpect(1);",
  "const describe = (x: unknown) => String(x);\ndescribe(1);",
  "if (/^\\d+$/.test('12')) console.log('digits');",
  'const o = { test: 1, it: 2, expect: 3 };\nconsole.log(o.test, o.it, o.expect);',
  'class A { test() { return 1; } }\nnew A().test();',
  'const isFn = (f: unknown) => f instanceof Function;',
  'const name = (e: Error) => e.constructor.name;',
  'const same = (e: Error, C: unknown) => e.constructor === C;',
  "(Symbol as unknown as { dispose?: symbol }).dispose ??= Symbol.for('Symbol.dispose');",
  "(Promise as any).withResolvers ??= () => ({});",
  'const range = `${first}..${last}`;',
  "console.log('waiting...', 'power tools', 'grades are in');",
  'module.exports = { a: 1 };',
  "import { WorkerPool } from '../04-cpu-parallel';",
  "import { heavy } from '../04-cpu-parallel/tasks';",
  "import { helper } from './lib/helper';",
  'if (typeof process !== "undefined") console.log(process.pid, process.argv.length);',
  'type T = jest.Mock;\nlet f: typeof test | undefined;',
  "import path from 'node:path';\nimport os from 'node:os';\nimport http from 'node:http';\nimport { setTimeout as sleep } from 'node:timers/promises';",
  "const sep = `${path.sep}node_modules${path.sep}`;",
  "throw new RangeError(`n must be >= 0, got ${n}`);",
  'process.on("message", (m) => process.send?.(m));',
  'let self = this;\nconst w = self;',
  "let t;\ntry { t = require.resolve('ts-node'); } catch { throw new Error('no ts-node'); }\nrequire(t).register({});",
];

describe('legitimate code is not flagged', () => {
  test.each(legit)('%s', (source) => {
    expect(scanSource('index.ts', source, slugs)).toEqual([]);
  });
});

test('every current solution and starter scans clean, with its exercise allowances', () => {
  const hits = ['solutions', 'starters'].flatMap((where) =>
    manifest.flatMap((e) => scanExercise(path.join(repoRoot, where, e.slug), e, slugs).map((h) => `${where}/${e.slug}/${h.file}:${h.line} ${h.kind} ${h.what}`)),
  );
  expect(hits).toEqual([]);
});

describe('allowances are per exercise and per file', () => {
  let dir: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  const exercise = (id: string) => manifest.find((e) => e.id === id)!;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-scan-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("04's pool.ts may fork a Node worker, never exec or spawn a program", () => {
    write('pool.ts', "import { fork, spawn } from 'node:child_process';\nimport * as cp from 'child_process';\ncp.fork('w.js');\ncp.exec('sh');\n");
    expect(scanExercise(dir, exercise('04'), slugs).map((h) => `${h.line} ${h.kind} ${h.what}`)).toEqual([
      '1 process-spawn child_process spawn',
      '4 process-spawn cp.exec',
    ]);
  });

  test("04's pool.ts may fork processes; its other files and other exercises may not", () => {
    write('pool.ts', "import { fork } from 'node:child_process';\n");
    write('index.ts', "import { fork } from 'node:child_process';\n");
    expect(scanExercise(dir, exercise('04'), slugs).map((h) => `${h.file} ${h.kind}`)).toEqual(['index.ts child_process']);
    expect(scanExercise(dir, exercise('02'), slugs).map((h) => `${h.file} ${h.kind}`)).toEqual(['index.ts child_process', 'pool.ts child_process']);
  });

  test('worker threads are allowed where the lesson uses them (01, 04, 05) only', () => {
    write('index.ts', "import { Worker } from 'node:worker_threads';\n");
    expect(scanExercise(dir, exercise('01'), slugs)).toEqual([]);
    expect(scanExercise(dir, exercise('05'), slugs)).toEqual([]);
    expect(scanExercise(dir, exercise('03'), slugs).map((h) => h.kind)).toEqual(['worker_threads']);
  });

  test('files the learner added are scanned too, in subfolders, and what cannot be read as code is flagged', () => {
    write('lib/deep/helper.js', "module.exports = require('vm');\n");
    write('addon.node', 'binary');
    write('node_modules/fast-check/index.js', 'module.exports = {};');
    fs.symlinkSync(path.join(repoRoot, 'graders'), path.join(dir, 'graders-link'));
    const reasons = flagReasons(scanExercise(dir, exercise('02'), slugs));
    expect(reasons).toEqual([
      'graders-link: a symbolic link: a file the scan cannot read as code (symbolic link, native addon, too large)',
      'addon.node: a native addon: a file the scan cannot read as code (symbolic link, native addon, too large)',
      "node_modules: a node_modules folder: a package from node_modules (the exercises use Node's built-ins only)",
      "lib/deep/helper.js:1: require('vm'): the vm module (runs code the grader cannot see)",
    ].sort((a, b) => reasons.indexOf(a) - reasons.indexOf(b)));
    expect(reasons).toHaveLength(4);
  });

  test('the reasons name file, line and what was seen, and stop after a dozen with a count', () => {
    write('index.ts', Array.from({ length: 20 }, (_, i) => `eval('${i}');`).join('\n'));
    const reasons = flagReasons(scanExercise(dir, exercise('02'), slugs));
    expect(reasons[0]).toBe("index.ts:1: eval: code built from strings (eval, new Function, a constructor, a Worker with eval: true, node -e / --require)");
    expect(reasons).toHaveLength(12);
    expect(reasons[11]).toBe('and 9 more');
  });

  test('a folder that cannot be read is a flag, not a crash', () => {
    expect(forgeryFlags(path.join(dir, 'missing'), exercise('02'), slugs)).toEqual([]);
    write('index.ts', 'export {};');
    fs.chmodSync(dir, 0o000);
    const flags = forgeryFlags(dir, exercise('02'), slugs);
    fs.chmodSync(dir, 0o700);
    // root reads anything: then the folder simply scans clean
    expect(flags.length === 0 || flags[0].startsWith('the forgery scan could not read this folder')).toBe(true);
  });
});
