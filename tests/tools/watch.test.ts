// npm run watch, end to end: a real watcher on a copy of exercise 02 (a folder
// outside the kit, so graded as npm test grades a submission: template copy and
// sandbox), real saves, real jest processes. Checks: the first grade, a syntax
// error shown from the compiler, a save during a grade cancels it (its jest
// process is gone and a new one runs), each result is the code saved last (the
// next grade's process is started ahead and waits; it must not grade stale
// code), and Ctrl-C (SIGINT) or the watcher's death leaves no process behind,
// whether a grade runs or only the waiting standby.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../tools/kit';
import { loadManifest, selectExercises } from '../../tools/manifest';

const slug = '02-async-dashboard';
const [dashboard] = selectExercises(loadManifest(), ['02']);
const solution = fs.readFileSync(path.join(repoRoot, 'solutions', slug, 'index.ts'), 'utf8');

/** Live processes the watcher started: their scratch folders lie under its own TMPDIR. */
function gradersUnder(tmp: string): number[] {
  const marker = `KIT_NOTES_FILE=${tmp}/`;
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      const state = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (env.some((v) => v.startsWith(marker)) && state !== 'Z') found.push(Number(entry));
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

interface Session {
  child: ChildProcessWithoutNullStreams;
  dir: string;
  file: string;
  tmp: string;
  out: () => string;
  exited: Promise<number | null>;
}

const sessions: Session[] = [];
let root: string | undefined;

/** A watcher on a fresh copy of 02 (starter or solution), with a TMPDIR of its own. */
function startWatch(code: 'starters' | 'solutions', env: Record<string, string> = {}): Session {
  root ??= fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kit-watch-')));
  const base = fs.mkdtempSync(path.join(root, 's-'));
  const dir = path.join(base, 'target', slug);
  const tmp = path.join(base, 'tmp');
  fs.mkdirSync(tmp);
  fs.cpSync(path.join(repoRoot, code, slug), dir, { recursive: true });
  const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', path.join(repoRoot, 'tools', 'watch.ts'), '02', '--target', path.dirname(dir)], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp, ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const session = { child, dir, file: path.join(dir, 'index.ts'), tmp, out: () => output, exited };
  sessions.push(session);
  return session;
}

/** The next result after `mark` (its status line), with the text since `mark`. */
const result = (s: Session, mark: number, what: string) => until(what, () => /Watching 02-async-dashboard\/ for saves \(save → result/.test(s.out().slice(mark)) && s.out().slice(mark));

afterEach(() => {
  for (const s of sessions.splice(0)) {
    if (s.child.exitCode === null) s.child.kill('SIGKILL');
    for (const pid of gradersUnder(s.tmp)) process.kill(pid, 'SIGKILL');
  }
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('watch: grades, shows a syntax error, cancels a grade on save, always grades the last save, and Ctrl-C leaves no process behind', async () => {
  const s = startWatch('starters');
  const since = (mark: number) => s.out().slice(mark);

  // 1. The first grade, contained as npm test contains a submission: the starter scores 0.
  const first = await result(s, 0, 'the first grade');
  expect(first).toMatch(/^Sandbox: /m);
  expect(first).toContain(`✗ 02 ${dashboard.title}  0/${dashboard.points}`);
  expect(first).toContain('First failing check:');
  expect(first).toContain('Not implemented yet');
  // The next grade's process is started and waits.
  await until('a standby process', () => gradersUnder(s.tmp).length > 0);

  // 2. A syntax error: the compiler's message, no grade, the watcher lives on.
  let mark = s.out().length;
  fs.writeFileSync(s.file, `${fs.readFileSync(s.file, 'utf8')}\nexport const broken = ;\n`);
  await until('the syntax error', () => since(mark).includes('Fix it and save again'));
  expect(since(mark)).toMatch(/index\.ts:\d+:\d+ error TS1109: Expression expected\./);
  expect(since(mark)).not.toContain('internal error');

  // 3. A save during a grade cancels it: that jest process goes, a new grade starts, and its
  //    result is the code saved last (the solution plus a comment): full.
  mark = s.out().length;
  fs.writeFileSync(s.file, solution);
  await until('a grade in flight', () => since(mark).includes('Grading 02'));
  const inFlight = await until('its process', () => gradersUnder(s.tmp).length > 0 && gradersUnder(s.tmp));
  fs.appendFileSync(s.file, '\n// saved again\n');
  await until('the cancelled grade to end', () => inFlight.every((p) => !gradersUnder(s.tmp).includes(p)));
  const full = await result(s, mark, 'the restarted grade');
  expect(full.match(/Grading 02/g)?.length).toBe(2);
  expect(full).toContain(`✓ 02 ${dashboard.title}  ${dashboard.points}/${dashboard.points}`);

  // 4. Back to the starter: the standby that started while the solution was on disk grades the starter.
  mark = s.out().length;
  fs.writeFileSync(s.file, fs.readFileSync(path.join(repoRoot, 'starters', slug, 'index.ts'), 'utf8'));
  expect(await result(s, mark, 'the starter again')).toContain(`✗ 02 ${dashboard.title}  0/${dashboard.points}`);

  // 5. Ctrl-C while idle (only the standby waits): the watcher exits 0 and no grading process remains.
  await until('a standby process', () => gradersUnder(s.tmp).length > 0);
  s.child.kill('SIGINT');
  expect(await s.exited).toBe(0);
  await until('every grading process to be gone', () => gradersUnder(s.tmp).length === 0, 3_000);
}, 240_000);

test('watch: Ctrl-C during a grade ends it; a killed watcher leaves no waiting process either', async () => {
  // Ctrl-C while a grade runs.
  const s = startWatch('solutions');
  await result(s, 0, 'the first grade');
  const mark = s.out().length;
  fs.appendFileSync(s.file, '\n// saved\n');
  await until('a grade in flight', () => s.out().slice(mark).includes('Grading 02') && gradersUnder(s.tmp).length > 0);
  s.child.kill('SIGINT');
  expect(await s.exited).toBe(0);
  await until('every grading process to be gone', () => gradersUnder(s.tmp).length === 0, 3_000);

  // SIGKILL (no handler runs) while the standby waits: the standby sees its stdin close and exits.
  // Without bubblewrap here, whose --die-with-parent would hide a standby that does not.
  const k = startWatch('solutions', { KIT_SANDBOX: 'none' });
  await result(k, 0, 'the first grade');
  await until('a standby process', () => gradersUnder(k.tmp).length > 0);
  k.child.kill('SIGKILL');
  await k.exited;
  await until('the standby to end by itself', () => gradersUnder(k.tmp).length === 0, 10_000);
}, 240_000);
