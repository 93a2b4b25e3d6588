// `npm run bench:watch [-- <exercise>...] [--runs N] [--code solutions|starters] [--foreign] [--settle MS]`
// Watch mode's save → result time, as a learner gets it: a fresh learner
// template (tools/export.ts) with the exercise's code copied into its starters/,
// its own `npm run watch -- NN` started there (the script from its package.json,
// without npm's own start-up), then N saves of index.ts, each timed from just
// before the write until the result's status line has arrived on the pipe.
// Between saves it waits --settle ms after a result (a learner edits for a while
// between saves; the watcher may use that time). --foreign grades the copy as a
// submission instead (--target DIR: template copy + sandbox, as npm test does).
// Run it under `flock /tmp/realtime.lock` on a quiet machine: it measures real time.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { errors, runCli } from '../errors';
import { repoRoot } from '../kit';
import { loadManifest, selectExercises, type Exercise } from '../manifest';
import { summarize } from './stats';

const RESULT = /Watching \S+\/ for saves \(save → result ([\d.]+) s\)/;

interface Sample {
  /** Write → status line on the pipe, measured here. */
  ms: number;
  /** What the watcher's status line said. */
  reportedS: number;
  /** Whether that grade scored full (a sanity check: the code did not change meaning). */
  full: boolean;
}

class Watcher {
  output = '';
  readonly exited: Promise<number | null>;
  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (c: Buffer) => (this.output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (this.output += c.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  /** Resolves with the first status line after `mark` and the time it arrived. */
  async next(mark: number, timeoutMs = 120_000): Promise<{ at: number; text: string; match: RegExpMatchArray }> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const text = this.output.slice(mark);
      const match = text.match(RESULT);
      if (match) return { at: performance.now(), text, match };
      if (this.child.exitCode !== null) throw new Error(`the watcher exited (${this.child.exitCode}):\n${this.output.slice(-2000)}`);
      if (Date.now() > end) throw new Error(`no result within ${timeoutMs / 1000} s:\n${text.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.child.stdout!.off('data', done);
          resolve();
        };
        const timer = setTimeout(done, 200);
        this.child.stdout!.on('data', done);
      });
    }
  }
}

/** A learner template with `code`'s version of the exercise in its starters/. */
function learnerCopy(exercise: Exercise, code: string): string {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kit-bench-watch-')));
  const kit = path.join(base, 'kit');
  const { exportTemplate } = require('../export') as typeof import('../export');
  exportTemplate(kit);
  fs.symlinkSync(fs.realpathSync(path.join(repoRoot, 'node_modules')), path.join(kit, 'node_modules'));
  const dir = path.join(kit, 'starters', exercise.slug);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(repoRoot, code, exercise.slug), dir, { recursive: true });
  return kit;
}

async function benchOne(exercise: Exercise, options: { runs: number; code: string; foreign: boolean; settleMs: number }): Promise<Sample[]> {
  const kit = learnerCopy(exercise, options.code);
  const script = (JSON.parse(fs.readFileSync(path.join(kit, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.watch;
  const args = [exercise.id, ...(options.foreign ? ['--target', path.join(kit, 'starters')] : [])];
  const child = spawn('/bin/sh', ['-c', `exec ${script} "$@"`, 'watch', ...args], {
    cwd: kit,
    env: { ...process.env, NO_COLOR: '1', PATH: `${path.join(kit, 'node_modules', '.bin')}:${process.env.PATH}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watcher = new Watcher(child);
  const file = path.join(kit, 'starters', exercise.slug, 'index.ts');
  const original = fs.readFileSync(file, 'utf8');
  const samples: Sample[] = [];
  try {
    await watcher.next(0, 300_000); // the first grade (cold caches) is not a sample
    for (let i = 0; i < options.runs; i++) {
      await new Promise((r) => setTimeout(r, options.settleMs));
      const mark = watcher.output.length;
      const start = performance.now();
      fs.writeFileSync(file, `${original}\n// save ${i + 1}\n`);
      const { at, text, match } = await watcher.next(mark);
      samples.push({ ms: at - start, reportedS: Number(match[1]), full: text.includes(`✓ ${exercise.id} is complete.`) });
      process.stdout.write('.');
    }
  } finally {
    child.kill('SIGINT');
    await watcher.exited;
    fs.rmSync(path.dirname(kit), { recursive: true, force: true });
  }
  return samples;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { runs: { type: 'string', default: '10' }, code: { type: 'string', default: 'solutions' }, foreign: { type: 'boolean', default: false }, settle: { type: 'string', default: '1500' } },
    });
  } catch (error) {
    throw errors.badOption('arguments', (error as Error).message);
  }
  const runs = Number(parsed.values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw errors.badOption('--runs', `expected a whole number ≥ 1, got "${parsed.values.runs}"`);
  const settleMs = Number(parsed.values.settle);
  if (!Number.isInteger(settleMs) || settleMs < 0) throw errors.badOption('--settle', `expected a whole number of ms ≥ 0, got "${parsed.values.settle}"`);
  const code = parsed.values.code!;
  if (!['solutions', 'starters'].includes(code)) throw errors.badOption('--code', `expected solutions or starters, got "${code}"`);
  const exercises = selectExercises(loadManifest(), parsed.positionals.length > 0 ? parsed.positionals : ['02', '06', '08']);
  process.stdout.write(`Watch mode, save → result, ${runs} saves each (${code}${parsed.values.foreign ? ', as a submission' : ''}; ${settleMs} ms between a result and the next save); load ${os.loadavg()[0].toFixed(2)}\n`);
  const f = (ms: number) => `${(ms / 1000).toFixed(2)}s`.padStart(7);
  for (const exercise of exercises) {
    const samples = await benchOne(exercise, { runs, code, foreign: parsed.values.foreign!, settleMs });
    const s = summarize(samples.map((x) => x.ms));
    const r = summarize(samples.map((x) => x.reportedS * 1000));
    const full = samples.filter((x) => x.full).length;
    process.stdout.write(
      `\n${exercise.slug.padEnd(24)} min ${f(s.minMs)} median ${f(s.medianMs)} max ${f(s.maxMs)}   (status line: ${f(r.minMs)} ${f(r.medianMs)} ${f(r.maxMs)}; full ${full}/${samples.length})\n`,
    );
  }
  process.stdout.write(`load after: ${os.loadavg()[0].toFixed(2)}\n`);
  return 0;
}

runCli(main);
