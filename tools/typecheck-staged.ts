// `npm run typecheck:staged`: the pre-commit hook. Type-checks the project but
// reports only errors in the files being committed, so it answers in seconds
// about *your* change. (Grading never needs types: it transpiles only.)
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './kit';

const staged = execFileSync('git', ['diff', '--cached', '--name-only', '--diff-filter=ACMR'], { cwd: repoRoot, encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.(ts|js)$/.test(f));
if (staged.length === 0) process.exit(0);

const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '--pretty', 'false', '-p', repoRoot], {
  cwd: repoRoot,
  encoding: 'utf8',
});
const mine = new Set(staged.map((f) => path.normalize(f)));
const errors = tsc.stdout.split('\n').filter((line) => {
  const file = line.match(/^(.+?)\(\d+,\d+\): error/)?.[1];
  return file !== undefined && mine.has(path.normalize(file));
});
if (errors.length === 0) process.exit(0);
process.stderr.write(`Type errors in the files you are committing:\n${errors.join('\n')}\n\n`);
process.stderr.write('Fix them, or commit anyway with `git commit --no-verify` (grading still runs: types are not graded).\n');
process.exit(1);
