// Mutant: wait rejects with TimeoutError when the timeout passes.
import { Future, TimeoutError } from '../../../../solutions/03-futures';
export { TimeoutError, CancelledError, InvalidStateError, Future, Executor, asCompleted, sendAll } from '../../../../solutions/03-futures';
export type { DoneCallback, ExecutorOptions, MapOptions, ShutdownOptions, ReturnWhen, WaitOptions, DoneAndNotDone, SendCallback, Send, Delivery } from '../../../../solutions/03-futures';
import type { WaitOptions, DoneAndNotDone } from '../../../../solutions/03-futures';

/** Did a finished future fail? Only meaningful once done(): exception() then answers at once. */
async function failed<T>(future: Future<T>): Promise<boolean> {
  return !future.cancelled() && (await future.exception()) !== null;
}

export function wait<T>(futures: Iterable<Future<T>>, options: WaitOptions = {}): Promise<DoneAndNotDone<T>> {
  const { timeoutMs, returnWhen = 'ALL_COMPLETED' } = options;
  const all = new Set(futures);
  return new Promise((resolve, reject) => {
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
    // MUTATION: rejects instead of reporting done/notDone
    if (timeoutMs !== undefined) timer = setTimeout(() => ((finished = true), reject(new TimeoutError())), Math.max(0, timeoutMs));
    // Already-done futures call back at once, so a condition that already holds returns at once.
    for (const future of all) future.addDoneCallback(onDone);
  });
}
