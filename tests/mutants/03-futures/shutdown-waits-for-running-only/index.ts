// Mutant: shutdown({ wait: true }) waits only for the futures running at the time of the call, not the queued ones.
import { Future } from '../../../../solutions/03-futures';
export { TimeoutError, CancelledError, InvalidStateError, Future, wait, asCompleted, sendAll } from '../../../../solutions/03-futures';
export type { DoneCallback, ExecutorOptions, MapOptions, ShutdownOptions, ReturnWhen, WaitOptions, DoneAndNotDone, SendCallback, Send, Delivery } from '../../../../solutions/03-futures';
import type { ExecutorOptions, MapOptions, ShutdownOptions } from '../../../../solutions/03-futures';

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

  readonly #all: Array<Future<unknown>> = [];

  submit<A extends unknown[], R>(fn: (...args: A) => R | PromiseLike<R>, ...args: A): Future<R> {
    if (this.#isShutdown) throw new Error('cannot schedule new futures after shutdown');
    const future = new Future<R>();
    this.#all.push(future as Future<unknown>);
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
    if (!wait) return;
    // MUTATION: the queued futures are forgotten
    await Promise.all(this.#all.filter((f) => f.running()).map((f) => f.exception()));
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
