// Exercise 03: futures replace callback chaos. Reference solution.
// Mirrors Python's concurrent.futures (Future, Executor, wait, as_completed)
// on Node's single event loop: "workers" are slots for concurrent async calls.

// ------------------------------------------------------------------ errors

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

// ------------------------------------------------------------------ Future

export type DoneCallback<T> = (future: Future<T>) => void;

type State = 'PENDING' | 'RUNNING' | 'CANCELLED' | 'FINISHED';

export class Future<T> {
  #state: State = 'PENDING';
  #value: T | undefined;
  #error: unknown = null;
  #failed = false;
  #callbacks: Array<DoneCallback<T>> = [];
  /** Wake-ups for result()/exception() calls still waiting; a timed-out waiter removes itself. */
  #waiters = new Set<() => void>();

  cancel(): boolean {
    if (this.#state === 'RUNNING' || this.#state === 'FINISHED') return false;
    if (this.#state === 'PENDING') this.#complete('CANCELLED');
    return true; // cancelling a cancelled future again still reports success, as in Python
  }

  cancelled(): boolean {
    return this.#state === 'CANCELLED';
  }

  running(): boolean {
    return this.#state === 'RUNNING';
  }

  done(): boolean {
    return this.#state === 'CANCELLED' || this.#state === 'FINISHED';
  }

  async result(timeoutMs?: number): Promise<T> {
    await this.#whenDone(timeoutMs);
    if (this.#state === 'CANCELLED') throw new CancelledError();
    if (this.#failed) throw this.#error;
    return this.#value as T;
  }

  async exception(timeoutMs?: number): Promise<unknown> {
    await this.#whenDone(timeoutMs);
    if (this.#state === 'CANCELLED') throw new CancelledError();
    return this.#failed ? this.#error : null;
  }

  addDoneCallback(fn: DoneCallback<T>): void {
    if (this.done()) this.#call(fn);
    else this.#callbacks.push(fn);
  }

  setRunningOrNotifyCancel(): boolean {
    if (this.#state === 'CANCELLED') return false;
    if (this.#state !== 'PENDING') throw new InvalidStateError(`cannot start a future that is ${this.#state.toLowerCase()}`);
    this.#state = 'RUNNING';
    return true;
  }

  setResult(value: T): void {
    this.#ensureNotDone('set a result on');
    this.#value = value;
    this.#complete('FINISHED');
  }

  setException(error: unknown): void {
    this.#ensureNotDone('set an exception on');
    this.#error = error;
    this.#failed = true;
    this.#complete('FINISHED');
  }

  #ensureNotDone(what: string): void {
    if (this.done()) throw new InvalidStateError(`cannot ${what} a future that is already ${this.#state.toLowerCase()}`);
  }

  #complete(state: 'CANCELLED' | 'FINISHED'): void {
    this.#state = state;
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
    // Taken out first, so a callback that adds a callback gets it called at once, not lost.
    const callbacks = this.#callbacks;
    this.#callbacks = [];
    for (const fn of callbacks) this.#call(fn);
  }

  /** Python logs a failing callback and carries on; one bad listener must not starve the others. */
  #call(fn: DoneCallback<T>): void {
    try {
      fn(this);
    } catch (error) {
      console.error('exception calling callback for future:', error);
    }
  }

  #whenDone(timeoutMs?: number): Promise<void> {
    if (this.done()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const wake = () => {
        clearTimeout(timer); // the leak check: a waiter that got its answer owns no timer
        resolve();
      };
      this.#waiters.add(wake);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          // Give up waiting, but leave the future alone: it may still finish later.
          this.#waiters.delete(wake);
          reject(new TimeoutError(`the future was not done after ${timeoutMs} ms`));
        }, Math.max(0, timeoutMs));
      }
    });
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

interface WorkItem {
  future: Future<unknown>;
  run: () => unknown;
}

/** Milliseconds left until `deadline` (undefined: no deadline). Date is what the fake clock moves. */
const remaining = (deadline: number | undefined) => (deadline === undefined ? undefined : deadline - Date.now());

export class Executor {
  readonly #maxWorkers: number;
  readonly #queue: WorkItem[] = [];
  #active = 0;
  #isShutdown = false;
  #idleWaiters: Array<() => void> = [];

  constructor({ maxWorkers }: ExecutorOptions) {
    if (!Number.isInteger(maxWorkers) || maxWorkers <= 0) throw new RangeError(`maxWorkers must be a positive whole number, got ${maxWorkers}`);
    this.#maxWorkers = maxWorkers;
  }

  submit<A extends unknown[], R>(fn: (...args: A) => R | PromiseLike<R>, ...args: A): Future<R> {
    if (this.#isShutdown) throw new Error('cannot schedule new futures after shutdown');
    const future = new Future<R>();
    this.#queue.push({ future: future as Future<unknown>, run: () => fn(...args) });
    this.#startWhatFits();
    return future;
  }

  map<T, R>(fn: (item: T) => R | PromiseLike<R>, items: Iterable<T>, options: MapOptions = {}): AsyncIterable<R> {
    // Everything is submitted NOW, before anyone iterates: the work overlaps the
    // consumer, and the deadline counts from this call.
    const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
    const futures = Array.from(items, (item) => this.submit(fn, item));
    return (async function* inInputOrder() {
      try {
        for (const future of futures) yield await future.result(remaining(deadline));
      } finally {
        // Leaving early (error, timeout, break): work that has not started never will.
        for (const future of futures) future.cancel();
      }
    })();
  }

  async shutdown({ wait = true, cancelFutures = false }: ShutdownOptions = {}): Promise<void> {
    this.#isShutdown = true;
    if (cancelFutures) for (const item of this.#queue.splice(0)) item.future.cancel();
    if (!wait || this.#active === 0) return;
    await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown({ wait: true });
  }

  /** Fill every free worker from the queue, oldest first, skipping what was cancelled while it waited. */
  #startWhatFits(): void {
    while (this.#active < this.#maxWorkers && this.#queue.length > 0) {
      const item = this.#queue.shift()!;
      if (!item.future.setRunningOrNotifyCancel()) continue;
      this.#active += 1;
      void this.#work(item);
    }
    if (this.#active === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  async #work({ future, run }: WorkItem): Promise<void> {
    try {
      // `await` accepts plain values too, so sync and async functions look alike;
      // a sync throw lands in the catch like a rejection.
      future.setResult(await run());
    } catch (error) {
      future.setException(error);
    } finally {
      this.#active -= 1;
      this.#startWhatFits();
    }
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

/** Did a finished future fail? Only meaningful once done(): exception() then answers at once. */
async function failed<T>(future: Future<T>): Promise<boolean> {
  return !future.cancelled() && (await future.exception()) !== null;
}

export function wait<T>(futures: Iterable<Future<T>>, options: WaitOptions = {}): Promise<DoneAndNotDone<T>> {
  const { timeoutMs, returnWhen = 'ALL_COMPLETED' } = options;
  const all = new Set(futures);
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      const done = new Set([...all].filter((f) => f.done()));
      resolve({ done, notDone: new Set([...all].filter((f) => !done.has(f))) });
    };
    const allDone = () => [...all].every((f) => f.done());
    const onDone = async (future: Future<T>) => {
      if (returnWhen === 'FIRST_COMPLETED') return finish();
      // FIRST_EXCEPTION with no failure at all is simply ALL_COMPLETED.
      if (returnWhen === 'FIRST_EXCEPTION' && (await failed(future))) return finish();
      if (allDone()) finish();
    };
    if (all.size === 0) return finish();
    if (timeoutMs !== undefined) timer = setTimeout(finish, Math.max(0, timeoutMs));
    // Already-done futures call back at once, so a condition that already holds returns at once.
    for (const future of all) future.addDoneCallback(onDone);
  });
}

export async function* asCompleted<T>(futures: Iterable<Future<T>>, timeoutMs?: number): AsyncIterable<Future<T>> {
  const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
  const unique = [...new Set(futures)];
  const alreadyDone = unique.filter((f) => f.done());
  // Callbacks queue the others in the order they complete, even while the consumer is busy.
  const arrived: Array<Future<T>> = [];
  let wake: (() => void) | undefined;
  for (const future of unique) {
    if (!future.done()) {
      future.addDoneCallback(() => {
        arrived.push(future);
        wake?.();
      });
    }
  }
  yield* alreadyDone;
  for (let left = unique.length - alreadyDone.length; left > 0; left--) {
    if (arrived.length === 0) await nextArrival(remaining(deadline), left, unique.length, (w) => (wake = w));
    wake = undefined;
    yield arrived.shift()!;
  }
}

/** Wait for the next completion, or reject with TimeoutError when the deadline passes (clearing the timer either way). */
function nextArrival(ms: number | undefined, left: number, total: number, onWake: (wake: () => void) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer =
      ms === undefined ? undefined : setTimeout(() => reject(new TimeoutError(`${left} (of ${total}) futures unfinished`)), Math.max(0, ms));
    onWake(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// --------------------------------------------------------------- sendAll

/** Node-style callback: `callback(error)` on failure, `callback(null, receipt)` on success. */
export type SendCallback<R> = (error: unknown, receipt?: R) => void;

/** A callback-style sender (email, sms, push...). */
export type Send<R> = (channel: string, callback: SendCallback<R>) => void;

/** How one channel ended, in the shape of Promise.allSettled's entries. */
export type Delivery<R> = { status: 'fulfilled'; value: R } | { status: 'rejected'; reason: unknown };

export async function sendAll<R>(channels: string[], send: Send<R>): Promise<Record<string, Delivery<R>>> {
  // Adapter: each callback completes one future. Everything after this works on futures only.
  const futures = channels.map((channel) => {
    const future = new Future<R>();
    const settle = (error: unknown, receipt?: R) => {
      if (future.done()) return; // a sender that calls back twice: the first answer stands
      if (error !== null && error !== undefined) future.setException(error);
      else future.setResult(receipt as R);
    };
    try {
      send(channel, settle);
    } catch (error) {
      // A sender that throws instead of calling back: the same failure, the same place.
      if (!future.done()) future.setException(error);
    }
    return future;
  });
  await wait(futures);
  // The one place errors are handled: every outcome read the same way, in channel order.
  const deliveries = await Promise.all(
    futures.map(async (future): Promise<Delivery<R>> => {
      const error = await future.exception();
      return error === null ? { status: 'fulfilled', value: await future.result() } : { status: 'rejected', reason: error };
    }),
  );
  return Object.fromEntries(channels.map((channel, i) => [channel, deliveries[i]]));
}
