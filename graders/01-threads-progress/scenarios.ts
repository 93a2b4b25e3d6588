// The real-thread scenarios of the 01 grader, grader side. Each one starts its
// helper threads (files beside this one), drives them through shared control
// cells, bounds every wait, and always terminates its threads. The grader file
// then stays a flat list of checks that read these measurements.
import path from 'node:path';
import { attempt, CheckFailure, Crew, errorFromWire, measureCpu, sleep, within, type Received, type ThrewMessage } from '../support';
import { CONTENTION, HOLD, PROBES, type Exercise, type Probe, type ProbeMessage } from './protocol';

const helper = (name: string) => path.join(__dirname, `${name}.worker.ts`);

/** A helper thread starts in ~0.1 s (~1 s when it compiles its TypeScript first; several times that on a busy machine). */
const STARTUP_MS = 10_000;

type Msg = { kind: string; probe?: Probe };

const isThrew = (m: unknown): m is ThrewMessage & { probe?: Probe } => (m as Msg)?.kind === 'threw';

/** The next message of `kind`; the learner's error if the thread threw; a CheckFailure if it never came. */
async function expectMessage<T extends Msg>(received: Promise<Received<T | ThrewMessage>>, kind: string, what: string): Promise<T> {
  const r = await received;
  if (r.kind === 'message' && isThrew(r.message)) throw errorFromWire(r.message);
  if (r.kind === 'message' && r.message.kind === kind) return r.message as T;
  if (r.kind === 'exit') throw new CheckFailure(`${what}: the thread exited (code ${r.code}) first. Does your code call process.exit?`);
  if (r.kind === 'timeout') throw new CheckFailure(`${what}: it never happened.`);
  throw new CheckFailure(`${what}: got an unexpected message ${JSON.stringify(r.message)}.`);
}

// ------------------------------------------------------------------ rule probes

export type Verdict = { ok: true } | { ok: false; error: Error };

/** How long one probe (a handful of non-blocking calls) may take before it counts as stuck. */
const PROBE_MS = 2_000;

const STUCK: Record<Probe, string> = {
  'create gives a free mutex': 'tryLock() on a new mutex never returned. tryLock must never wait.',
  'tryLock while held': 'tryLock() never returned while the mutex was held. tryLock must never wait: one compareExchange, then return its verdict.',
  'tryLock after unlock': 'tryLock() or unlock() never returned on a mutex with no other user.',
  'lock then tryLock': 'lock() on a FREE mutex never returned. lock() should take a free mutex at once and wait only while it is held.',
  'unlock when free': 'unlock() (or tryLock()) never returned on a mutex with no other user.',
  'withLock returns': 'withLock(fn) never returned (or tryLock() on another handle, called inside fn, never returned: tryLock must never wait).',
  'withLock throws': 'withLock(fn) never returned when fn threw.',
};

/**
 * Run every rule probe in a helper thread. A probe that never returns is
 * reported as stuck, and the remaining probes go on in a fresh thread, so one
 * blocking call costs only the checks that use it.
 */
export async function runRuleProbes(): Promise<Map<Probe, Verdict>> {
  const verdicts = new Map<Probe, Verdict>();
  const rest = (error: Error) => PROBES.forEach((p) => verdicts.has(p) || verdicts.set(p, { ok: false, error }));
  let from = 0;
  while (from < PROBES.length) {
    const crew = new Crew();
    try {
      const { inbox } = crew.start<ProbeMessage>(helper('rules'), { workerData: { from } });
      let current: Probe | null = null;
      for (;;) {
        const r = await inbox.next(current === null ? STARTUP_MS : PROBE_MS);
        if (r.kind === 'message') {
          const m = r.message;
          if (isThrew(m)) {
            if (!m.probe) return rest(errorFromWire(m)), verdicts; // threw while loading: every probe fails alike
            verdicts.set(m.probe, { ok: false, error: errorFromWire(m) });
            current = null;
            from = PROBES.indexOf(m.probe) + 1;
          } else if (m.kind === 'start') {
            current = m.probe;
          } else if (m.kind === 'result') {
            verdicts.set(m.probe, m.problem === null ? { ok: true } : { ok: false, error: new CheckFailure(m.problem) });
            current = null;
            from = PROBES.indexOf(m.probe) + 1;
          } else {
            return verdicts; // end
          }
          continue;
        }
        if (current === null) {
          rest(new CheckFailure(r.kind === 'timeout' ? 'The grader could not start a thread with your SharedMutex loaded.' : `The helper thread exited (code ${r.code}) before running the rules.`));
          return verdicts;
        }
        const why = r.kind === 'timeout' ? `still running after ${PROBE_MS / 1000} s` : `the thread exited (code ${r.code}), does your code call process.exit?`;
        verdicts.set(current, { ok: false, error: new CheckFailure(`${STUCK[current]} (${why})`) });
        from = PROBES.indexOf(current) + 1;
        break;
      }
    } finally {
      await crew.dismiss();
    }
  }
  return verdicts;
}

// --------------------------------------------------------------- holder / waiter

export interface HoldAndWait {
  /** The waiter's lock() returned while the holder still held the mutex. */
  acquiredWhileHeld: boolean;
  /** Process CPU while both helper threads only waited for the grader (the noise floor). */
  idle: { cpuMs: number; wallMs: number };
  /** Process CPU while the waiter sat in lock() and the holder slept holding the mutex. */
  waiting: { cpuMs: number; wallMs: number };
  /** How long after unlock() the waiter's lock() returned; null if it never did within WAKE_MS. */
  wokeAfterMs: number | null;
  /** What the learner's code threw in the holder's unlock() (or what became of it), if anything went wrong there. */
  unlockFailed: Error | null;
}

export const WINDOW_MS = 300;
export const WAKE_MS = 2_000;

/**
 * One thread holds the learner's mutex (sleeping, so it burns no CPU); a second
 * thread calls lock() on it. Measures the process CPU over a window while the
 * second thread waits, the same over a window before it started waiting, and
 * how long lock() takes to return once the holder unlocks.
 */
export async function holdAndWait(SharedMutex: Exercise['SharedMutex']): Promise<HoldAndWait> {
  // CPU is measured for the whole process. Node 20 has no per-thread CPU clock that
  // works everywhere (process.threadCpuUsage arrives in Node 23.9; /proc is Linux
  // only), and event-loop utilisation counts a thread blocked in Atomics.wait as
  // busy (it is inside JavaScript), so it cannot tell sleeping from spinning. Here
  // every other thread of the process is asleep by construction: jest's thread sits
  // in a timer, the holder and (in the idle window) the waiter block in
  // Atomics.wait. So the process's CPU in the waiting window, minus the idle
  // window's, is what the waiting thread burned. Other processes never count:
  // rusage is per process. Measured here: 0-1 ms per 300 ms window, even at load 11.
  const cpuDuring = async (ms: number) => {
    const { cpuMs, wallMs } = await measureCpu(() => sleep(ms));
    return { cpuMs, wallMs };
  };
  const buffer = SharedMutex.create().buffer;
  const control = new SharedArrayBuffer(HOLD.size * Int32Array.BYTES_PER_ELEMENT);
  const cells = new Int32Array(control);
  const crew = new Crew();
  try {
    const holder = crew.start<Msg>(helper('hold-and-wait'), { workerData: { role: 'holder', mutex: buffer, control } });
    const waiter = crew.start<Msg>(helper('hold-and-wait'), { workerData: { role: 'waiter', mutex: buffer, control } });
    await expectMessage(holder.inbox.next(STARTUP_MS), 'held', 'A thread called lock() on a free mutex and waited for it to return');
    await expectMessage(waiter.inbox.next(STARTUP_MS), 'ready', 'The grader started a second thread');
    await sleep(100); // let start-up work (compilation, GC) die down before measuring
    const idle = await cpuDuring(WINDOW_MS);

    Atomics.store(cells, HOLD.go, 1);
    Atomics.notify(cells, HOLD.go);
    for (let t = 0; Atomics.load(cells, HOLD.calling) === 0 && t < STARTUP_MS; t += 10) await sleep(10);
    await sleep(50); // the waiter is now inside lock()
    const waiting = await cpuDuring(WINDOW_MS);
    const acquiredWhileHeld = Atomics.load(cells, HOLD.acquired) === 1;

    Atomics.store(cells, HOLD.release, 1);
    Atomics.notify(cells, HOLD.release);
    const released = performance.now();
    // A broken lock() can make the holder's unlock() throw ("not locked"): keep that for
    // the checks to weigh, since "lock() returned while held" is the real story then.
    const unlockFailed = await expectMessage(holder.inbox.next(WAKE_MS), 'released', 'The holding thread called unlock() and waited for it to return').then(
      () => null,
      (error: Error) => error,
    );
    const woke = await waiter.inbox.next(WAKE_MS);
    if (woke.kind === 'message' && isThrew(woke.message)) throw errorFromWire(woke.message);
    const wokeAfterMs = woke.kind === 'message' && woke.message.kind === 'acquired' ? performance.now() - released : null;
    return { acquiredWhileHeld, idle, waiting, wokeAfterMs, unlockFailed };
  } finally {
    await crew.dismiss();
  }
}

// ------------------------------------------------------------------ contention

export interface Contention {
  threads: number;
  /** Rounds per thread, over all trials. */
  rounds: number;
  /** The plain counter at the end; threads × rounds if nothing was lost and every trial ran. */
  counter: number;
  /** Times a thread got into the critical section while another was inside. */
  overlaps: number;
  /** The trial that went wrong first: its index in the plan (0 = the amplified one), or null. */
  failedTrial: number | null;
  elapsedMs: number;
  /** Set when the threads stopped making progress (or ran out of time) before finishing. */
  stuck: { stalled: boolean; why: string } | null;
  /** What the learner's code threw in one of the threads, if it did (the run stopped there). */
  threw: Error | null;
}

const STALL_MS = 3_000;
const CONTENTION_LIMIT_MS = 25_000;

export interface Trial {
  /** lock / witness / counter++ / unlock rounds per thread. */
  rounds: number;
  /** How long each holder sleeps inside the critical section (0: not at all). */
  holdMs: number;
}

/**
 * `threads` helper threads run the rounds of each trial of `plan` on the
 * learner's mutex (a fresh mutex per trial, see contention.worker.ts); in the
 * first trial every load of the mutex memory is slowed by `amplifyMs`. Stops at
 * the first trial that goes wrong.
 */
export async function contention(SharedMutex: Exercise['SharedMutex'], threads: number, plan: Trial[], amplifyMs: number): Promise<Contention> {
  const trials = plan.map((trial) => ({ ...trial, mutex: SharedMutex.create().buffer }));
  const control = new SharedArrayBuffer(CONTENTION.size * Int32Array.BYTES_PER_ELEMENT);
  const counter = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const cells = new Int32Array(control);
  const at = (cell: number) => Atomics.load(cells, cell);
  const crew = new Crew();
  try {
    const members = Array.from({ length: threads }, () =>
      crew.start<Msg>(helper('contention'), { workerData: { plan: trials, control, counter, amplify: amplifyMs } }),
    );
    for (const m of members) await expectMessage(m.inbox.next(STARTUP_MS), 'ready', 'The grader started a thread with your SharedMutex');
    const started = performance.now();
    let stuck: Contention['stuck'] = null;
    let threw: Error | null = null;
    let lastTicks = -1;
    let lastChange = started;
    /** Poll until `reached()`; false if a thread threw, stalled or ran out of time first. */
    const until = async (reached: () => boolean): Promise<boolean> => {
      while (!reached()) {
        await sleep(20);
        for (const m of members) threw ??= m.inbox.drain().filter(isThrew).map(errorFromWire)[0] ?? null;
        if (threw) return false;
        const now = performance.now();
        const ticks = at(CONTENTION.ticks) + at(CONTENTION.done) + at(CONTENTION.ready);
        if (ticks !== lastTicks) [lastTicks, lastChange] = [ticks, now];
        if (now - lastChange > STALL_MS) stuck = { stalled: true, why: `no thread made any progress for ${STALL_MS / 1000} s` };
        else if (now - started > CONTENTION_LIMIT_MS) stuck = { stalled: false, why: `they were still running after ${CONTENTION_LIMIT_MS / 1000} s` };
        if (stuck) return false;
      }
      return true;
    };
    let failedTrial: number | null = null;
    for (let trial = 0; trial < plan.length && failedTrial === null; trial++) {
      if (!(await until(() => at(CONTENTION.ready) >= threads * (trial + 1)))) {
        failedTrial = trial;
        break;
      }
      Atomics.store(cells, CONTENTION.go, trial + 1);
      Atomics.notify(cells, CONTENTION.go);
      const finished = await until(() => at(CONTENTION.done) >= threads * (trial + 1) || at(CONTENTION.overlaps) > 0);
      if (!finished || at(CONTENTION.overlaps) > 0) failedTrial = trial;
    }
    return {
      threads,
      rounds: plan.reduce((sum, trial) => sum + trial.rounds, 0),
      counter: new Int32Array(counter)[0],
      overlaps: at(CONTENTION.overlaps),
      failedTrial,
      elapsedMs: performance.now() - started,
      stuck: threw ? null : stuck,
      threw,
    };
  } finally {
    await crew.dismiss();
  }
}

// ------------------------------------------------------------------- downloads

export type DownloadResult = Awaited<ReturnType<Exercise['downloadAll']>>;

/** Far above any honest run (8 downloads of 300 ms on one thread, plus thread start-up on a busy machine). */
export const DOWNLOAD_LIMIT_MS = 12_000;

/** Real wall time of one downloadAll call; a call that never settles fails the check instead of hanging it. */
export async function timedDownloads(
  downloadAll: Exercise['downloadAll'],
  fileIds: number[],
  options: { threads: number; delayMs: (id: number) => number },
): Promise<{ wallMs: number; result: DownloadResult }> {
  const t0 = performance.now();
  // A worker's error passed on by downloadAll comes from another realm; explain() reads errors by shape.
  const result = await within(
    attempt(() => downloadAll(fileIds, options)),
    DOWNLOAD_LIMIT_MS,
    `downloadAll(${fileIds.length} files, { threads: ${options.threads} })`,
  );
  return { wallMs: performance.now() - t0, result };
}

/** Run `fn` at most once, on first use; every caller shares its promise (one measurement, several checks). */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= fn());
}
