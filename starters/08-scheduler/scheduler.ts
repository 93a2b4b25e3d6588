// Exercise 08: a job scheduler. Read README.md beside this file first.
// Fill in the bodies; keep the names and signatures. Check your work with:  npm test -- 08
//
// THE CONTRACT (the grader checks every line of it, on a fake clock):
// - Due time: a job is due at Date.now() + delayMs (default 0), or at `at` (a time on the
//   Date.now() scale; a time already past means "now"). It starts at its due time, or as
//   soon after it as a slot is free.
// - Order: among the jobs that are due and waiting for a slot, the higher `priority` starts
//   first (default 0); among equal priorities, the one due earlier; for the same due time, the
//   one scheduled first (first in, first out). Jobs that fall due at the same instant are
//   compared together before any of them starts.
// - Never more than `concurrency` jobs run at once; a slot never stays free while a job is due
//   (unless paused). A job runs from the moment it is called until its promise settles.
// - Recurring (`everyMs`): fixed rate. With `start` its first due time, its runs are due at
//   ticks start + k * everyMs, never counted from the end of a run. A run never overlaps the
//   same job's previous run. Ticks that pass while a run is going on (or waiting for a slot)
//   are SKIPPED, not queued: after a run ends at time e, the next run is due at the first
//   later tick that is >= e.
// - Retries: when attempt n of a run fails (throws or rejects) and n <= retries, attempt n + 1
//   is due backoffDelay(n, backoff) ms after the failure, and then waits for a slot like any
//   due job (same priority). The job holds no slot while it waits.
//   After the last attempt fails, done rejects with that attempt's error. A one-shot job's
//   done resolves with the value of its successful attempt. A recurring job's run that fails
//   for good ends the job the same way (done rejects; no more ticks).
// - cancel(): returns false and changes nothing if done has already settled. Otherwise it
//   returns true and done rejects at once with a CancelledError; the job never starts again
//   (no run, no retry, no tick) and its timer is cleared. A run already in progress is not
//   interrupted (jobs get no signal): it keeps its slot until it ends, and its outcome is ignored.
// - pause(): nothing starts until resume(); due jobs keep waiting (none is dropped) and start on
//   resume(), in the order above. Running jobs go on. Time keeps running for due times.
// - drain(): resolves at the first moment when nothing is running and nothing is due (jobs due
//   later, retries in their backoff wait and the next ticks of recurring jobs do not count).
// - stop(): done of every job not yet settled (waiting, in a backoff wait, or running) rejects at
//   once with a CancelledError; every timer is cleared at once; nothing starts any more; running
//   jobs are not interrupted, and the promise stop() returns resolves when the last one ends.
//   schedule() after stop() throws an Error.
// - Bad options: the constructor and schedule() throw a RangeError whose message names the
//   option (`concurrency`, `delayMs`, `at`, `priority`, `everyMs`, `retries`, `backoff.baseMs`,
//   `backoff.factor`, `backoff.maxMs`) before anything is scheduled; a job that is not a
//   function is a TypeError. Valid: concurrency a whole number >= 1 (missing, or no options
//   object at all, is bad); delayMs finite >= 0; at and priority finite; not both delayMs and at
//   (both: a RangeError naming both); everyMs finite > 0; retries a whole number >= 0;
//   backoff.baseMs finite >= 0, backoff.factor finite >= 1, backoff.maxMs a number >= 0
//   (Infinity allowed; a string is not a number).
// - Time: read it with Date.now() and wait with setTimeout/clearTimeout (the grader's fake clock
//   replaces all three).

/** done rejects with this when the job is cancelled or the scheduler stops. Given: nothing to do. */
export class CancelledError extends Error {
  constructor(message = 'the job was cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** A job: sync or async; its value (or error) is the run's outcome. It gets no arguments. */
export type Job<T> = () => T | Promise<T>;

/** How long to wait before each retry (09's formula without jitter, see backoffDelay). */
export interface Backoff {
  /** The wait before the first retry. */
  baseMs: number;
  /** Each wait is `factor` times the previous one, before the cap. Default 2. */
  factor?: number;
  /** No wait is longer than this. Default Infinity (no cap). */
  maxMs?: number;
}

export interface ScheduleOptions {
  /** Due this many ms from now. Default 0. Not together with `at`. */
  delayMs?: number;
  /** Due at this time (Date.now() scale). A time already past means now. */
  at?: number;
  /** Higher starts first among due jobs. Default 0; negative is fine. */
  priority?: number;
  /** Recurring at a fixed rate: ticks at start + k * everyMs. Default: runs once. */
  everyMs?: number;
  /** Retries after a failed attempt, for each run. Default 0. */
  retries?: number;
  /** The waits before retries. Default DEFAULT_BACKOFF. */
  backoff?: Backoff;
}

export interface JobHandle<T> {
  /** 1, 2, 3... in the order schedule() was called on this scheduler. */
  readonly id: number;
  /** See the contract above: true if it cancelled the job, false if done had already settled. */
  cancel(): boolean;
  /** The job's outcome. Rejects with a CancelledError on cancel() or stop(). */
  readonly done: Promise<T>;
}

export interface SchedulerOptions {
  /** Most jobs running at once: a whole number >= 1. */
  concurrency: number;
}

/** The backoff used when schedule() gets none. Given. */
export const DEFAULT_BACKOFF: Required<Backoff> = { baseMs: 1_000, factor: 2, maxMs: Infinity };

function todo(name: string): never {
  const error = new Error(`${name}() in 08-scheduler/scheduler.ts`);
  error.name = 'NotImplemented';
  throw error;
}

/**
 * The wait before retry n (n = 1 before the first retry). EXACTLY:
 *
 *     Math.round(Math.min(maxMs, baseMs * factor ** (n - 1)))
 *
 * with the defaults factor = 2, maxMs = Infinity: 09's backoffDelay with jitter 0.
 */
export function backoffDelay(n: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  // TODO: the formula above.
  return todo('backoffDelay');
}

export class Scheduler {
  /** Throws a RangeError naming `concurrency` unless it is a whole number >= 1 (also when it, or `options`, is missing). */
  constructor(options: SchedulerOptions) {
    // TODO: validate, keep the options; set up your queue, your timer and your counters.
    todo('Scheduler constructor');
  }

  /** Schedule `job` by the contract at the top of this file; returns its handle at once. */
  schedule<T>(job: Job<T>, options: ScheduleOptions = {}): JobHandle<T> {
    // TODO: validate, record the job with its due time, start what is due, arm the timer.
    return todo('schedule');
  }

  /** Start nothing new until resume(). */
  pause(): void {
    todo('pause');
  }

  /** Start what is due again, in order. */
  resume(): void {
    todo('resume');
  }

  /** Resolves at the first moment when nothing is running and nothing is due. */
  drain(): Promise<void> {
    return todo('drain');
  }

  /** Reject every unsettled done, clear every timer, start nothing more; resolves when running jobs end. */
  stop(): Promise<void> {
    return todo('stop');
  }
}
