// tools/warm-cache.js ("prepare" after npm ci/install) fills the TypeScript loader's cache.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDirPerTest } from '../temp-dir';

const repoRoot = path.resolve(__dirname, '..', '..');
const temp = tempDirPerTest('kit-warm-cache-');

const warm = () =>
  spawnSync(process.execPath, [path.join(repoRoot, 'tools', 'warm-cache.js'), '--verbose'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, KIT_TS_CACHE: temp.path('ts') },
  });

test('transpiles every TypeScript file of graders, starters, solutions and tools into the cache, once', () => {
  const first = warm();
  expect(first.status).toBe(0);
  const count = Number(first.stdout.match(/(\d+) TypeScript files/)?.[1]);
  expect(count).toBeGreaterThan(100);
  const files = fs.readdirSync(temp.path('ts'));
  expect(files.filter((f) => f.endsWith('.js'))).toHaveLength(count);
  const written = files.map((f) => fs.statSync(temp.path('ts', f)).mtimeMs);
  expect(warm().status).toBe(0);
  expect(fs.readdirSync(temp.path('ts')).map((f) => fs.statSync(temp.path('ts', f)).mtimeMs)).toEqual(written);
});

test('a cache it cannot write is no error: grading then transpiles in memory', () => {
  fs.writeFileSync(temp.path('ts'), 'not a folder');
  const run = warm();
  expect(run.status).toBe(0);
  expect(run.stderr).toBe('');
});
