// Bad input to a command gets one clear line naming the problem (exit 2), never
// a stack trace meant for us.
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../../tools/kit';

const npmRun = (script: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync('npm', ['run', '-s', script, '--', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env } });

test.each([
  ['test', ['99'], {}, /^error: No exercise "99"\. Name one by id or slug: 0/],
  ['test', ['--jobs', 'many'], {}, /^error: --jobs: expected a whole number ≥ 1, got "many"/],
  ['test', ['--bogus'], {}, /^error: arguments: Unknown option '--bogus'/],
  ['test', ['02'], { KIT_TARGET: 'no/such/dir' }, /^error: KIT_TARGET "no\/such\/dir" is not a folder/],
  ['verify', ['nope'], {}, /^error: No exercise "nope"/],
  ['hint', ['nope'], {}, /^error: No exercise "nope"/],
  ['grade:all', [], {}, /^error: arguments: usage: npm run grade:all -- <folder of submissions>/],
  ['classroom:export', [], {}, /^error: arguments: usage: npm run classroom:export -- <new folder>/],
  ['classroom:export', [repoRoot], {}, /is not empty; export into a new or empty folder/],
  ['new', ['7-x', 'Title'], {}, /^error: npm run new: "7-x" is not an exercise name/],
  ['new', ['02-again', 'Title'], {}, /^error: npm run new: id 02 is taken by 02-async-dashboard\n$/],
  ['new', [], {}, /^error: arguments: usage: npm run new -- NN-slug "Title"/],
  ['sync', ['02'], {}, /^error: arguments: usage: npm run sync/],
  ['watch', ['02', '03'], {}, /^error: arguments: watch one exercise at a time, got 02 03/],
  ['watch', ['nope'], {}, /^error: No exercise "nope"/],
  ['watch', ['02', '--target', 'no/such/dir'], {}, /^error: KIT_TARGET "no\/such\/dir" is not a folder/],
  ['bench:models', ['--runs', '0'], {}, /^error: --runs: expected a whole number ≥ 1, got "0"/],
  ['bench:models', ['--warmup=-1'], {}, /^error: --warmup: expected a whole number ≥ 0, got "-1"/],
  ['bench:models', ['--bogus'], {}, /^error: arguments: Unknown option '--bogus'/],
])('npm run %s -- %j fails clearly', (script, args, env, message) => {
  const run = npmRun(script, args as string[], env as NodeJS.ProcessEnv);
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}, 30_000);

test('npm test -- --help prints the usage and exits 0', () => {
  const run = npmRun('test', ['--help']);
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^Usage: npm test/);
}, 30_000);
