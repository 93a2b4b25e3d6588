// npm run watch, end to end: a real watcher on a copy of exercise 02, real saves,
// real jest processes. Checks: the first grade, a syntax error shown from the
// compiler, a save during a grade cancels it (its jest process is gone and a new
// one runs), and Ctrl-C (SIGINT) ends the watcher and every process it started.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../tools/kit';
import { loadManifest, selectExercises } from '../../tools/manifest';

const slug = '02-async-dashboard';

/** Pids of live processes grading `dir` (the runner gives each jest process KIT_EXERCISE_DIR). */
function gradersOf(dir: string): number[] {
  const marker = `KIT_EXERCISE_DIR=${dir}`;
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      const state = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (env.includes(marker) && state !== 'Z') found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let child: ChildProcessWithoutNullStreams | undefined;
let root: string | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('watch: grades, shows a syntax error, cancels a grade on save, and Ctrl-C leaves no process behind', async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-watch-'));
  const dir = path.join(root, slug);
  fs.cpSync(path.join(repoRoot, 'starters', slug), dir, { recursive: true });
  const file = path.join(dir, 'index.ts');
  const starter = fs.readFileSync(file, 'utf8');

  child = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', path.join(repoRoot, 'tools', 'watch.ts'), '02', '--target', root], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
  const since = (mark: number) => output.slice(mark);

  // 1. The first grade: the untouched starter scores 0, with its first failing check's message.
  await until('the first grade', () => output.includes('Watching 02-async-dashboard/'));
  const [dashboard] = selectExercises(loadManifest(), ['02']);
  expect(output).toContain(`✗ 02 ${dashboard.title}  0/${dashboard.points}`);
  expect(output).toContain('First failing check:');
  expect(output).toContain('Not implemented yet');

  // 2. A syntax error: the compiler's message, no grade, the watcher lives on.
  let mark = output.length;
  fs.writeFileSync(file, `${starter}\nexport const broken = ;\n`);
  await until('the syntax error', () => since(mark).includes('Fix it and save again'));
  expect(since(mark)).toMatch(/index\.ts:\d+:\d+ error TS1109: Expression expected\./);
  expect(since(mark)).not.toContain('internal error');

  // 3. A save during a grade cancels it: that jest process goes, a new grade starts.
  mark = output.length;
  fs.writeFileSync(file, fs.readFileSync(path.join(repoRoot, 'solutions', slug, 'index.ts'), 'utf8'));
  const [first] = await until('a grade in flight', () => gradersOf(dir).length > 0 && gradersOf(dir));
  fs.appendFileSync(file, '\n// saved again\n');
  await until('the cancelled grade to end', () => !gradersOf(dir).includes(first) && gradersOf(dir).length > 0);
  expect(since(mark).match(/Grading 02/g)?.length).toBe(2);

  // 4. Ctrl-C while that grade runs: the watcher exits 0 and no grading process remains.
  expect(gradersOf(dir).length).toBeGreaterThan(0);
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  await until('every grading process to be gone', () => gradersOf(dir).length === 0, 3_000);
}, 180_000);
