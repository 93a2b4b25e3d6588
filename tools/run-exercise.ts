// Grade ONE exercise in its own jest process, with a hard wall-clock limit.
// Learner code is hostile: whatever it does (hang, exit, throw at import, patch
// globals, forge results, start processes, print or allocate without end) it can
// only cost this exercise. The parent decides the verdict:
// - from the one records message tools/jest/check-reporter.js signs with a key
//   sent over a private socket (no results file exists; unsigned lines are rejected);
// - only for a run that exited on its own with the exit code its records imply;
// - only for the checks the grader declares (tools/catalog.ts reads them from the
//   grader's source here, in the parent): an unknown, duplicated, missing or
//   re-priced check makes the exercise an error.
// After EVERY run, everything the run started is ended (process group, session,
// run marker, pids cgroup, bubblewrap's pid namespace) and its pipes destroyed.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { declaredChecks, type DeclaredCheck } from './catalog';
import { paths, repoRoot } from './kit';
import { failedExercise, gradedExercise, withFlags, type CheckResult, type ExerciseResult } from './results';
import { LIMITS, machine, wrap, type Mechanism } from './sandbox';
import { timelineRecord } from './timeline-record';

export interface GradeJob {
  exercise: {
    id: string;
    slug: string;
    title: string;
    points: number;
    timeoutSeconds: number;
    /** Checks that start child processes (04's process runtime): see runExercise. */
    childProcessChecks?: string[];
  };
  /** The folder holding the learner's files for this exercise. */
  exerciseDir: string;
  graderFile: string;
  /** Extra environment for the grader process; only KIT_* names pass (e.g. KIT_SEED). */
  env?: Record<string, string>;
  /** Run only these checks (by name); the others are reported as not run. verify uses it for mutants. */
  onlyChecks?: string[];
  /** The kit the jest process runs from (a learner-template copy when contained); default: this kit. */
  kitRoot?: string;
  /** Containment for this run (tools/sandbox.ts); default none. */
  sandbox?: Mechanism;
  /** Abort to stop grading at once (watch mode: a save during a grade); the result then says so. */
  signal?: AbortSignal;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const titlePattern = (names: string[]) => `(${names.map(escapeRegExp).join('|')}) \\[\\d+ pts?\\]$`;

/** What the learner sees of raw process output: printable text only, last lines. */
const printable = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');

const OUTPUT_TAIL = 64 * 1024;
const CHANNEL_LIMIT = 8 * 1024 * 1024;
/** After the jest process exits, how long the reporter's last bytes may take to arrive. */
const DRAIN_MS = 2_000;

/** Why a jest process ended without results, in words for the learner. */
function explainEarlyExit(code: number | null, signal: string | null, output: string): string {
  const exitCall = output.match(/process\.exit called with "([^"]*)"/);
  if (exitCall) {
    return `Your code called process.exit(${exitCall[1]}) while being graded, which ends the program. Remove that call: a library function should return or throw instead.`;
  }
  if (/heap out of memory|Array buffer allocation failed|Cannot allocate memory|RangeError: Invalid array length/.test(output)) {
    return `The grading process ran out of memory (limit: ${LIMITS.heapMb} MiB of heap, ${LIMITS.dataBytes / 1024 ** 3} GiB in all). Does your code keep everything it ever made?`;
  }
  if (signal || (code !== null && code > 128)) {
    const name = signal ?? `signal ${code! - 128}`;
    return `The grading process was killed by ${name} before it finished (out of memory, a file too large, or your code killed it). A killed run's results never count.`;
  }
  if (code === 0) {
    return (
      'The grading process stopped early without an error, as if there was nothing left to do. ' +
      'Does your code replace a built-in (Promise, setTimeout, process) or call process.exit() indirectly?'
    );
  }
  const lastLines = printable(output).trim().split('\n').slice(-5).join('\n');
  return `The grading process exited (code ${code}) before it finished.${lastLines ? `\nLast output:\n${lastLines}` : ''}`;
}

interface Record_ {
  name: string;
  points: number;
  passed: boolean;
  message: string;
  /** jest's duration of the test (ms); informational, never scored. */
  durationMs?: unknown;
  /** A failed check's timeline (CheckFailure.timeline), validated by timelineRecord on arrival. */
  timeline?: unknown;
}
interface Payload {
  error: string | null;
  checks: Record_[];
  unscored: string[];
  jest?: { total?: number; passed?: number; failed?: number; suiteErrors?: number };
  tripwires?: string[];
}

/** One part of an exercise's grading: one jest process. */
interface PartOutcome {
  checks: CheckResult[];
  error: string | null;
  flags: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every live pid on this machine whose session or group is `leader`, or that carries the run's marker. */
function runProcesses(leader: number, marker: string): number[] {
  if (process.platform !== 'linux') return [];
  const found: number[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return found;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [, , pgrp, session] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
      if (pgrp === leader || session === leader || fs.readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker)) found.push(pid);
    } catch {
      // gone already, or not ours to read
    }
  }
  return found;
}

const kill = (pid: number) => {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
};

/**
 * End everything a run started: group, session, marked processes, cgroup members.
 * Returns how many learner processes were still running (bubblewrap's own not counted).
 */
async function endRun(leader: number | undefined, marker: string, cgroup: string | null): Promise<number> {
  const leftovers = new Set<number>();
  for (let round = 0; round < 20; round++) {
    const pids = new Set(leader === undefined ? [] : runProcesses(leader, marker));
    if (cgroup) {
      try {
        for (const p of fs.readFileSync(path.join(cgroup, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) pids.add(Number(p));
      } catch {
        // not created
      }
    }
    pids.delete(leader ?? -1);
    // A zombie (already dead, not yet reaped) cannot be killed again; ignore it.
    const live = [...pids].filter((p) => {
      try {
        return !/\) Z /.test(fs.readFileSync(`/proc/${p}/stat`, 'utf8'));
      } catch {
        return false;
      }
    });
    if (round === 0 && leader !== undefined) kill(-leader);
    for (const p of live) {
      try {
        if (fs.readFileSync(`/proc/${p}/comm`, 'utf8').trim() !== 'bwrap') leftovers.add(p);
      } catch {
        // gone
      }
    }
    if (live.length === 0) break;
    live.forEach(kill);
    await sleep(25);
  }
  // The cgroup goes once its last zombie is reaped (a moment after the kill).
  for (let attempt = 0; cgroup && attempt < 40; attempt++) {
    try {
      fs.rmdirSync(cgroup);
      break;
    } catch {
      await sleep(25);
    }
  }
  return leftovers.size;
}

function checkRecords(payload: Payload, declared: DeclaredCheck[], expected: DeclaredCheck[]): string[] {
  const problems: string[] = [];
  const byName = new Map(declared.map((c) => [c.name, c]));
  const wanted = new Set(expected.map((c) => c.name));
  const seen = new Set<string>();
  for (const r of payload.checks) {
    const d = byName.get(r.name);
    if (!d) problems.push(`a check the grader does not declare: "${r.name}"`);
    else if (seen.has(r.name)) problems.push(`"${r.name}" reported twice`);
    else if (r.points !== d.points) problems.push(`"${r.name}" claims ${r.points} points, the grader declares ${d.points}`);
    else if (!wanted.has(r.name) && r.passed) problems.push(`"${r.name}" passed although this run left it out`);
    seen.add(r.name);
  }
  for (const d of expected) if (!seen.has(d.name)) problems.push(`no result for declared check "${d.name}"`);
  return problems;
}

function validPayload(value: unknown): value is Payload {
  const p = value as Payload;
  return (
    typeof p === 'object' &&
    p !== null &&
    (p.error === null || typeof p.error === 'string') &&
    Array.isArray(p.checks) &&
    p.checks.every((c) => typeof c?.name === 'string' && typeof c.points === 'number' && typeof c.passed === 'boolean' && typeof c.message === 'string') &&
    Array.isArray(p.unscored)
  );
}

interface PartSpec {
  declared: DeclaredCheck[];
  expected: DeclaredCheck[];
  /** jest --testNamePattern, or none for the whole file. */
  pattern?: string;
  childProcesses: boolean;
}

/** What a launch needs of a job: everything but what is decided when the grade starts. */
type LaunchJob = Pick<GradeJob, 'exercise' | 'env' | 'graderFile' | 'kitRoot' | 'sandbox'>;

/** A started jest process, held at its gate (tools/jest/gated-environment.js) until go(). */
interface Launched {
  child: ChildProcess;
  marker: string;
  cgroup: string | null;
  key: string;
  /** Resolves when the process exits (or could not start). */
  exited: Promise<[number | null, NodeJS.Signals | null, Error | null]>;
  /** Set once the process has exited (a standby that died before go is not used). */
  hasExited: boolean;
  output: () => string;
  stopped: () => string | null;
  stop: (why: string) => void;
  received: Buffer[];
  channelEnded: Promise<void>;
  channel: Readable;
}

/**
 * Start the jest process for one part, stopped at its gate before any grader or
 * learner code loads. The grade itself starts with finishPart (the gate opens).
 */
function launchPart(job: LaunchJob, spec: Pick<PartSpec, 'pattern' | 'childProcesses'>, scratch: string, codeDir: string, index: number, standby = false): Launched | { error: string } {
  const { exercise } = job;
  const mechanism = job.sandbox ?? 'none';
  const kitRoot = job.kitRoot ?? repoRoot;
  const home = path.join(scratch, `home-${index}`);
  const tmp = path.join(scratch, `tmp-${index}`);
  // A submission's run gets a cache of its own (a shared one could be poisoned for the next
  // submission). The kit's own code (a learner's npm test, verify) shares one: ~0.6 s CPU less per run.
  const contained = mechanism !== 'none' || kitRoot !== repoRoot;
  const cache = contained ? path.join(scratch, `jest-cache-${index}`) : path.join(os.tmpdir(), 'concurrency-kit-jest');
  for (const dir of [home, tmp, cache]) fs.mkdirSync(dir, { recursive: true });
  const runId = crypto.randomUUID();
  const marker = `KIT_RUN_ID=${runId}`;
  const key = crypto.randomBytes(32).toString('hex');

  const layers = wrap({ mechanism, scratch, kitRoot, nodeModules: fs.realpathSync(path.join(repoRoot, 'node_modules')), childProcesses: spec.childProcesses });
  const jestArgs = [paths.jestBin, '--config', path.join(kitRoot, 'graders', 'jest.config.js'), '--runInBand', '--ci', '--colors=false', '--no-watchman'];
  jestArgs.push('--cacheDirectory', cache, '--runTestsByPath', job.graderFile);
  if (spec.pattern) jestArgs.push('--testNamePattern', spec.pattern);
  // Every worker thread of the run inherits this -r: the learner bootstrap's ts-node registration then
  // costs ~0.05 s per thread instead of ~0.3-1 s (graders/support/thread-preload.js says why and how).
  const preload = path.join(kitRoot, 'graders', 'support', 'thread-preload.js');
  const preloadFlags = fs.existsSync(preload) ? ['-r', preload] : [];
  let command = [...layers.prefix, process.execPath, ...layers.nodeFlags, ...preloadFlags, ...jestArgs];

  // A pids cgroup where this process may make one: bounds the process count and lists every member for the kill.
  const cgroupBase = machine().cgroup;
  let cgroup: string | null = null;
  if (cgroupBase) {
    cgroup = path.join(cgroupBase, `concurrency-kit-${runId}`);
    try {
      fs.mkdirSync(cgroup);
      fs.writeFileSync(path.join(cgroup, 'pids.max'), String(LIMITS.processes));
      command = ['/bin/sh', '-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', cgroup, ...command];
    } catch {
      cgroup = null;
    }
  }

  // An allowlist: nothing of the teacher's or the CI's environment (tokens, GITHUB_*) reaches learner code.
  const kitEnv = Object.fromEntries(Object.entries({ ...pick(process.env, ['KIT_SEED', 'KIT_PATH']), ...job.env }).filter(([k, v]) => k.startsWith('KIT_') && typeof v === 'string'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TMPDIR: tmp,
    LANG: process.env.LANG ?? 'C.UTF-8',
    TZ: process.env.TZ ?? 'UTC',
    CI: 'true',
    FORCE_COLOR: '0',
    ...kitEnv,
    KIT_EXERCISE_DIR: codeDir,
    KIT_EXERCISE_ID: exercise.id,
    KIT_NOTES_FILE: path.join(scratch, `notes-${index}.jsonl`),
    KIT_CHANNEL_FD: '3',
    KIT_RUN_ID: runId,
    // Threads' transpiled TypeScript (graders/support/ts-register.js): shared by the kit's own runs, like
    // the jest cache, so no run pays for loading the compiler; a submission's run keeps its own (TMPDIR).
    ...(contained ? {} : { KIT_TS_CACHE: path.join(os.tmpdir(), `concurrency-kit-ts-${typeof process.getuid === 'function' ? process.getuid() : 'user'}`) }),
    // Held before the grader loads until finishPart writes "go" (tools/jest/gated-environment.js);
    // a standby warms the TypeScript transform while it waits.
    KIT_GATE: standby ? 'standby' : '1',
  };

  let child: ChildProcess;
  try {
    child = spawn(command[0], command.slice(1), {
      cwd: kitRoot,
      detached: true, // setsid: its own session and process group, no terminal to write to
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      env,
    });
  } catch (error) {
    void endRun(undefined, marker, cgroup);
    return { error: `Could not start the grading process: ${(error as Error).message}` };
  }
  child.stdin!.on('error', () => undefined); // a process that died before go: its exit says why
  const channel = child.stdio[3] as unknown as Readable & { write: (s: string) => void };
  channel.on('error', () => undefined);
  channel.write(`${key}\n`);

  let output = '';
  let outputBytes = 0;
  let stopped: string | null = null;
  const stop = (why: string) => {
    if (stopped) return;
    stopped = why;
    kill(-child.pid!);
  };
  const keep = (chunk: Buffer) => {
    outputBytes += chunk.length;
    if (outputBytes > LIMITS.outputBytes) return stop(`Your code printed more than ${LIMITS.outputBytes / 1024 ** 2} MiB, so grading was stopped. Remove the logging from your solution.`);
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const received: Buffer[] = [];
  let receivedBytes = 0;
  channel.on('data', (chunk: Buffer) => {
    receivedBytes += chunk.length;
    if (receivedBytes > CHANNEL_LIMIT) return stop('More than 8 MiB arrived on the results channel: forged results, grading stopped.');
    received.push(chunk);
  });
  const channelEnded = new Promise<void>((resolve) => {
    channel.on('end', resolve);
    channel.on('close', resolve);
  });
  // 'exit', not 'close': a grandchild holding a pipe must not hold the run.
  const launched: Launched = {
    child,
    marker,
    cgroup,
    key,
    hasExited: false,
    exited: new Promise((resolve) => {
      child.on('exit', (c, s) => {
        launched.hasExited = true;
        resolve([c, s, null]);
      });
      child.on('error', (e) => {
        launched.hasExited = true;
        resolve([null, null, e]);
      });
    }),
    output: () => output,
    stopped: () => stopped,
    stop,
    received,
    channelEnded,
    channel,
  };
  return launched;
}

/** End a launched process that will not grade (a dropped standby) and everything it started. */
async function dropLaunch(launched: Launched): Promise<void> {
  launched.stop('dropped');
  await launched.exited;
  await endRun(launched.child.pid, launched.marker, launched.cgroup);
  for (const stream of [launched.child.stdin, launched.child.stdout, launched.child.stderr, launched.channel]) stream?.destroy();
}

/** Open the gate of a launched process, wait for its end, and judge its records. */
async function finishPart(job: GradeJob, spec: PartSpec, launched: Launched): Promise<PartOutcome> {
  const { exercise } = job;
  const { child, marker, cgroup, key, stop, received } = launched;
  child.stdin!.end('go\n');
  const cancel = () => stop('Grading was cancelled.');
  if (job.signal?.aborted) cancel();
  job.signal?.addEventListener('abort', cancel, { once: true });
  const limit = setTimeout(
    () =>
      stop(
        `Grading was stopped after ${exercise.timeoutSeconds} s. Something blocked the event loop for good: ` +
          'a synchronous loop that never ends (while (true) without an await?) or a thread that waits forever.',
      ),
    exercise.timeoutSeconds * 1000,
  );
  const [code, signal, spawnError] = await launched.exited;
  clearTimeout(limit);
  job.signal?.removeEventListener('abort', cancel);
  const leftovers = await endRun(child.pid, marker, cgroup);
  let drain: NodeJS.Timeout | undefined;
  await Promise.race([launched.channelEnded, new Promise((r) => (drain = setTimeout(r, DRAIN_MS)))]);
  clearTimeout(drain);
  for (const stream of [child.stdin, child.stdout, child.stderr, launched.channel]) stream?.destroy();
  const stopped = launched.stopped();
  const output = launched.output();

  // Processes that outlive the code that started them are a sign of an attack (or a leak): say so.
  const ended = leftovers > 0 ? [`${leftovers} learner process(es) were still running after grading; the runner ended them`] : [];
  const failed = (error: string, flags: string[] = []): PartOutcome => ({ checks: [], error, flags: [...new Set([...ended, ...flags])] });
  if (stopped) return failed(stopped);
  if (spawnError) return failed(`Could not start the grading process: ${spawnError.message}`);
  if (signal || code === null || (code !== 0 && code !== 1)) return failed(explainEarlyExit(code, signal, output));

  // Only lines signed with this run's key count; anything else on the channel is a forgery.
  const flags: string[] = [...ended];
  const signed: unknown[] = [];
  let forged = 0;
  for (const line of Buffer.concat(received).toString('utf8').split('\n').filter((l) => l.trim() !== '')) {
    try {
      const { body, mac } = JSON.parse(line) as { body: unknown; mac: unknown };
      const expectedMac = crypto.createHmac('sha256', key).update(String(body)).digest();
      const given = Buffer.from(typeof mac === 'string' ? mac : '', 'hex');
      if (typeof body === 'string' && given.length === expectedMac.length && crypto.timingSafeEqual(given, expectedMac)) signed.push(JSON.parse(body));
      else forged += 1;
    } catch {
      forged += 1;
    }
  }
  if (forged > 0) flags.push(`${forged} forged result line(s) on the results channel (not signed by the kit's reporter): rejected`);
  if (signed.length === 0) return failed(explainEarlyExit(code, signal, output), flags);
  if (signed.length > 1) return failed('The kit reporter sent its results more than once: the run was tampered with, so it does not count.', flags);
  const payload = signed[0];
  if (!validPayload(payload)) return failed('The kit reporter sent malformed results: the run was tampered with, so it does not count.', flags);
  for (const hit of payload.tripwires ?? []) flags.push(`tripwire: ${hit}`);

  const toChecks = () =>
    spec.expected.map((d) => {
      const r = payload.checks.find((c) => c.name === d.name)!;
      const timeline = r.passed ? undefined : timelineRecord(r.timeline);
      const durationMs = typeof r.durationMs === 'number' && Number.isFinite(r.durationMs) && r.durationMs >= 0 ? r.durationMs : undefined;
      return { name: d.name, points: d.points, score: r.passed ? d.points : 0, passed: r.passed, message: r.message, ...(durationMs !== undefined ? { durationMs } : {}), ...(timeline ? { timeline } : {}) };
    });
  if (payload.unscored.length > 0) {
    return failed(`Grader defect: tests without points: ${payload.unscored.join('; ')}. Declare every test with check().`, flags);
  }
  if (payload.error !== null) {
    return { checks: spec.expected.map((d) => ({ name: d.name, points: d.points, score: 0, passed: false, message: '' })), error: `Could not load your code: ${payload.error}`, flags };
  }
  const problems = checkRecords(payload, spec.declared, spec.expected);
  if (problems.length > 0) {
    flags.push('results do not match the checks the grader declares');
    return failed(`The results do not match the checks the grader declares, so they do not count (forged, or a grader defect): ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}.`, flags);
  }
  // Cross-checks against jest's own counts (computed before any reporter sees a result) and its exit code.
  const passed = payload.checks.filter((c) => c.passed).length;
  const allPassed = spec.expected.every((d) => payload.checks.find((c) => c.name === d.name)!.passed);
  const jestCounts = payload.jest;
  const mismatch: string[] = [];
  if (jestCounts && (jestCounts.total !== payload.checks.length || jestCounts.passed !== passed)) {
    mismatch.push(`jest counted ${jestCounts.passed}/${jestCounts.total} passing tests, the records ${passed}/${payload.checks.length}`);
  }
  // jest runs every test of the file; with a pattern, filtered tests are "skipped" and do not change the exit code.
  if ((code === 0) !== allPassed) mismatch.push(`the process exited with ${code}, but ${passed}/${payload.checks.length} checks passed`);
  if (mismatch.length > 0) {
    flags.push(`results tampered with in-process: ${mismatch.join('; ')}`);
    return failed(`The results were tampered with inside the grading process, so they do not count: ${mismatch.join('; ')}.`, flags);
  }
  return { checks: toChecks(), error: null, flags };
}

function pick(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => typeof env[n] === 'string').map((n) => [n, env[n] as string]));
}

/** Copy the learner's folder: regular files and folders only (a symlink could point anywhere). */
function copyLearnerFiles(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (src) => {
      const stat = fs.lstatSync(src);
      return stat.isDirectory() || stat.isFile();
    },
  });
}

/** What a standby must match to grade a job: the same process, started the same way. */
const fingerprint = (job: LaunchJob & { exerciseDir: string }) =>
  JSON.stringify([job.exercise.id, path.resolve(job.exerciseDir), job.graderFile, job.kitRoot ?? repoRoot, job.sandbox ?? 'none', job.env ?? {}, pick(process.env, ['KIT_SEED', 'KIT_PATH'])]);

/** Where a run's code is graded from: a copy in its scratch folder when contained, else the folder itself. */
const isContained = (job: Pick<GradeJob, 'sandbox' | 'kitRoot'>) => (job.sandbox ?? 'none') !== 'none' || (job.kitRoot !== undefined && job.kitRoot !== repoRoot);
const codeDirOf = (job: Pick<GradeJob, 'sandbox' | 'kitRoot' | 'exerciseDir' | 'exercise'>, scratch: string) =>
  isContained(job) ? path.join(scratch, 'code', job.exercise.slug) : path.resolve(job.exerciseDir);

/**
 * The next grade's jest process, started ahead of time (watch mode): a fresh process held at
 * its gate before any grader or learner code loads, in a scratch folder of its own. runExercise
 * takes it when it fits the job (same exercise, folder, kit, sandbox; one whole-file part) and
 * then grades exactly as with a process it started itself; otherwise it drops it. One grade each.
 */
export class Standby {
  readonly fingerprint: string;
  private held: { scratch: string; launched: Launched; childProcesses: boolean } | undefined;
  /** Why it could not start (then runExercise starts its own process). */
  readonly error: string | undefined;

  constructor(job: LaunchJob & { exerciseDir: string }) {
    this.fingerprint = fingerprint(job);
    const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `kit-${job.exercise.id}-`)));
    const childProcesses = (job.sandbox ?? 'none') !== 'permission';
    const launched = launchPart(job, { childProcesses }, scratch, codeDirOf(job, scratch), 0, true);
    if ('error' in launched) {
      this.error = launched.error;
      fs.rmSync(scratch, { recursive: true, force: true });
    } else {
      this.held = { scratch, launched, childProcesses };
    }
  }

  /** Hand the process over, once, if it fits and still waits at its gate. */
  take(job: GradeJob, spec: PartSpec): { scratch: string; launched: Launched } | undefined {
    const held = this.held;
    if (!held || held.launched.hasExited || fingerprint(job) !== this.fingerprint || spec.pattern !== undefined || spec.childProcesses !== held.childProcesses) return undefined;
    this.held = undefined;
    return held;
  }

  /** End it unused (a no-op once taken). */
  async drop(): Promise<void> {
    const held = this.held;
    this.held = undefined;
    if (!held) return;
    await dropLaunch(held.launched);
    fs.rmSync(held.scratch, { recursive: true, force: true, maxRetries: 2 });
  }
}

export async function runExercise(job: GradeJob, standby?: Standby): Promise<ExerciseResult> {
  try {
    return await gradeExercise(job, standby);
  } finally {
    await standby?.drop(); // not taken: it does not fit this job
  }
}

async function gradeExercise(job: GradeJob, standby: Standby | undefined): Promise<ExerciseResult> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const { exercise } = job;
  const mechanism = job.sandbox ?? 'none';
  const tag = (result: ExerciseResult, flags: string[] = []): ExerciseResult => ({ ...withFlags(result, flags), sandbox: mechanism });
  if (!fs.existsSync(job.exerciseDir)) {
    return tag(failedExercise(exercise, `Folder not found: ${job.exerciseDir}. Each exercise lives in a folder named ${exercise.slug}/.`, elapsed()));
  }
  let declared: DeclaredCheck[];
  try {
    declared = declaredChecks(job.graderFile);
  } catch (error) {
    return tag(failedExercise(exercise, `Grader defect: ${(error as Error).message}`, elapsed()));
  }
  const expected = job.onlyChecks ? declared.filter((d) => job.onlyChecks!.includes(d.name)) : declared;
  if (expected.length === 0) return tag(failedExercise(exercise, 'The grader declares no checks to run.', elapsed()));

  // Under the permission model alone, a check that starts child processes gets its own run with
  // --allow-child-process (its children are not restricted by Node; the kill sweep still ends them).
  // Under bubblewrap the whole run may spawn: the OS sandbox holds the children too.
  const spawning = new Set((exercise.childProcessChecks ?? []).filter((n) => expected.some((d) => d.name === n)));
  const specs: PartSpec[] = [];
  const only = job.onlyChecks ? expected.map((d) => d.name) : null;
  if (mechanism === 'permission' && spawning.size > 0) {
    const rest = expected.filter((d) => !spawning.has(d.name));
    if (rest.length > 0) specs.push({ declared, expected: rest, pattern: `^${titlePattern(rest.map((d) => d.name))}`, childProcesses: false });
    specs.push({ declared, expected: expected.filter((d) => spawning.has(d.name)), pattern: `^${titlePattern([...spawning])}`, childProcesses: true });
  } else {
    specs.push({ declared, expected, pattern: only ? `^${titlePattern(only)}` : undefined, childProcesses: mechanism !== 'permission' });
  }

  const ready = specs.length === 1 ? standby?.take(job, specs[0]) : undefined;
  let scratch = ready?.scratch ?? '';
  try {
    scratch ||= fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `kit-${exercise.id}-`)));
    // Contained runs grade a fresh copy inside the run's scratch folder, the only place they may write.
    const codeDir = codeDirOf(job, scratch);
    if (isContained(job)) copyLearnerFiles(job.exerciseDir, codeDir);

    const outcomes: PartOutcome[] = [];
    for (const [i, spec] of specs.entries()) {
      const launched = i === 0 && ready ? ready.launched : launchPart(job, spec, scratch, codeDir, i);
      outcomes.push('error' in launched ? { checks: [], error: launched.error, flags: [] } : await finishPart(job, spec, launched));
    }
    const flags = outcomes.flatMap((o) => o.flags);
    const checks = outcomes.flatMap((o) => o.checks);
    const order = (list: CheckResult[]) => declared.map((d) => list.find((c) => c.name === d.name)).filter((c): c is CheckResult => c !== undefined);
    const error = outcomes.find((o) => o.error !== null)?.error;
    if (error) return tag(failedExercise(exercise, error, elapsed(), order(checks)), flags);
    // Checks left out by onlyChecks are reported as not run, so the maximum stays the grader's.
    const notRun = declared.filter((d) => !expected.includes(d)).map((d) => ({ name: d.name, points: d.points, score: 0, passed: false, message: 'Check did not run (skipped).' }));
    return tag(gradedExercise(exercise, order([...checks, ...notRun]), elapsed()), flags);
  } catch (error) {
    // A broken submission (unreadable files, a folder where a file should be) costs this exercise only.
    if (ready && !ready.launched.hasExited) await dropLaunch(ready.launched);
    return tag(failedExercise(exercise, `Could not grade this exercise: ${(error as Error).message}`, elapsed()));
  } finally {
    if (scratch) {
      try {
        fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 2 });
      } catch {
        // learner-made oddities in scratch must not fail the batch
      }
    }
  }
}
