// tools/warm-cache.js ("prepare" after npm ci/install) fills the TypeScript loader's cache.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');
let cache: string;
beforeEach(() => (cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-warm-cache-'))));
afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));

const warm = () =>
  spawnSync(process.execPath, [path.join(repoRoot, 'tools', 'warm-cache.js'), '--verbose'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, KIT_TS_CACHE: path.join(cache, 'ts') },
  });

test('transpiles every TypeScript file of graders, starters, solutions and tools into the cache, once', () => {
  const first = warm();
  expect(first.status).toBe(0);
  const count = Number(first.stdout.match(/(\d+) TypeScript files/)?.[1]);
  expect(count).toBeGreaterThan(100);
  const files = fs.readdirSync(path.join(cache, 'ts'));
  expect(files.filter((f) => f.endsWith('.js'))).toHaveLength(count);
  const written = files.map((f) => fs.statSync(path.join(cache, 'ts', f)).mtimeMs);
  expect(warm().status).toBe(0);
  expect(fs.readdirSync(path.join(cache, 'ts')).map((f) => fs.statSync(path.join(cache, 'ts', f)).mtimeMs)).toEqual(written);
});

test('a cache it cannot write is no error: grading then transpiles in memory', () => {
  fs.writeFileSync(path.join(cache, 'ts'), 'not a folder');
  const run = warm();
  expect(run.status).toBe(0);
  expect(run.stderr).toBe('');
});
