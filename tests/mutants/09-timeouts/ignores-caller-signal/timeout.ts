// Mutant: options.signal is ignored.

// Node defines Symbol.dispose from 20.4 (18.18) on; `using` needs it.
(Symbol as unknown as { dispose?: symbol }).dispose ??= Symbol.for('Symbol.dispose');

/** Time ran out (Python's TimeoutError). */
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

export function withTimeout<T>(op: Operation<T>, ms: number, options: WithTimeoutOptions = {}): Promise<T> {
  void options; // Mutant: no look at options.signal
  const outer: AbortSignal | undefined = undefined;
  const controller = new AbortController();
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => controller.abort(new TimeoutError(`timed out after ${ms} ms`)), ms);
    // Whoever aborts (our timer or the caller), we reject at that instant with the reason,
    // without waiting for the operation: it has been told to stop.
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    // An async wrapper turns a synchronous throw into a rejection. Settling after the
    // timeout is harmless: a promise settles once, so later calls are ignored.
    (async () => op(signal))().then(
      (value) => (done(), resolve(value)),
      (error: unknown) => (done(), reject(error)),
    );
  });
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

export function deadline(ms: number, options: DeadlineOptions = {}): Deadline {
  const { parent } = options;
  const endsAt = Date.now() + ms;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutError(`deadline of ${ms} ms passed`)), ms);
  const signal = parent ? AbortSignal.any([parent.signal, controller.signal]) : controller.signal;
  const clear = () => clearTimeout(timer);
  return {
    signal,
    remaining: () => Math.max(0, Math.min(endsAt - Date.now(), parent ? parent.remaining() : Infinity)),
    clear,
    [Symbol.dispose]: clear,
  };
}
