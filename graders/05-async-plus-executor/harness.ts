// Hosts the learner's 05 code in a worker thread of its own (run as a one-thread
// ReferencePool, so each export below is a remote call from the grader).
// Why a thread of its own:
// - its event loop is the one under test, measured with perf_hooks right here;
// - CPU loops run at full speed (on jest's own thread they run ~100x slower, so
//   a server computing inline would stall for minutes instead of seconds);
// - a server that blocks its loop forever, or crashes, takes only this thread down.
// The executor handed to createServer is the kit's own ReferencePool running
// reference-tasks.ts (both in graders/support), so 05 never depends on the learner's 04.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import { activeResources, errorToWire, extraResources, loopBusyDuring, MAX_N, ReferencePool, REFERENCE_TASKS, sleep, StallMeter, threadSchedMs, timed } from '../support/in-thread';

interface Learner {
  createServer(pool: unknown): unknown;
  runInExecutor(pool: unknown, fnName: string, ...args: unknown[]): unknown;
}

let pool: ReferencePool | undefined;
let server: http.Server | undefined;
let resourcesBefore: Record<string, number> = {};
let histogram: IntervalHistogram | undefined;
let utilization: EventLoopUtilization | undefined;
let stalls: StallMeter | undefined;
let healthHandlingMaxMs = 0;
let poolCalls = 0;
/** Every call the executor received, in order (read and cleared by takeCalls). */
let calls: Array<{ fnName: string; args: unknown[] }> = [];
/** heavy(n) for these n fails (the grader's injected task failure), after a short real delay. */
const failing = new Set<number>();

/** The executor the learner gets: the reference pool, counting and recording the calls it receives. */
const executor = {
  run(fnName: string, ...args: unknown[]): Promise<unknown> {
    poolCalls += 1;
    calls.push({ fnName, args });
    if (fnName === 'heavy' && failing.has(args[0] as number)) {
      return new Promise((_, reject) => setTimeout(() => reject(new Error(`heavy(${String(args[0])}) failed in a worker (a failure the grader injected)`)), 20));
    }
    return pool!.run(fnName, args);
  },
};

/** The calls the executor received since the last takeCalls. */
export function takeCalls(): Array<{ fnName: string; args: unknown[] }> {
  const taken = calls;
  calls = [];
  return taken;
}

/** From now on heavy(n) fails for each of these n. */
export function failFor(ns: number[]): void {
  ns.forEach((n) => failing.add(n));
}

/**
 * runInExecutor against executors whose outcome the grader fixes: one that
 * resolves with an object, one that rejects with an error, one whose run()
 * throws at once. Reports whether the learner's code passed on each one itself.
 */
export async function callWithFixedExecutors() {
  const value = { fixed: 'value' };
  const reason = new Error('the pool rejected this task');
  const thrown = new Error('pool.run threw at once');
  const settle = async (pool: unknown) => {
    let returned: unknown;
    try {
      returned = learner().runInExecutor(pool, 'heavy', 7);
    } catch (error) {
      return { threwSync: true, error };
    }
    const thenable = typeof (returned as { then?: unknown })?.then === 'function';
    try {
      return { thenable, value: await returned };
    } catch (error) {
      return { thenable, error };
    }
  };
  const resolved = await settle({ run: () => Promise.resolve(value) });
  const rejected = await settle({ run: () => Promise.reject(reason) });
  const throwing = await settle({
    run: () => {
      throw thrown;
    },
  });
  const view = (o: { threwSync?: boolean; thenable?: boolean; value?: unknown; error?: unknown }, expected: unknown) => ({
    threwSync: o.threwSync === true,
    thenable: o.thenable === true,
    outcome: 'error' in o ? 'rejected' : 'resolved',
    same: ('error' in o ? o.error : o.value) === expected,
    shown: 'error' in o ? errorToWire(o.error) : o.value,
  });
  return { resolved: view(resolved, value), rejected: view(rejected, reason), throwing: view(throwing, thrown) };
}

function learner(): Learner {
  return require(path.join(process.env.KIT_EXERCISE_DIR!, 'index.ts'));
}

/** Start the executor's two worker threads. */
export async function startPool(): Promise<void> {
  pool ??= await ReferencePool.start(REFERENCE_TASKS, 2);
}

/** n for a heavy(n) of about `targetMs` on one of the executor's threads. */
export async function calibrate(targetMs: number): Promise<number> {
  await pool!.run('heavy', [1e6]);
  const probeN = 2e7;
  const { ms } = await timed(() => pool!.run('heavy', [probeN]));
  return Math.min(MAX_N, Math.max(1e6, Math.round((probeN * targetMs) / Math.max(ms, 0.1))));
}

/** Call the learner's runInExecutor with the counting executor; report how it went and how busy this loop was. */
export async function callRunInExecutor(fnName: string, args: unknown[]) {
  const callsBefore = poolCalls;
  const { value, busy, ms } = await loopBusyDuring(async () => {
    try {
      return { value: await learner().runInExecutor(executor, fnName, ...args) };
    } catch (error) {
      return { error: errorToWire(error) };
    }
  });
  return { ...value, poolCalls: poolCalls - callsBefore, busy, ms };
}

/** createServer(executor), listening on an ephemeral port of 127.0.0.1 only. */
export async function listen(): Promise<{ port: number }> {
  resourcesBefore = activeResources();
  const made = learner().createServer(executor);
  if (!(made instanceof http.Server)) {
    throw new TypeError(`createServer(pool) returned ${typeof made === 'object' ? String(made) : typeof made}, not an http.Server (make it with http.createServer).`);
  }
  if (made.listening) throw new Error('createServer(pool) already called listen(); return the server unstarted and let the caller choose the port.');
  server = made;
  // Runs before the learner's handler: how long the server itself took over a
  // /health request, from receiving it to finishing the answer, less the time
  // this thread only waited for a core that other programs held.
  made.prependListener('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (!request.url?.startsWith('/health')) return;
    const t0 = performance.now();
    const waited0 = threadSchedMs()?.waiting ?? 0;
    response.once('finish', () => {
      const own = performance.now() - t0 - ((threadSchedMs()?.waiting ?? 0) - waited0);
      healthHandlingMaxMs = Math.max(healthHandlingMaxMs, own);
    });
  });
  await new Promise<void>((resolve, reject) => {
    made.once('error', reject);
    made.listen(0, '127.0.0.1', () => resolve());
  });
  return { port: (made.address() as AddressInfo).port };
}

/** Start watching this thread's event loop, and how long the server takes over each /health request. */
export async function startWatch(): Promise<void> {
  histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  stalls = new StallMeter(10);
  stalls.start();
  utilization = performance.eventLoopUtilization();
  healthHandlingMaxMs = 0;
  // The histogram records the gap between two samples, starting from its SECOND
  // sample: a stall before the first one would go unseen. Let it take a few.
  await sleep(35);
}

/**
 * Stop watching. `delayMaxMs`: the largest delay monitorEventLoopDelay saw
 * (Node records the whole interval between two samples, so an idle loop shows
 * about the resolution, 10 ms, and a loop blocked for 1 s about 1000 ms).
 * `ownStallMs`: the longest the loop ran its own work without a break, which
 * tells a blocked loop from a thread that only waited for a core.
 * `healthHandlingMaxMs`: the longest the server itself took over a /health
 * request (receiving it to finishing the answer, less time starved of a core).
 */
export function stopWatch(): { delayMaxMs: number; ownStallMs: number; busy: number; healthHandlingMaxMs: number } {
  histogram!.disable();
  return {
    delayMaxMs: histogram!.max / 1e6,
    ownStallMs: stalls!.stop().maxOwnMs,
    busy: performance.eventLoopUtilization(utilization).utilization,
    healthHandlingMaxMs,
  };
}

/** server.close(); whether it called back in time, and what the server still holds afterwards. */
export async function closeServer(timeoutMs: number): Promise<{ closed: boolean; extra: string }> {
  const closing = server!;
  server = undefined;
  stalls?.stop(); // a watch left running by a failed run must not count as the server's timer
  histogram?.disable();
  const closed = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    closing.close(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  // Closed handles are released on the next turns of the loop: give them a moment.
  for (let i = 0; i < 25 && extraResources(resourcesBefore) !== ''; i++) await sleep(20);
  return { closed, extra: extraResources(resourcesBefore) };
}
