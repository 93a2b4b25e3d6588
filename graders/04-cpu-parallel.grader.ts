// Grader for 04-cpu-parallel. Lesson: one thread runs your JavaScript, so
// `async` cannot make CPU-bound work faster; only more threads (or processes),
// each with its own memory, can. Nothing here is simulated: real worker
// threads, real child processes, real CPU time.
//
// Pools are started once and reused (each TypeScript worker costs 0.1-1 s to start):
// - the learner's pool `shared()`: P workers, running probe-tasks.ts (the
//   learner's tasks.ts plus the grader's probes: barrier, heartbeat);
// - the kit's ReferencePool `bench()`: W grader threads running the learner's
//   heavy, to time the one-worker baseline and what this machine can do now.
import path from 'node:path';
import { threadId as mainThreadId } from 'node:worker_threads';
// ./support first, before the learner's module: its worker census then counts a pool that copies the Worker class at import too.
import {
  activeResources,
  attempt,
  availableCores,
  check,
  countingWorkers,
  createBarrier,
  ensure,
  exact,
  exerciseDir,
  extraResources,
  fail,
  fc,
  formatMs,
  holds,
  isErrorLike,
  isNotImplemented,
  loopBusyDuring,
  measureCpu,
  note,
  osThreadCount,
  ReferencePool,
  referenceHeavy,
  show,
  sleep,
  timed,
  within,
} from './support';
import { bump, heavy, WorkerPool } from '@exercise/04-cpu-parallel';

const PROBE_TASKS = path.join(__dirname, '04-cpu-parallel', 'probe-tasks.ts');
const CORES = availableCores();
/** Workers for the speedup: one per core, at most 4. */
const W = Math.min(CORES, 4);
/** The shared pool: at least 2 workers, so that parallelism is visible even on one core. */
const P = Math.max(2, W);
/** Jobs for the speedup: 4, or a multiple of W so that every worker gets the same share. */
const JOBS = W * Math.ceil(4 / W);
/** One speedup job, sized on a grader thread: long beside a thread's wake-up (~0.1 ms) and the pool's messaging. */
const JOB_MS = 150;
const NEED = 0.75 * W;
/** At most this many measuring rounds in the speedup check. */
const ROUNDS = 3;

type Where = { pid: number; threadId: number };
type Arrival = Where & { reached: boolean; arrived: number };

// ------------------------------------------------------------- shared pools

const cleanups: Array<() => Promise<unknown>> = [];
const childPids = new Set<number>();

/** Create on first use, keep for the whole file, clean up in afterAll. A failure (NotImplemented) is kept too. */
function lazy<T>(make: () => Promise<T>, cleanup: (value: T) => Promise<unknown>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= make().then((value) => {
      cleanups.push(() => cleanup(value));
      return value;
    }));
}

/** Close a learner's pool without letting a broken close() hang the grader. */
const closeQuietly = (pool: WorkerPool) => within(attempt(() => pool.close()), 5_000, 'close()').catch(() => undefined);

const shared = lazy(async () => new WorkerPool({ workers: P, tasks: PROBE_TASKS }), closeQuietly);
const bench = lazy(() => ReferencePool.start(path.join(exerciseDir(), 'tasks.ts'), W), (pool) => pool.close());

afterAll(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup().catch(() => undefined)));
  // A process pool whose close() failed must not leave orphans behind.
  for (const pid of childPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}, 30_000);

// ------------------------------------------------------------------ helpers

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const same = (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** What `fn` threw (undefined if nothing); NotImplemented passes through so the message says so. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    if (isNotImplemented(error)) throw error;
    return error;
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether `promise` settles within `ms` (it is left running either way). */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([promise.then(() => true, () => true), late]).finally(() => clearTimeout(timer));
}

/** Poll `done` every 20 ms until it holds or `ms` pass; returns whether it held. */
async function eventually(done: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; ; await sleep(20)) {
    if (await done()) return true;
    if (Date.now() >= end) return false;
  }
}

const OFF_MAIN_HINT =
  'Did run() call the task function itself? The parent must only send the task to a worker ' +
  '(worker.postMessage) and wait for the answer; the worker calls the function.';

/**
 * The overlap barrier: `count` tasks that each wait until all `count` are
 * running. Only a pool that runs them side by side, on different threads, gets
 * every one through; otherwise fail with what the arrivals show.
 */
async function overlapBarrier(pool: WorkerPool, count: number, timeoutMs = 3_000): Promise<void> {
  // 3 s by default: the pool is warm by then, its workers need only pick the tasks up.
  const buffer = createBarrier();
  const arrivals = await within(
    Promise.all(range(count).map(() => attempt(() => pool.run<Arrival>('waitForOthers', buffer, count, timeoutMs)))),
    timeoutMs * count + 10_000,
    `${count} barrier tasks`,
  );
  ensure(
    Array.isArray(arrivals) && arrivals.every((a) => a && typeof a.reached === 'boolean'),
    `pool.run('waitForOthers', ...) resolved with ${show(arrivals)}, not the task's return value. ` +
      'Did the pool load the module named in options.tasks, and resolve with what the task returned?',
  );
  const onMain = arrivals.filter((a) => a.pid === process.pid && a.threadId === mainThreadId);
  if (onMain.length > 0) {
    fail(`${onMain.length} of ${count} tasks ran on the main thread (threadId ${mainThreadId})`, 'every task must run in a worker', OFF_MAIN_HINT);
  }
  const alone = arrivals.filter((a) => !a.reached);
  if (alone.length > 0) {
    const seen = Math.min(...alone.map((a) => a.arrived));
    fail(
      `a task waited ${formatMs(timeoutMs)} for the other ${count - 1}, and only ${seen} of the ${count} tasks (itself included) had started by then`,
      `a pool of ${count} workers should run ${count} tasks side by side, one per worker`,
      'Does the pool start `workers` workers, and hand a task to EVERY idle worker at once ' +
        '(not one task at a time for the whole pool, and not all tasks to one worker)?',
    );
  }
  const threads = new Set(arrivals.map((a) => `${a.pid}/${a.threadId}`));
  ensure(threads.size === count, `The ${count} tasks ran on only ${threads.size} distinct thread(s): ${show(arrivals)}.`);
}

// ------------------------------------------------------------------- checks

check(2, 'heavy(n) is the sum of Math.sqrt(i) for 0 ≤ i < n, and throws a RangeError naming a bad n', async () => {
  await holds(
    fc.property(fc.integer({ min: 0, max: 3_000 }), (n) => {
      const got = heavy(n);
      const want = referenceHeavy(n);
      ensure(
        typeof got === 'number' && same(got, want),
        `heavy(${n}) returned ${show(got)}, but the sum of Math.sqrt(i) for i = 0, 1, …, ${n - 1} is ${want}. ` +
          'Check the loop bounds: n terms, starting at i = 0 and stopping before i = n.',
      );
    }),
    { numRuns: 40 },
  );
  const bad = fc.oneof(
    fc.integer({ min: -1_000_000, max: -1 }),
    fc.integer({ min: 0, max: 1_000 }).map((i) => i + 0.5),
    fc.constantFrom(NaN, Infinity, -Infinity, 2 ** 53),
  );
  await holds(
    fc.property(bad, (n) => {
      const thrown = thrownBy(() => heavy(n));
      ensure(
        thrown instanceof RangeError,
        `heavy(${n}) ${thrown === undefined ? 'returned normally' : `threw ${show(thrown)}`}, but it should throw a RangeError: ` +
          'n must be a whole number >= 0 (Number.isSafeInteger(n) && n >= 0).',
      );
      ensure(
        thrown.message.includes(String(n)),
        `heavy(${n}) threw RangeError "${thrown.message}", which does not say which n was wrong. Put ${String(n)} in the message.`,
      );
    }),
    { numRuns: 30 },
  );
}, { rules: ['heavy-sum', 'heavy-range-error'] });

check(
  3,
  'pool.run and pool.map give the same results as calling heavy one after another',
  async () => {
    const pool = await shared();
    await holds(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 10 }), async (inputs) => {
        const expected = inputs.map((n) => heavy(n));
        const got = await within(attempt(() => pool.map('heavy', inputs)), 10_000, `pool.map('heavy', ${show(inputs)})`);
        ensure(
          Array.isArray(got) && exact(got) === exact(expected),
          `pool.map('heavy', ${show(inputs)}) resolved with ${show(got)}, but calling heavy on each input gives ${show(expected)}.`,
        );
        for (const n of inputs.slice(0, 2)) {
          const one = await within(attempt(() => pool.run('heavy', n)), 10_000, `pool.run('heavy', ${n})`);
          ensure(one === heavy(n), `pool.run('heavy', ${n}) resolved with ${show(one)}, but heavy(${n}) is ${heavy(n)}.`);
        }
      }),
      { numRuns: 25 },
    );
  },
  { timeoutMs: 30_000, rules: ['run-result', 'map-input-order'] },
);

check(
  2,
  'map returns results in input order, even when later inputs finish first',
  async () => {
    const pool = await shared();
    const plan = fc.tuple(
      fc.integer({ min: 600_000, max: 1_200_000 }),
      fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: 3, maxLength: 5 }),
    );
    await holds(
      fc.asyncProperty(plan, async ([big, smalls]) => {
        const inputs = [big, ...smalls];
        // One task at a time: no order to get wrong, so these are the right answers.
        const expected: unknown[] = [];
        for (const n of inputs) expected.push(await within(attempt(() => pool.run('heavy', n)), 10_000, `pool.run('heavy', ${n})`));
        const got = await within(attempt(() => pool.map('heavy', inputs)), 10_000, `pool.map('heavy', ${show(inputs)})`);
        if (exact(got) !== exact(expected)) {
          fail(
            `pool.map('heavy', ${show(inputs)}) resolved with ${show(got)}`,
            `result i must belong to input i: ${show(expected)}. heavy(${big}) takes longest, so it finishes last`,
            'Did you push each result as it arrived? Keep each result at its input\'s index (Promise.all does).',
          );
        }
      }),
      { numRuns: 6 },
    );
  },
  { timeoutMs: 30_000, rules: ['map-input-order'] },
);

check(
  3,
  'tasks run at the same time on different worker threads, never on the main thread (overlap barrier)',
  async () => overlapBarrier(await shared(), P),
  { timeoutMs: 40_000, rules: ['off-main', 'parallel-workers'] },
);

check(
  2,
  'each worker has its own memory: a module-level variable changed in a worker is unchanged in the parent',
  async () => {
    const pool = await shared();
    const counts = await within(attempt(() => pool.map<number>('bump', range(2 * P))), 10_000, "pool.map('bump', ...)");
    ensure(
      Array.isArray(counts) && counts.every((c) => Number.isInteger(c) && c >= 1),
      `pool.map('bump', ...) resolved with ${show(counts)}, but bump() returns how many times it was called in its copy of the module: 1, 2, ...`,
    );
    const first = bump();
    const second = bump();
    ensure(second === first + 1, `bump() in the parent returned ${first} and then ${second}: it should count up by one per call.`);
    if (first !== 1) {
      fail(
        `after the pool ran bump() ${2 * P} times, the parent's own first bump() returned ${first}`,
        "it should return 1: each worker loads its own copy of tasks.ts, so the workers' calls never touch the parent's counter",
        `The tasks ran in the parent's memory. ${OFF_MAIN_HINT}`,
      );
    }
  },
  { timeoutMs: 20_000, rules: ['own-memory', 'bump-counts'] },
);

check(
  3,
  'a failing task rejects only its own promise, with a message naming its input, and the pool keeps working',
  async () => {
    const pool = await shared();
    const good = fc.integer({ min: 0, max: 200 });
    const bad = fc.oneof(fc.integer({ min: -1_000, max: -1 }), fc.integer({ min: 0, max: 100 }).map((i) => i + 0.5));
    const batches = fc
      .tuple(fc.array(good, { minLength: 1, maxLength: 4 }), fc.array(bad, { minLength: 1, maxLength: 2 }))
      .chain(([g, b]) => fc.shuffledSubarray([...g, ...b], { minLength: g.length + b.length }));
    const isBad = (n: number) => !Number.isInteger(n) || n < 0;
    await holds(
      fc.asyncProperty(batches, async (inputs) => {
        const settled = await within(
          Promise.allSettled(inputs.map((n) => attempt(() => pool.run('heavy', n)))),
          10_000,
          `pool.run('heavy', n) for n in ${show(inputs)}`,
        );
        settled.forEach((outcome, i) => {
          const n = inputs[i];
          if (isBad(n)) {
            ensure(outcome.status === 'rejected', `pool.run('heavy', ${n}) fulfilled with ${show((outcome as PromiseFulfilledResult<unknown>).value)}, but heavy(${n}) throws, so it should reject.`);
            const reason = outcome.reason;
            if (isNotImplemented(reason)) throw reason;
            ensure(
              isErrorLike(reason) && reason.message.includes(String(n)),
              `pool.run('heavy', ${n}) rejected with ${show(reason)}. Reject with an Error whose message names the call, ` +
                `e.g. "heavy(${n}) failed: RangeError: ...": the caller must be able to tell which input failed.`,
            );
          } else {
            ensure(
              outcome.status === 'fulfilled',
              () =>
                `pool.run('heavy', ${n}) rejected with ${show((outcome as PromiseRejectedResult).reason)}, but heavy(${n}) works; ` +
                `only the failing input (${show(inputs.filter(isBad))}) should reject. One failing task must not fail the others: ` +
                "catch the error IN THE WORKER and send it back as that task's answer; an uncaught throw kills the worker and every task waiting for it.",
            );
            ensure(outcome.value === heavy(n), `pool.run('heavy', ${n}) fulfilled with ${show(outcome.value)}, but heavy(${n}) is ${heavy(n)}.`);
          }
        });
        const after = await within(attempt(() => pool.map('heavy', [1, 2, 3])), 10_000, "pool.map('heavy', [1, 2, 3]) after a failure");
        ensure(exact(after) === exact([1, 2, 3].map((n) => heavy(n))), `After a task failed, pool.map('heavy', [1, 2, 3]) resolved with ${show(after)}: the pool should keep working.`);
      }),
      { numRuns: 10 },
    );
    const mapped = await within(
      attempt(() => pool.map('heavy', [1, -7, 2])).then(
        (value) => ({ status: 'fulfilled' as const, value }),
        (reason: unknown) => ({ status: 'rejected' as const, reason }),
      ),
      10_000,
      "pool.map('heavy', [1, -7, 2])",
    );
    ensure(
      mapped.status === 'rejected' && mapped.reason instanceof Error && mapped.reason.message.includes('-7'),
      `pool.map('heavy', [1, -7, 2]) ${mapped.status === 'fulfilled' ? `fulfilled with ${show(mapped.value)}` : `rejected with ${show(mapped.reason)}`}, ` +
        'but like Executor.map it should reject with the failed input\'s error (naming -7).',
    );
  },
  { timeoutMs: 30_000, rules: ['task-error', 'map-rejects'] },
);

check(
  2,
  'close() ends every worker and leaves no handles behind; run() after close() rejects',
  async () => {
    const threadsBefore = osThreadCount();
    const before = activeResources();
    const pool = new WorkerPool({ workers: 2, tasks: PROBE_TASKS });
    cleanups.push(() => closeQuietly(pool));
    const beats = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
    await within(
      Promise.all([0, 1].map((slot) => attempt(() => pool.run('heartbeat', beats.buffer, slot, 50)))),
      15_000,
      "pool.run('heartbeat', ...)",
    );
    await within(attempt(() => pool.close()), 10_000, 'pool.close()');
    const frozen = await eventually(async () => {
      const snapshot = [...beats];
      await sleep(150); // a live worker beats every 5 ms: 30 beats, even if other programs slow it down
      return snapshot.every((value, i) => value === beats[i]);
    }, 2_000);
    ensure(
      frozen,
      'After close() resolved, the workers that ran tasks were still running (their heartbeat timers kept ticking). ' +
        'close() should end every worker (worker.terminate(), or tell it to exit and wait for its exit event) before it resolves.',
    );
    const handlesGone = await eventually(() => extraResources(before) === '', 1_000);
    ensure(handlesGone, `After close(), the parent still held ${extraResources(before)} that it did not hold before the pool started. close() should release every worker.`);
    if (threadsBefore !== undefined) {
      const threadsGone = await eventually(() => osThreadCount()! <= threadsBefore, 1_000);
      ensure(threadsGone, `After close(), the process still had ${osThreadCount()! - threadsBefore} more thread(s) than before the pool started. Every worker must exit.`);
    }
    // Called directly, not through attempt(): a closed pool must answer with a rejected
    // promise, never throw, so that `await pool.run(...)` and `.catch(...)` both see it.
    for (const [call, start] of [
      ["pool.run('whoami')", () => pool.run('whoami')],
      ["pool.map('whoami', [1, 2])", () => pool.map('whoami', [1, 2])],
    ] as const) {
      let returned: unknown;
      try {
        returned = start();
      } catch (error) {
        if (isNotImplemented(error)) throw error;
        fail(
          `${call} after close() threw ${show(error)} at once`,
          'it should return a promise that rejects: a caller awaiting it, or chaining .catch(), never sees a synchronous throw',
          'Return Promise.reject(new Error(...)) (or throw inside an async function) instead of throwing from run().',
        );
      }
      const late = await within(
        Promise.resolve(returned).then(
          () => 'fulfilled',
          () => 'rejected',
        ),
        2_000,
        `${call} after close()`,
      ).catch(() => 'never settled');
      ensure(
        late === 'rejected',
        `${call} after close() ${late}, but it should reject at once: a closed pool accepts no work (Python raises RuntimeError).`,
      );
    }
  },
  { timeoutMs: 40_000, rules: ['close-ends-workers', 'closed-rejects'] },
);

check(
  3,
  'a task goes to an idle worker: while one worker is held by a long task, the others take every later task',
  async () => {
    const pool = await shared();
    await within(attempt(() => pool.map('whoami', range(P))), 10_000, "pool.map('whoami', ...)"); // idle, all of them
    const release = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const HOLD_MS = 20_000;
    // The long task is submitted first and holds its worker until the grader releases it
    // (no clock involved). A pool that hands tasks out in turn, or always to the first
    // worker, puts some of the later tasks behind it although other workers are free.
    const long = attempt(() => pool.run('holdUntilReleased', release.buffer, HOLD_MS));
    long.catch(() => undefined);
    const count = 3 * (P - 1);
    let done = 0;
    const quick = range(count).map(() => attempt(() => pool.run<Where>('whoami')).finally(() => (done += 1)));
    try {
      const allDone = await settlesWithin(Promise.allSettled(quick), 8_000);
      if (!allDone) {
        fail(
          `one worker of ${P} was held by a long task; of the ${count} short tasks submitted right after it, ${count - done} had not finished 8 s later`,
          `the other ${P - 1} worker(s) were idle, so they should have taken every short task at once`,
          'A task must go to an IDLE worker. Handing tasks out in turn (round-robin), or always to the first worker, queues some behind ' +
            'the busy one. Keep one queue in the pool; send a task only to a worker that has none, and when a worker answers, give it the next queued task.',
        );
      }
      const results = await Promise.allSettled(quick);
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
    } finally {
      Atomics.store(release, 0, 1);
      Atomics.notify(release, 0);
    }
    await within(long, 10_000, "the long task, once released");
  },
  { timeoutMs: 40_000, rules: ['idle-worker'] },
);

check(
  3,
  'close() lets every submitted task finish (running and queued), then ends the workers',
  async () => {
    const pool = new WorkerPool({ workers: 2, tasks: PROBE_TASKS });
    cleanups.push(() => closeQuietly(pool));
    await within(attempt(() => pool.map('whoami', [1, 2])), 30_000, "pool.map('whoami', [1, 2])");
    const items = range(6).map((i) => ({ value: 100 + i, ms: 100 }));
    const state: Array<{ status: 'pending' | 'fulfilled' | 'rejected'; value?: unknown }> = items.map(() => ({ status: 'pending' }));
    const tasks = items.map((item, i) =>
      attempt(() => pool.run('valueAfter', item)).then(
        (value) => void (state[i] = { status: 'fulfilled', value }),
        (reason: unknown) => void (state[i] = { status: 'rejected', value: reason }),
      ),
    );
    let pendingAtClose: number | undefined;
    const closing = attempt(() => pool.close()).then(() => void (pendingAtClose = state.filter((t) => t.status === 'pending').length));
    const settled = await settlesWithin(Promise.all([...tasks, closing.catch(() => undefined)]), 10_000);
    const submitted = 'close() was called right after 6 tasks of 100 ms were submitted to 2 workers (2 running, 4 queued)';
    const stuck = state.filter((t) => t.status === 'pending').length;
    if (!settled && stuck > 0) {
      fail(
        `${submitted}; 10 s later ${stuck} of the 6 tasks had still not settled`,
        'close() is shutdown(wait=True): it accepts no new task, but lets every task already submitted finish and resolve, and only then ends the workers',
        'Did close() terminate the workers at once? Wait until the queue is empty and no worker is busy, then terminate them.',
      );
    }
    const rejected = state.findIndex((t) => t.status === 'rejected');
    if (rejected !== -1) {
      const reason = state[rejected].value;
      if (isNotImplemented(reason)) throw reason;
      fail(
        `${submitted}; task ${rejected + 1} rejected with ${show(isErrorLike(reason) ? reason.message : reason)}`,
        'tasks submitted before close() should finish and resolve with their values: close() refuses only new tasks',
        'Do not reject the queued tasks: let the workers run them, then end the workers.',
      );
    }
    ensure(settled, `${submitted}; close() itself never resolved (10 s). It should resolve once the tasks are done and every worker has exited.`);
    await closing; // close()'s own error, if it threw
    ensure(
      state.every((t, i) => t.value === items[i].value),
      `${submitted}; they resolved with ${show(state.map((t) => t.value))}, but each should resolve with its own value ${show(items.map((i) => i.value))}.`,
    );
    ensure(
      pendingAtClose === 0,
      `${submitted}; close() resolved while ${pendingAtClose} of them were still pending. It should resolve only after every submitted task has settled and the workers have exited.`,
    );
  },
  { timeoutMs: 60_000, rules: ['close-drains'] },
);

check(
  3,
  'the pool starts exactly `workers` workers (cores + 1 when asked, os.availableParallelism() by default), never more',
  async () => {
    // Counted by identity, never by speed: on 2 cores, 2 workers and 3 workers compute
    // equally fast, but only 3 workers can hold 3 blocked tasks at once, and only a census
    // of `new Worker(...)` sees a spare that never gets a task.
    const exactly = async (label: string, options: { workers?: number }, want: number) => {
      const pool = new WorkerPool({ ...options, tasks: PROBE_TASKS });
      cleanups.push(() => closeQuietly(pool));
      // At least `want`: want tasks all blocked at once (a fresh pool: its workers may still be starting).
      const enough = createBarrier();
      const met = await within(
        Promise.all(range(want).map(() => attempt(() => pool.run<Arrival>('waitForOthersUntil', enough, want, Date.now() + 20_000)))),
        60_000,
        `${want} barrier tasks on new WorkerPool(${label})`,
      );
      const alone = met.filter((a) => !a?.reached);
      if (alone.length > 0) {
        fail(
          `new WorkerPool(${label}) ran at most ${Math.min(...alone.map((a) => a.arrived))} tasks at the same time`,
          `it should start ${want} workers, so ${want} tasks can all be running at once`,
          `Start exactly options.workers workers (default os.availableParallelism()), whatever the number of cores: more workers than cores is allowed, they simply share the cores.`,
        );
      }
      // At most `want`: want + 1 tasks at once, each waiting up to 100 ms for all of them to
      // run together. A pool that starts a worker when every one is busy shows it here, in
      // the census, and as want + 1 tasks running at once.
      const counter = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
      const where = await within(
        Promise.all(range(want + 1).map(() => attempt(() => pool.run<Where>('countRunning', counter, want + 1, Date.now() + 100)))),
        60_000,
        `${want + 1} tasks on new WorkerPool(${label})`,
      );
      const most = Atomics.load(new Int32Array(counter), 1);
      if (most > want) {
        fail(
          `new WorkerPool(${label}) ran ${most} tasks at the same time (on ${new Set(where.map((w) => `${w?.pid}/${w?.threadId}`)).size} distinct threads)`,
          `it should start exactly ${want} workers, never more`,
          'Start options.workers workers, no more (like ProcessPoolExecutor(max_workers)), and reuse them for every task instead of starting new ones.',
        );
      }
      await closeQuietly(pool);
      return { label, want, threads: new Set([...met, ...where].map((w) => w?.threadId)) };
    };
    const { value: pools, census } = await countingWorkers(() =>
      Promise.all([exactly(`{ workers: ${CORES + 1} }`, { workers: CORES + 1 }, CORES + 1), exactly('{}', {}, CORES)]),
    );
    // Both pools were started side by side, so the census counts the threads of both.
    const asked = pools.reduce((sum, p) => sum + p.want, 0);
    if (census.started.length > asked) {
      const spares = census.started.filter((id) => !pools.some((p) => p.threads.has(id)));
      fail(
        `new WorkerPool(${pools.map((p) => p.label).join(') and new WorkerPool(')}) (the default, ${CORES} workers) started ${census.started.length} worker threads between them, ` +
          `${spares.length} of which never ran a task`,
        `they should start ${pools.map((p) => p.want).join(' + ')} = ${asked}, exactly the workers asked for`,
        'Start options.workers workers, no more (no spare, no extra worker for a queue), and reuse them for every task instead of starting new ones.',
      );
    }
  },
  { timeoutMs: 90_000, rules: ['worker-count'] },
);

check(
  2,
  'map keeps input order for 1,000+ inputs of mixed durations, and takes any iterable (a generator here)',
  async () => {
    const pool = await shared();
    await holds(
      fc.asyncProperty(fc.array(fc.constantFrom(0, 0, 0, 1), { minLength: 1_000, maxLength: 1_600 }), async (pauses) => {
        const items = pauses.map((ms, i) => ({ value: 3 * i + 1, ms }));
        function* inputs() {
          yield* items;
        }
        const what = `pool.map('valueAfter', <a generator of ${items.length} inputs>)`;
        const got = await within(attempt(() => pool.map<number>('valueAfter', inputs())), 60_000, what);
        ensure(
          Array.isArray(got) && got.length === items.length,
          `${what} resolved with ${Array.isArray(got) ? `${got.length} results` : show(got)}, but it should resolve with one result per input, ${items.length}. ` +
            'map takes any iterable: read it once with Array.from(inputs) (a generator has no .length and no .map).',
        );
        const wrong = got.findIndex((v, i) => v !== items[i].value);
        if (wrong !== -1) {
          fail(
            `${what}: result ${wrong} is ${show(got[wrong])}, but input ${wrong} gives ${items[wrong].value} (${got.filter((v, i) => v !== items[i].value).length} results out of place)`,
            'result i must belong to input i, however many inputs there are and whatever order they finish in',
            "Keep each result at its input's index (Promise.all over the runs does), rather than in the order replies arrive.",
          );
        }
      }),
      // No shrinking: each run is a thousand tasks, and the first counterexample already names the misplaced result.
      { numRuns: 2, endOnFailure: true },
    );
  },
  { timeoutMs: 60_000, rules: ['map-input-order', 'map-iterable'] },
);

check(
  2,
  "runtime 'process' runs tasks in child processes, and close() ends them",
  async () => {
    const pool = new WorkerPool({ workers: 2, runtime: 'process' });
    cleanups.push(() => closeQuietly(pool));
    const where = await within(attempt(() => pool.map<Where>('whoami', range(6))), 20_000, "pool.map('whoami', ...) with runtime 'process'");
    ensure(Array.isArray(where) && where.every((w) => w && Number.isInteger(w.pid)), `pool.map('whoami', ...) resolved with ${show(where)}, not whoami()'s { pid, threadId } answers.`);
    const pids = [...new Set(where.map((w) => w.pid))];
    pids.forEach((pid) => pid !== process.pid && childPids.add(pid));
    if (pids.includes(process.pid)) {
      fail(
        `with runtime 'process', tasks ran in this process (pid ${process.pid})`,
        'they should run in child processes, each with its own pid',
        "Start workers with child_process.fork(BOOTSTRAP, [worker file, tasks file]) when runtime is 'process'.",
      );
    }
    ensure(pids.length >= 2, `With runtime 'process' and 2 workers, 6 tasks ran in only ${pids.length} process (pids ${show(pids)}); both workers should take tasks.`);
    const values = await within(attempt(() => pool.map('heavy', [10, 200, 3_000])), 20_000, "pool.map('heavy', ...) with runtime 'process'");
    ensure(exact(values) === exact([10, 200, 3_000].map((n) => heavy(n))), `With runtime 'process', pool.map('heavy', [10, 200, 3000]) resolved with ${show(values)}.`);
    await within(attempt(() => pool.close()), 10_000, "close() of a 'process' pool");
    const gone = await eventually(() => pids.every((pid) => !isAlive(pid)), 2_000);
    ensure(gone, `After close() resolved, worker process(es) ${show(pids.filter(isAlive))} were still running. close() should end every child (child.kill()) and wait for its exit.`);
  },
  { timeoutMs: 40_000, rules: ['process-runtime', 'whoami-where'] },
);

check(
  5,
  'W = min(cores, 4) workers run CPU-bound jobs about W times faster than one: speedup and CPU time ÷ wall time ≥ 0.75·W',
  async () => {
    const pool = await shared();
    if (W < 2) {
      await overlapBarrier(pool, P);
      note(
        `This machine has ${CORES} core, so no speedup is possible and none was measured. ` +
          `Parallelism was graded by an overlap barrier instead: ${P} tasks had to be running at the same time.`,
      );
      return;
    }
    const reference = await bench();

    // Size one job to ~JOB_MS on a grader thread (never on jest's thread).
    await reference.run('heavy', [1e6]);
    const probeN = 2e7;
    const probe = await timed(() => reference.run('heavy', [probeN]));
    ensure(probe.ms >= 1, `heavy(${probeN}) took ${probe.ms.toFixed(2)} ms: far too fast for ${probeN} square roots. Does heavy really loop n times?`);
    const n = Math.min(4e9, Math.max(1e6, Math.round((probeN * JOB_MS) / probe.ms)));
    /** heavy(n) as the kit's thread computes it: the baseline rounds below set it. */
    let want: number | undefined;

    // A pool that computes on the main thread would take minutes here (CPU
    // loops run ~100x slower on jest's thread): find out with one small job
    // (~15 ms in a worker, over a second on the main thread). Utilisation alone
    // means little over a few milliseconds, hence the duration too.
    const small = Math.round(n / 20);
    const pre = await loopBusyDuring(() => within(attempt(() => pool.run('heavy', small)), 60_000, `pool.run('heavy', ${small})`));
    if (pre.busy > 0.5 && pre.ms > 100) {
      fail(
        `while pool.run('heavy', ${small}) ran (${formatMs(pre.ms)}), the main thread was busy ${Math.round(pre.busy * 100)}% of the time`,
        'the main thread should sit idle while a worker computes',
        OFF_MAIN_HINT,
      );
    }
    await pool.map('heavy', range(W).map(() => 1_000)); // every worker awake

    // Rounds of: baseline on one grader thread, then your pool; when yours
    // misses, the kit's own W-thread pool right after it. Other programs can
    // hold the cores during any round, so your pool is blamed only when, in two
    // rounds, the kit's pool reached the target right beside it and yours was
    // clearly slower. Other rounds are spoiled; after two spoiled rounds the
    // overlap barrier decides instead.
    const attempts: Array<{ base: number; refWall: number; refCpu: number; wall: number; cpu: number }> = [];
    const reached = (speedup: number, cpu: number) => speedup >= NEED && cpu >= NEED;
    let blamed = 0;
    let spoiled = 0;
    for (let round = 0; round < ROUNDS && blamed < 2 && spoiled < 2; round++) {
      const base = await timed(async () => {
        for (let j = 0; j < JOBS; j++) want = await reference.run<number>('heavy', [n]);
      });
      const mine = await measureCpu(() =>
        within(attempt(() => pool.map('heavy', range(JOBS).map(() => n))), base.ms * 3 + 10_000, `pool.map('heavy', [${JOBS} × ${n}])`),
      );
      ensure(
        Array.isArray(mine.value) && mine.value.length === JOBS && mine.value.every((v) => v === want),
        `pool.map('heavy', [${JOBS} × ${n}]) resolved with ${show(mine.value)}, but each result should be heavy(${n}) = ${want}.`,
      );
      if (reached(base.ms / mine.wallMs, mine.cpuPerWall)) {
        note(`Measured: ${(base.ms / mine.wallMs).toFixed(2)}× faster than one worker, CPU time ÷ wall time ${mine.cpuPerWall.toFixed(2)} (${NEED.toFixed(2)} needed).`);
        return;
      }
      const ref = await measureCpu(() => reference.map('heavy', range(JOBS).map(() => n)));
      const a = { base: base.ms, refWall: ref.wallMs, refCpu: ref.cpuPerWall, wall: mine.wallMs, cpu: mine.cpuPerWall };
      attempts.push(a);
      // Blame needs the kit's pool on target AND clearly ahead of yours, side by side.
      if (reached(a.base / a.refWall, a.refCpu) && a.wall > a.refWall / 0.85) blamed += 1;
      else spoiled += 1;
    }

    // Every figure of every round, each marked against the target: a note that
    // showed only the figures that passed would hide why the round did not count.
    const mark = (value: number, unit = '') => `${value.toFixed(2)}${unit} ${value >= NEED ? '✓' : '✗'}`;
    const table = attempts
      .map(
        (a, i) =>
          `round ${i + 1}: one worker ${formatMs(a.base)} · kit's ${W} threads ${formatMs(a.refWall)} ` +
          `(${mark(a.base / a.refWall, '×')}, CPU÷wall ${mark(a.refCpu)}) · your pool ${formatMs(a.wall)} ` +
          `(${mark(a.base / a.wall, '×')}, CPU÷wall ${mark(a.cpu)})`,
      )
      .join('\n');
    if (blamed < 2) {
      await overlapBarrier(pool, P);
      note(
        `Speedup not measured: in no round did your pool reach ${NEED.toFixed(2)}× with CPU time ÷ wall time ${NEED.toFixed(2)}, ` +
          `but in fewer than two rounds was the kit's own pool, measured right beside yours, on target and clearly ahead of yours: ` +
          `other programs were using this machine's cores. Graded by the overlap barrier instead: ${P} tasks ran at once. ` +
          `Every figure (✓ reaches ${NEED.toFixed(2)}, ✗ does not):\n${table}`,
      );
      return;
    }
    const best = attempts.reduce((x, y) => (y.base / y.wall > x.base / x.wall ? y : x));
    fail(
      `${JOBS} jobs of ~${JOB_MS} ms on your pool of ${W} workers ran only ${(best.base / best.wall).toFixed(2)}× faster than on one worker ` +
        `(CPU time ÷ wall time ${best.cpu.toFixed(2)})`,
      `they should run at least ${NEED.toFixed(2)}× faster, with ${NEED.toFixed(2)} cores busy, as the kit's own pool did on this machine just now`,
      best.cpu < 1.2
        ? 'Only about one core was busy: the jobs ran one after another. Does the pool really start `workers` workers, and keep ALL of them busy?'
        : 'Several cores were busy but the jobs still took long: does the pool start a new worker per task (0.1 s or more each) instead of reusing them?',
      table,
    );
  },
  { timeoutMs: 90_000, rules: ['speedup'] },
);
