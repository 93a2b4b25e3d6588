// The kit's one TypeScript loader for threads and processes (graders/support/ts-register.js)
// and the exercises' ts-worker.js that hands over to it. Each case runs a fresh node process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDirPerTest } from '../temp-dir';

const root = path.resolve(__dirname, '..', '..');
const register = path.join(root, 'graders', 'support', 'ts-register.js');
const temp = tempDirPerTest('kit-ts-register-');
const { write } = temp;
/** The loader's cache folder (KIT_TS_CACHE) inside the test's folder, or a file in it. */
const cache = (...parts: string[]) => temp.path('cache', ...parts);

/** node [flags] -e "register; print require(file)" with the cache in KIT_TS_CACHE. */
function load(file: string, flags: string[] = []) {
  const script = `require(${JSON.stringify(register)}); const m = require(${JSON.stringify(file)}); console.log(JSON.stringify(m.out));`;
  return spawnSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8', env: { ...process.env, KIT_TS_CACHE: cache() } });
}

const entries = () => (fs.existsSync(cache()) ? fs.readdirSync(cache()) : []);

test('loads TypeScript (types stripped, imports of .ts files resolved) and caches each file once', () => {
  write('helper.ts', 'export const twice = (n: number): number => n * 2;\n');
  const main = write('main.ts', "import { twice } from './helper';\ninterface P { n: number }\nconst p: P = { n: 21 };\nexport const out = twice(p.n);\n");
  const first = load(main);
  expect([first.status, first.stdout.trim(), first.stderr]).toEqual([0, '42', '']);
  expect(entries()).toHaveLength(2);
  const second = load(main);
  expect([second.status, second.stdout.trim()]).toEqual([0, '42']);
  expect(entries()).toHaveLength(2);
});

test('a second load runs the cached output, and a changed source gets a new entry', () => {
  const main = write('main.ts', 'export const out: string = "compiled";\n');
  load(main);
  const [entry] = entries();
  fs.writeFileSync(cache(entry), 'exports.out = "from the cache";\n');
  expect(load(main).stdout.trim()).toBe('"from the cache"');
  write('main.ts', 'export const out: string = "changed";\n');
  expect(load(main).stdout.trim()).toBe('"changed"');
  expect(entries()).toHaveLength(2);
});

test('stack traces point at the TypeScript lines, from the cache too', () => {
  const main = write('main.ts', 'type T = { a: number };\n\nfunction f(t: T): number {\n  throw new Error(`boom ${t.a}`);\n}\nexport const out = f({ a: 1 });\n');
  for (let i = 0; i < 2; i++) expect(load(main).stderr).toContain(`${main}:4:9`);
});

test('when the cache cannot be written (permission model), it transpiles in memory and writes nothing', () => {
  const main = write('main.ts', 'export const out: number = 7;\n');
  const permission = Number(process.versions.node.split('.')[0]) >= 22 ? '--permission' : '--experimental-permission';
  const run = load(main, [permission, '--allow-fs-read=*']);
  expect([run.status, run.stdout.trim()]).toEqual([0, '7']);
  expect(fs.existsSync(cache())).toBe(false);
});

test('a cache folder that others can write into is not trusted: nothing is read from it or written to it', () => {
  const main = write('main.ts', 'export const out: string = "compiled";\n');
  load(main);
  const [entry] = entries();
  fs.writeFileSync(cache(entry), 'exports.out = "planted";\n');
  fs.chmodSync(cache(), 0o777);
  expect(load(main).stdout.trim()).toBe('"compiled"');
  write('main.ts', 'export const out: string = "changed";\n');
  expect(load(main).stdout.trim()).toBe('"changed"');
  expect(entries()).toEqual([entry]);
});

describe("an exercise's ts-worker.js", () => {
  const bootstrap = path.join(root, 'starters', '04-cpu-parallel', 'ts-worker.js');
  const run = (copy: string, cwd: string) =>
    spawnSync(process.execPath, [copy, write('task.ts', 'const n: number = 5;\nconsole.log(`ran ${n} ${process.argv[3]}`);\n'), 'extra'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, KIT_TS_CACHE: cache() },
    });

  test('every exercise ships the same file', () => {
    const copies = ['starters', 'solutions'].flatMap((side) =>
      fs.readdirSync(path.join(root, side)).map((slug) => path.join(root, side, slug, 'ts-worker.js')).filter((f) => fs.existsSync(f)),
    );
    expect(copies.length).toBeGreaterThanOrEqual(4);
    for (const copy of copies) expect([copy, fs.readFileSync(copy, 'utf8')]).toEqual([copy, fs.readFileSync(bootstrap, 'utf8')]);
  });

  test('outside the kit it finds the kit from the current directory, and passes the arguments on', () => {
    const copy = path.join(temp.dir, 'ts-worker.js');
    fs.copyFileSync(bootstrap, copy);
    const inKit = run(copy, path.join(root, 'graders'));
    expect([inKit.status, inKit.stdout.trim()]).toEqual([0, 'ran 5 extra']);
    const lost = run(copy, temp.dir);
    expect(lost.status).not.toBe(0);
    expect(lost.stderr).toContain('ts-worker.js: cannot find the kit');
  });
});
