// Exercise 09, part 1: withTimeout and deadline. Read README.md beside this file first.
// Fill in the bodies; keep the names and signatures. Check your work with:  npm test -- 09

// Node defines Symbol.dispose from 20.4 (18.18) on; `using` needs it.
// On an older Node 20 this gives the symbol a stable value. Leave it here.
(Symbol as unknown as { dispose?: symbol }).dispose ??= Symbol.for('Symbol.dispose');

/** Time ran out (Python's TimeoutError). Given: nothing to do. */
export class TimeoutError extends Error {
  constructor(message = 'timed out') {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** An operation that can be cancelled: it should stop soon after `signal` aborts. */
export type Operation<T> = (signal: AbortSignal) => Promise<T>;

export interface WithTimeoutOptions {
  /** The caller's signal (for example a deadline's): aborting it aborts the operation too. */
  signal?: AbortSignal;
}

function todo(name: string): never {
  const error = new Error(`${name}() in 09-timeouts/timeout.ts`);
  error.name = 'NotImplemented';
  throw error;
}

/**
 * asyncio.timeout / wait_for for Node: run `op(signal)` with a time limit.
 * - If op settles within `ms`, settle the same way at once (the same value or
 *   reason itself, whatever it is), and abort nothing.
 * - If op throws synchronously, reject with that error (never throw).
 * - Otherwise, at exactly `ms`: create ONE `new TimeoutError(...)`, abort op's
 *   signal with it as the reason, and reject with that same error at once,
 *   without waiting for op (it may ignore its signal, or take time to stop).
 * - options.signal: if it aborts first, abort op's signal too and reject at
 *   once with options.signal.reason. If it is already aborted, reject with its
 *   reason straight away.
 * - Once op has won, abort nothing any more (not when the time limit passes).
 * - Leave no timer behind on any path (success, failure, timeout, caller
 *   abort, synchronous throw): clear yours as soon as the race is decided, and
 *   leave no listener on options.signal.
 */
export function withTimeout<T>(op: Operation<T>, ms: number, options: WithTimeoutOptions = {}): Promise<T> {
  // TODO: an AbortController, a setTimeout that aborts it, and a promise that settles on whichever comes first.
  return todo('withTimeout');
}

/** One time budget shared by a whole operation and everything it calls. */
export interface Deadline extends Disposable {
  /** Aborts with a TimeoutError when the budget runs out (or the parent's does, first). */
  readonly signal: AbortSignal;
  /** Milliseconds left, never below 0. */
  remaining(): number;
  /** The work is done: stop the timer. Does not abort. `using` calls it too. */
  clear(): void;
}

export interface DeadlineOptions {
  /** An enclosing deadline: whichever runs out first wins. */
  parent?: Deadline;
}

/**
 * A budget of `ms` from now, like `async with asyncio.timeout(s)` around a
 * whole operation:
 *
 *     using budget = deadline(2_000);
 *     const user = await withTimeout(fetchUser, 500, { signal: budget.signal });
 *     const cart = await withTimeout(fetchCart, budget.remaining(), { signal: budget.signal });
 *
 * - signal aborts with a new TimeoutError exactly `ms` after the call.
 * - With options.parent, signal also aborts when the parent's does (with the
 *   parent's reason): the earlier deadline wins; a parent that has already run
 *   out gives an already-aborted signal. AbortSignal.any does this. Never
 *   change the parent.
 * - remaining(): ms left (Date.now() or performance.now()), counted from the
 *   call, the smaller of yours and the parent's, never below 0.
 * - clear() and [Symbol.dispose]() stop the timer, without aborting, and
 *   leave no listener on the parent's signal.
 */
export function deadline(ms: number, options: DeadlineOptions = {}): Deadline {
  // TODO: remember when it ends, start a timer that aborts a controller, combine with the parent's signal.
  return todo('deadline');
}
