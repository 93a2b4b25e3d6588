// Exercise 09, part 2: retry with exponential backoff. Read README.md beside this file first.
// Fill in the bodies; keep the names and signatures. Check your work with:  npm test -- 09

/** One attempt: it gets the caller's signal and its attempt number (1, 2, ...). */
export type Attempt<T> = (signal: AbortSignal, attempt: number) => Promise<T>;

/** What retry reports before each wait. */
export interface RetryEvent {
  /** The attempt that just failed (1-based). */
  attempt: number;
  /** Its error. */
  error: unknown;
  /** How long retry waits now before attempt + 1. */
  delayMs: number;
}

export interface RetryOptions {
  /** Retries after the first attempt: at most retries + 1 attempts in all. */
  retries: number;
  /** The wait before the first retry, before jitter. */
  baseMs: number;
  /** Each wait is `factor` times the previous one (before the cap and jitter). Default 2. */
  factor?: number;
  /** No wait is longer than this (before jitter). Default: no cap. */
  maxMs?: number;
  /** 0..1: the share of each wait that is random. 0 = none (default), 1 = "full jitter". */
  jitter?: number;
  /** Random numbers in [0, 1). Default Math.random; tests inject their own. */
  random?: () => number;
  /** Aborting it stops retry at once, even in the middle of a wait. */
  signal?: AbortSignal;
  /** false = this error is final: stop without retrying. Default: retry every error. */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /** Told about each retry, just before its wait. */
  onRetry?: (event: RetryEvent) => void;
}

function todo(name: string): never {
  const error = new Error(`${name}() in 09-timeouts/retry.ts`);
  error.name = 'NotImplemented';
  throw error;
}

/**
 * The wait before retry number n (n = 1 before the first retry), given the
 * random number r in [0, 1) drawn for it. EXACTLY:
 *
 *     Math.round(Math.min(maxMs, baseMs * factor ** (n - 1)) * (1 - jitter * r))
 *
 * with the defaults factor = 2, maxMs = Infinity, jitter = 0. The cap applies
 * before the jitter. The grader recomputes this formula for every wait.
 */
export function backoffDelay(n: number, options: RetryOptions, r: number): number {
  // TODO: the formula above.
  return todo('backoffDelay');
}

/**
 * Call `op(signal, attempt)` until it succeeds, with exponential backoff.
 * - Resolve with the first success's value itself, at once.
 * - When attempt n fails with error e (a synchronous throw is a failure too):
 *   - if n = retries + 1, or shouldRetry(e, n) is false: reject with e itself,
 *     at once;
 *   - otherwise, in this order: delayMs = backoffDelay(n, options, random()),
 *     calling random() exactly once per wait; onRetry({ attempt: n, error: e,
 *     delayMs }); wait delayMs; then make attempt n + 1.
 * - options.signal: pass it to every attempt. If it aborts (during an attempt
 *   or a wait), reject at once with signal.reason, make no more attempts and
 *   leave no timer behind. If it is already aborted, make no attempt at all.
 * - When retry settles, no timer and no listener on options.signal of its own is left.
 */
export async function retry<T>(op: Attempt<T>, options: RetryOptions): Promise<T> {
  // TODO: a loop over attempts; an abortable wait between them.
  return todo('retry');
}
