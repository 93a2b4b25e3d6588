// Mutant: When the timeout passes, asCompleted just stops iterating instead of throwing TimeoutError.
import { Future, TimeoutError } from '../../../../solutions/03-futures';
export { TimeoutError, CancelledError, InvalidStateError, Future, Executor, wait, sendAll } from '../../../../solutions/03-futures';
export type { DoneCallback, ExecutorOptions, MapOptions, ShutdownOptions, ReturnWhen, WaitOptions, DoneAndNotDone, SendCallback, Send, Delivery } from '../../../../solutions/03-futures';

const remaining = (deadline: number | undefined) => (deadline === undefined ? undefined : deadline - Date.now());

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
    if (arrived.length === 0) {
      try {
        await nextArrival(remaining(deadline), left, unique.length, (w) => (wake = w));
      } catch {
        return; // MUTATION: a quiet end hides the missing futures
      }
    }
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
