// Mutant: a success does not end the loop.
import { setTimeout as sleep } from 'node:timers/promises';

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
  retries: number;
  baseMs: number;
  factor?: number;
  maxMs?: number;
  jitter?: number;
  random?: () => number;
  signal?: AbortSignal;
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  onRetry?: (event: RetryEvent) => void;
}

/** The documented formula: n = 1 for the wait before the first retry. */
export function backoffDelay(n: number, options: RetryOptions, r: number): number {
  const { baseMs, factor = 2, maxMs = Infinity, jitter = 0 } = options;
  return Math.round(Math.min(maxMs, baseMs * factor ** (n - 1)) * (1 - jitter * r));
}

/** Reject with the signal's reason as soon as it aborts, whatever `promise` does. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}

export async function retry<T>(op: Attempt<T>, options: RetryOptions): Promise<T> {
  const { retries, random = Math.random, shouldRetry = () => true, onRetry } = options;
  const signal = options.signal ?? new AbortController().signal;
  let result: T | undefined;
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    signal.throwIfAborted();
    try {
      result = await untilAborted((async () => op(signal, attempt))(), signal); // Mutant: no return
    } catch (error) {
      if (signal.aborted) throw signal.reason; // cancelled: never retry
      if (attempt > retries || !shouldRetry(error, attempt)) throw error;
      const delayMs = backoffDelay(attempt, options, random());
      onRetry?.({ attempt, error, delayMs });
      // timers/promises' setTimeout clears its own timer when the signal aborts. It then rejects
      // with an AbortError (whose cause is the reason): the caller gets the reason itself.
      await sleep(delayMs, undefined, { signal }).catch(() => signal.throwIfAborted());
    }
  }
  return result as T;
}
