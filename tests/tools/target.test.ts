// KIT_TARGET resolution: the default, named targets, explicit paths, and clear errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KitError } from '../../tools/errors';
import { repoRoot } from '../../tools/kit';
import { loadManifest } from '../../tools/manifest';
import { exerciseDir, resolveTarget } from '../../tools/target';

const exercises = loadManifest();

test('defaults to starters', () => {
  expect(resolveTarget(undefined, exercises)).toEqual({ name: 'starters', dir: path.join(repoRoot, 'starters') });
  expect(resolveTarget('  ', exercises).name).toBe('starters');
});

test('solutions and relative paths resolve against the kit root, whatever the cwd', () => {
  expect(resolveTarget('solutions', exercises).dir).toBe(path.join(repoRoot, 'solutions'));
  expect(resolveTarget('./solutions/', exercises).dir).toBe(path.join(repoRoot, 'solutions'));
});

test('an absolute folder outside the kit works, and exercise folders are found inside it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-target-'));
  fs.mkdirSync(path.join(dir, exercises[0].slug));
  const target = resolveTarget(dir, exercises);
  expect(target).toEqual({ name: dir, dir });
  expect(exerciseDir(target, exercises[0])).toBe(path.join(dir, exercises[0].slug));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a missing path is a clear error that names it and the choices', () => {
  expect(() => resolveTarget('no/such/folder', exercises)).toThrow(KitError);
  expect(() => resolveTarget('no/such/folder', exercises)).toThrow(/"no\/such\/folder" is not a folder .*starters.*solutions/);
});

test('a folder holding none of the exercise folders is a clear error', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-empty-'));
  expect(() => resolveTarget(dir, exercises)).toThrow(/holds none of the exercise folders \(expected folders such as \d\d-/);
  fs.rmSync(dir, { recursive: true, force: true });
});
