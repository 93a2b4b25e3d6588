// Mutant: wait(FIRST_EXCEPTION) returns when any future is done, failed or not.
import { Future } from '../../../../solutions/03-futures';
export { TimeoutError, CancelledError, InvalidStateError, Future, Executor, asCompleted, sendAll } from '../../../../solutions/03-futures';
export type { DoneCallback, ExecutorOptions, MapOptions, ShutdownOptions, ReturnWhen, WaitOptions, DoneAndNotDone, SendCallback, Send, Delivery } from '../../../../solutions/03-futures';
import type { WaitOptions, DoneAndNotDone } from '../../../../solutions/03-futures';

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
      if (returnWhen === 'FIRST_EXCEPTION' && future.done()) return finish(); // MUTATION: any completion, failed or not
      if (allDone()) finish();
    };
    if (all.size === 0) return finish();
    if (timeoutMs !== undefined) timer = setTimeout(finish, Math.max(0, timeoutMs));
    // Already-done futures call back at once, so a condition that already holds returns at once.
    for (const future of all) future.addDoneCallback(onDone);
  });
}
