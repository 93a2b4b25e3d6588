// Exercise 03: futures replace callback chaos. Read README.md beside this file first.
// Fill in the bodies marked TODO; keep every exported name and signature.
// Check your work with:  npm test -- 03

// ------------------------------------------------------------------ errors
// Given: the grader recognises these by class or by `name`.

/** `result()`/`exception()` gave up waiting. The future itself carries on. */
export class TimeoutError extends Error {
  constructor(message = 'timed out') {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** The future was cancelled, so it has no result. */
export class CancelledError extends Error {
  constructor(message = 'the future was cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** An operation the future's state does not allow, e.g. setting a result twice. */
export class InvalidStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStateError';
  }
}

function todo(name: string): never {
  const error = new Error(`${name}() in 03-futures/index.ts`);
  error.name = 'NotImplemented';
  throw error;
}

// ------------------------------------------------------------------ Future

export type DoneCallback<T> = (future: Future<T>) => void;

/**
 * Python's concurrent.futures.Future: the answer of some work, later.
 * States: PENDING → RUNNING → FINISHED (with a value or an error), or
 * PENDING → CANCELLED. Add the private fields you need.
 * It is not a Promise: a failure that nobody reads must never become an
 * unhandled promise rejection.
 */
export class Future<T> {
  /**
   * Cancel the work if it has not started: returns true while the future is
   * PENDING (or already cancelled), false once it is RUNNING or FINISHED.
   * Cancelling completes the future: done-callbacks run, waiters wake up.
   */
  cancel(): boolean {
    return todo('Future.cancel');
  }

  /** True once cancel() succeeded. */
  cancelled(): boolean {
    return todo('Future.cancelled');
  }

  /** True while the work is running (after setRunningOrNotifyCancel() returned true, before it finished). */
  running(): boolean {
    return todo('Future.running');
  }

  /** True once cancelled or finished (with a value or an error). */
  done(): boolean {
    return todo('Future.done');
  }

  /**
   * The value, once done. Rejects with the work's error if it failed, with
   * CancelledError if it was cancelled, and with TimeoutError if `timeoutMs`
   * passes first (0 included: a pending future times out at once). A timeout
   * does NOT cancel the future: it only stops this wait. Several callers may
   * wait at once: each gets the outcome, and one caller's timeout never affects
   * another. Without `timeoutMs`, wait as long as it takes. The value and the
   * error are given back as they were set (falsy ones too; the error itself,
   * never wrapped). A timer it starts is cleared as soon as its wait ends.
   */
  result(timeoutMs?: number): Promise<T> {
    return todo('Future.result');
  }

  /**
   * The work's error once done (that error itself), or null if it succeeded (it
   * resolves with the error; it does not reject with it). CancelledError /
   * TimeoutError, deadlines and timers as for result().
   */
  exception(timeoutMs?: number): Promise<unknown> {
    return todo('Future.exception');
  }

  /**
   * Call `fn(future)` when the future is done: callbacks run in the order they
   * were added, each once. SYNCHRONOUSLY, as in Python:
   * - added before: they run inside the call that completes the future
   *   (setResult, setException or cancel), before that call returns, and the
   *   future already reads as done inside them;
   * - added after: fn runs at once, inside addDoneCallback.
   * A callback that throws is reported with console.error(...) and ignored
   * (whichever call completed the future): the other callbacks still run, and
   * the caller never sees the error.
   */
  addDoneCallback(fn: DoneCallback<T>): void {
    return todo('Future.addDoneCallback');
  }

  /**
   * For executors, just before running the work: a PENDING future becomes
   * RUNNING and this returns true; a CANCELLED one returns false (skip the
   * work). Any other state throws InvalidStateError.
   */
  setRunningOrNotifyCancel(): boolean {
    return todo('Future.setRunningOrNotifyCancel');
  }

  /** Finish with a value. Throws InvalidStateError if already done (finished or cancelled). */
  setResult(value: T): void {
    return todo('Future.setResult');
  }

  /** Finish with an error. Throws InvalidStateError if already done (finished or cancelled). */
  setException(error: unknown): void {
    return todo('Future.setException');
  }
}

// ---------------------------------------------------------------- Executor

export interface ExecutorOptions {
  /** How many submitted functions may run at once (a positive whole number). */
  maxWorkers: number;
}

export interface MapOptions {
  /** One deadline for the whole map, counted from the call to map(). */
  timeoutMs?: number;
}

export interface ShutdownOptions {
  /** Resolve only once every running and queued future is done (default true). */
  wait?: boolean;
  /** Cancel the futures that have not started yet (default false). */
  cancelFutures?: boolean;
}

/**
 * Python's ThreadPoolExecutor on one event loop: at most `maxWorkers`
 * submitted functions run at once; the rest wait in a queue, oldest first.
 */
export class Executor {
  /** Throws a RangeError if maxWorkers is not a positive whole number (0, negative, fractional, NaN). */
  constructor(options: ExecutorOptions) {
    todo('Executor constructor');
  }

  /**
   * Queue `fn(...args)` and return its Future at once. `fn` may be sync or
   * async, or return any thenable; a value, a rejection or a throw all end up
   * in the future (submit itself never throws because of fn). A free worker starts it right away
   * (the grader only looks once pending callbacks have run, so calling fn
   * inside submit or a microtask later both pass). Throws if the executor is
   * shut down.
   */
  submit<A extends unknown[], R>(fn: (...args: A) => R | PromiseLike<R>, ...args: A): Future<R> {
    return todo('Executor.submit');
  }

  /**
   * Submit fn(item) for every item NOW, and return an async iterable of the
   * results in INPUT order. Reaching a failed item throws its error; reaching
   * the deadline (timeoutMs after this call) throws TimeoutError. Leaving the
   * loop early (error, timeout, break) cancels the items that have not started.
   * However the loop ends, it leaves no timer and no unhandled rejection behind.
   */
  map<T, R>(fn: (item: T) => R | PromiseLike<R>, items: Iterable<T>, options: MapOptions = {}): AsyncIterable<R> {
    return todo('Executor.map');
  }

  /**
   * Accept no more work (submit throws from now on). cancelFutures: cancel
   * the futures still queued; running ones always finish. wait (default true):
   * resolve once everything running and queued is done; wait: false resolves
   * at once while the work carries on.
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    return todo('Executor.shutdown');
  }

  /** `await using executor = new Executor(...)`: leaving the block means shutdown({ wait: true }). */
  [Symbol.asyncDispose](): Promise<void> {
    return todo('Executor[Symbol.asyncDispose]');
  }
}

// ------------------------------------------------------ wait / asCompleted

export type ReturnWhen = 'FIRST_COMPLETED' | 'FIRST_EXCEPTION' | 'ALL_COMPLETED';

export interface WaitOptions {
  /** Stop waiting after this long and report what is done so far (never rejects). */
  timeoutMs?: number;
  /** When to return (default ALL_COMPLETED). */
  returnWhen?: ReturnWhen;
}

export interface DoneAndNotDone<T> {
  done: Set<Future<T>>;
  notDone: Set<Future<T>>;
}

/**
 * Wait until `returnWhen` holds, then split the (deduplicated) futures into
 * done and notDone. FIRST_COMPLETED: any future done. FIRST_EXCEPTION: any
 * future FAILED (a cancelled future is done, not failed; if none fails, that
 * is ALL_COMPLETED). Returns at once if the condition already holds (futures
 * already done or cancelled, or none at all). On timeout, resolves with the
 * split as it stands: it never rejects. Several wait() calls may watch the same
 * futures at once, each by its own options. It leaves no timer behind.
 */
export function wait<T>(futures: Iterable<Future<T>>, options: WaitOptions = {}): Promise<DoneAndNotDone<T>> {
  return todo('wait');
}

/**
 * Yield each future (not its value) as it completes: the ones already done
 * (or cancelled) when iteration starts first, then the others in completion
 * order, each once even if listed twice or completing at the same instant, and
 * none lost while the reader is busy. If `timeoutMs` (counted from when
 * iteration starts) passes with futures still unfinished, throw TimeoutError.
 * It leaves no timer behind.
 */
export function asCompleted<T>(futures: Iterable<Future<T>>, timeoutMs?: number): AsyncIterable<Future<T>> {
  return todo('asCompleted');
}

// --------------------------------------------------------------- sendAll

/** Node-style callback: `callback(error)` on failure, `callback(null, receipt)` on success (an error of null or undefined means success). */
export type SendCallback<R> = (error: unknown, receipt?: R) => void;

/** A callback-style sender (email, sms, push...). */
export type Send<R> = (channel: string, callback: SendCallback<R>) => void;

/** How one channel ended, in the shape of Promise.allSettled's entries. */
export type Delivery<R> = { status: 'fulfilled'; value: R } | { status: 'rejected'; reason: unknown };

/**
 * The refactor: send on every channel at once through the callback API, turn
 * each callback into a Future, and report every outcome keyed by channel in
 * channel order. Never rejects: an error given to the callback, or thrown by
 * send itself, becomes { status: 'rejected', reason } with that error itself
 * as the reason. Any receipt counts as a success, falsy ones too: only the
 * error argument says it failed. A sender that calls back twice, or calls back
 * and then throws: the first answer stands and the second must not throw.
 */
export async function sendAll<R>(channels: string[], send: Send<R>): Promise<Record<string, Delivery<R>>> {
  return todo('sendAll');
}
