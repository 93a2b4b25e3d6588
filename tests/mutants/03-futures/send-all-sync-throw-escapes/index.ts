// Mutant: sendAll has no try/catch around send, so a sender that throws rejects the whole call.
import { Future, wait } from '../../../../solutions/03-futures';
export { TimeoutError, CancelledError, InvalidStateError, Future, Executor, wait, asCompleted } from '../../../../solutions/03-futures';
export type { DoneCallback, ExecutorOptions, MapOptions, ShutdownOptions, ReturnWhen, WaitOptions, DoneAndNotDone, SendCallback, Send, Delivery } from '../../../../solutions/03-futures';
import type { Send, Delivery } from '../../../../solutions/03-futures';

export async function sendAll<R>(channels: string[], send: Send<R>): Promise<Record<string, Delivery<R>>> {
  // Adapter: each callback completes one future. Everything after this works on futures only.
  const futures = channels.map((channel) => {
    const future = new Future<R>();
    const settle = (error: unknown, receipt?: R) => {
      if (future.done()) return; // a sender that calls back twice: the first answer stands
      if (error !== null && error !== undefined) future.setException(error);
      else future.setResult(receipt as R);
    };
    send(channel, settle); // MUTATION: a synchronous throw escapes
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
