// Mutant: asCompleted awaits the futures one by one in input order.
import { Future, TimeoutError } from '../../../../solutions/03-futures';
export { TimeoutError, CancelledError, InvalidStateError, Future, Executor, wait, sendAll } from '../../../../solutions/03-futures';
export type { DoneCallback, ExecutorOptions, MapOptions, ShutdownOptions, ReturnWhen, WaitOptions, DoneAndNotDone, SendCallback, Send, Delivery } from '../../../../solutions/03-futures';

export async function* asCompleted<T>(futures: Iterable<Future<T>>, timeoutMs?: number): AsyncIterable<Future<T>> {
  const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
  // MUTATION: input order, not completion order
  for (const future of new Set(futures)) {
    await future.exception(deadline === undefined ? undefined : deadline - Date.now()).catch((error: unknown) => {
      if (error instanceof TimeoutError) throw error;
    });
    yield future;
  }
}
