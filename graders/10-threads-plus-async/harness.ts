// Hosts the "main thread" side of the learner's 10 code in a worker thread of
// its own (a one-thread ReferencePool: each export below is a remote call from
// the grader). Why a thread of its own:
// - its event loop is the one under test, measured right here;
// - code that blocks this thread (Atomics.wait where waitAsync belongs, a
//   deadlock) takes only this thread down: the grader gives up on the call
//   after a deadline and starts a fresh harness.
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { activeResources, errorToWire, extraResources, sleep, threadSchedMs, workerCensus } from '../support/in-thread';
import { RELEASE_CHANNEL, type ChannelLike, type Exercise } from './protocol';

const TASKS = path.join(__dirname, 'tasks.ts');

// The instruments of watchPipeline, taken before the learner's module is first
// required: code that replaces performance.now, setInterval or
// monitorEventLoopDelay on this thread cannot forge what they measure.
const clock = performance.now.bind(performance);
const utilization = performance.eventLoopUtilization.bind(performance);
const watchDelay = monitorEventLoopDelay;
const every = setInterval;
const stopEvery = clearInterval;

// Every Worker the learner's code starts on this thread, until its 'exit':
// threads are counted, not sampled from the handle list (a worker blocked in
// Atomics.wait may not show as a handle at the moment of sampling). Started
// before the learner's module is first required, and never stopped.
const pipelineWorkers = workerCensus().alive;

function learner(): Exercise {
  return require(path.join(process.env.KIT_EXERCISE_DIR!, 'index.ts')) as Exercise;
}

export interface RunSpec {
  items: number[];
  workers: number;
  capacity: number;
  ordered: boolean;
  fnName: string;
  /** The consumer waits this long before taking each next result. */
  consumeDelayMs?: number;
  /** Break out of the for await after this many results. */
  breakAfter?: number;
  /** The source yields items forever (cycling through `items`). */
  endless?: boolean;
  /** From this many results on, tell the task holding an item (tasks.ts, firstHeld) to let it go. */
  releaseAfter?: number;
}

export interface RunReport {
  out: number[];
  /** The most items ever pulled from the source and not yet handed to the consumer. */
  maxAhead: number;
  error?: ReturnType<typeof errorToWire>;
  /** Handles this thread still held up to 2 s after the for await ended, beyond those before ('' when none). */
  extra: string;
  pulledAtEnd: number;
  /** Items pulled from the source in the 300 ms after the for await ended (0, unmeasured, unless the run breaks). */
  pulledAfter: number;
  /** Worker threads the pipeline started that had not exited 2 s after the for await ended. */
  liveWorkers: number;
}

/** Run the learner's pipeline over an instrumented source and report what happened. */
export async function runPipeline(spec: RunSpec): Promise<RunReport> {
  const before = activeResources();
  let pulled = 0;
  let consumed = 0;
  let maxAhead = 0;
  async function* source() {
    for (let i = 0; spec.endless || i < spec.items.length; i++) {
      const value = spec.items[i % spec.items.length];
      pulled += 1;
      maxAhead = Math.max(maxAhead, pulled - consumed);
      yield value;
    }
  }
  const out: number[] = [];
  let error: RunReport['error'];
  const release = spec.releaseAfter === undefined ? undefined : new BroadcastChannel(RELEASE_CHANNEL);
  try {
    const results = learner().pipeline(source(), {
      workers: spec.workers,
      capacity: spec.capacity,
      ordered: spec.ordered,
      taskModule: TASKS,
      fnName: spec.fnName,
    });
    for await (const result of results) {
      consumed += 1;
      out.push(result);
      if (release && out.length >= spec.releaseAfter!) release.postMessage('release');
      if (spec.breakAfter !== undefined && out.length >= spec.breakAfter) break;
      if (spec.consumeDelayMs) await sleep(spec.consumeDelayMs);
    }
  } catch (e) {
    error = errorToWire(e);
  } finally {
    release?.close();
  }
  const pulledAtEnd = pulled;
  // Only a break is graded on what it pulls afterwards: the other runs need not wait to see.
  if (spec.breakAfter !== undefined) await sleep(300);
  const pulledAfter = pulled - pulledAtEnd;
  for (let i = 0; i < 85 && (extraResources(before) !== '' || pipelineWorkers.size > 0); i++) await sleep(20);
  const live = pipelineWorkers.size;
  const extra = extraResources(before);
  // Whatever is still running is ended here, so one run's threads never leak into the next.
  await Promise.all([...pipelineWorkers].map((w) => w.terminate().catch(() => undefined)));
  return { out, maxAhead, error, extra, pulledAtEnd, pulledAfter, liveWorkers: live };
}

export interface Watched extends RunReport {
  /** The largest event-loop delay monitorEventLoopDelay saw, in ms. */
  delayMaxMs: number;
  /** The longest a 5 ms timer fired late, in ms. */
  lagMaxMs: number;
  /** The same, less the time this thread waited for a core held by others (Linux schedstat): its own lateness. */
  ownLagMaxMs: number;
  /** The share of the run (0..1) this thread's event loop spent running code rather than idle (eventLoopUtilization). */
  busy: number;
}

/** runPipeline, watching this thread's event loop meanwhile. */
export async function watchPipeline(spec: RunSpec): Promise<Watched> {
  learner(); // loaded (compiled) before the watch starts: compiling the learner's code is no stall of theirs
  const histogram = watchDelay({ resolution: 10 });
  histogram.enable();
  let last = clock();
  let lastWaiting = threadSchedMs()?.waiting ?? 0;
  let lagMaxMs = 0;
  let ownLagMaxMs = 0;
  const timer = every(() => {
    const now = clock();
    const waiting = threadSchedMs()?.waiting ?? 0;
    const lag = now - last - 5;
    lagMaxMs = Math.max(lagMaxMs, lag);
    ownLagMaxMs = Math.max(ownLagMaxMs, lag - (waiting - lastWaiting));
    last = now;
    lastWaiting = waiting;
  }, 5);
  await sleep(35); // the histogram counts from its second sample
  try {
    const start = utilization();
    const report = await runPipeline(spec);
    const busy = utilization(start).utilization;
    return { ...report, delayMaxMs: histogram.max / 1e6, lagMaxMs, ownLagMaxMs, busy };
  } finally {
    stopEvery(timer);
    histogram.disable();
  }
}

/**
 * One channel, used from this thread only, driven by `ops` (a number: sendAsync
 * it if there is room; null: recvAsync if there is an item), compared with a
 * plain array queue. The first difference, or null.
 */
export async function fifo(capacity: number, ops: Array<number | null>): Promise<string | null> {
  const channel = learner().Channel.create(capacity);
  const model: number[] = [];
  const story: string[] = [];
  for (const op of ops) {
    if (op !== null && model.length < capacity) {
      story.push(`sendAsync(${op})`);
      await channel.sendAsync(op);
      model.push(op);
    } else if (op === null && model.length > 0) {
      const got = await channel.recvAsync();
      const want = model.shift()!;
      story.push(`recvAsync() → ${got}`);
      if (!Object.is(got, want)) return `Channel.create(${capacity}), then ${story.slice(-12).join(', ')}${story.length > 12 ? ' (last 12 calls)' : ''}: the last recvAsync() should have returned ${want}`;
    }
  }
  return null;
}

/** close(): recv/recvAsync drain what is left, then return undefined; send/sendAsync throw. The first problem, or null. */
export async function closeRules(): Promise<string | null> {
  const { Channel } = learner();
  const a = Channel.create(3);
  await a.sendAsync(1.5);
  await a.sendAsync(-2);
  a.close();
  const rejection = await a.sendAsync(7).then(() => 'resolved', (e: unknown) => (e instanceof Error ? null : `rejected with ${String(e)}, not an Error`));
  if (rejection) return `After close(), sendAsync(7) ${rejection}. It should reject with an Error (a ChannelClosedError): nobody will ever receive that value.`;
  let thrown: string | null = 'returned';
  try {
    a.send(7);
  } catch (e) {
    thrown = e instanceof Error ? null : `threw ${String(e)}, not an Error`;
  }
  if (thrown) return `After close(), send(7) ${thrown}. It should throw an Error (a ChannelClosedError): nobody will ever receive that value.`;
  const got = [await a.recvAsync(), a.recv(), await a.recvAsync(), a.recv()];
  const want = [1.5, -2, undefined, undefined];
  if (!got.every((g, i) => Object.is(g, want[i]))) {
    return `sendAsync(1.5), sendAsync(-2), close(), then recvAsync(), recv(), recvAsync(), recv() returned ${got.map(String).join(', ')}; they should return 1.5, -2, undefined, undefined (drain what is left, then report closed)`;
  }
  // A FULL channel whose ring has wrapped around: close, then drain all of it.
  const b = Channel.create(3);
  for (const v of [1, 2]) await b.sendAsync(v);
  await b.recvAsync();
  for (const v of [3, 4]) await b.sendAsync(v);
  b.close();
  const drained = [b.recv(), await b.recvAsync(), b.recv(), await b.recvAsync()];
  const full = [2, 3, 4, undefined];
  if (!drained.every((g, i) => Object.is(g, full[i]))) {
    return `On Channel.create(3): sendAsync(1), sendAsync(2), recvAsync(), sendAsync(3), sendAsync(4) (full, and its ring wrapped around), close(), then recv(), recvAsync(), recv(), recvAsync() returned ${drained.map(String).join(', ')}; they should return 2, 3, 4, undefined (a full channel is not an empty one)`;
  }
  return null;
}

let asyncOutcomes: Array<Promise<string>> = [];

/** Start k recvAsync() on `empty` and k sendAsync() on `full`; they stay pending until someone closes the channels. */
export function startAsyncWaiters(empty: SharedArrayBuffer, full: SharedArrayBuffer, k: number): void {
  const { Channel } = learner();
  const e = Channel.from(empty);
  const f = Channel.from(full);
  asyncOutcomes = [];
  for (let i = 0; i < k; i++) {
    asyncOutcomes.push(e.recvAsync().then((v) => (v === undefined ? 'recvAsync → undefined' : `recvAsync → ${v}`), (err: Error) => `recvAsync threw ${err?.name}`));
    asyncOutcomes.push(f.sendAsync(99).then(() => 'sendAsync resolved', (err: unknown) => (err instanceof Error ? `sendAsync rejected with ${err.name}` : `sendAsync rejected with ${String(err)}, not an Error`)));
  }
}

/** What became of the async waiters within `ms`: one line each ('pending' if still waiting). */
export async function asyncWaiterOutcomes(ms: number): Promise<string[]> {
  const pending = new Promise<string>((resolve) => setTimeout(() => resolve('pending'), ms));
  return Promise.all(asyncOutcomes.map((o) => Promise.race([o, pending])));
}

/** Bad options: what each call did ('RangeError: ...', 'returned'). */
export function badOptions(): string[] {
  const { Channel, pipeline } = learner();
  const calls: Array<[string, () => unknown]> = [
    ['Channel.create(0)', () => Channel.create(0)],
    ['Channel.create(-1)', () => Channel.create(-1)],
    ['Channel.create(2.5)', () => Channel.create(2.5)],
    ['Channel.create(NaN)', () => Channel.create(NaN)],
    ['Channel.create(Infinity)', () => Channel.create(Infinity)],
    ...[0, -1, 1.5, NaN, Infinity].map((w): [string, () => unknown] => [`pipeline(source, { workers: ${w} })`, () => pipeline(empty(), { workers: w, capacity: 2, ordered: true, taskModule: TASKS, fnName: 'double' })]),
    ...[0, -3, 0.5, NaN, Infinity].map((c): [string, () => unknown] => [`pipeline(source, { capacity: ${c} })`, () => pipeline(empty(), { workers: 1, capacity: c, ordered: true, taskModule: TASKS, fnName: 'double' })]),
  ];
  return calls.map(([what, call]) => {
    try {
      call();
      return `${what} returned`;
    } catch (error) {
      return `${what} threw ${(error as Error)?.name}: ${(error as Error)?.message}`;
    }
  });
}

async function* empty(): AsyncGenerator<number> {}

export type { ChannelLike };
