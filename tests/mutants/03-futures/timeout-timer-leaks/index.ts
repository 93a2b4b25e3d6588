// Mutant: result(timeoutMs)/exception(timeoutMs) race the future against a timer they never clear.
import { Future as Base, TimeoutError } from '../../../../solutions/03-futures';
export { TimeoutError, CancelledError, InvalidStateError, Executor, wait, asCompleted, sendAll } from '../../../../solutions/03-futures';
export type { DoneCallback, ExecutorOptions, MapOptions, ShutdownOptions, ReturnWhen, WaitOptions, DoneAndNotDone, SendCallback, Send, Delivery } from '../../../../solutions/03-futures';

export class Future<T> extends Base<T> {
  override result(timeoutMs?: number): Promise<T> {
    if (timeoutMs === undefined) return super.result();
    return new Promise<T>((resolve, reject) => {
      setTimeout(() => reject(new TimeoutError()), timeoutMs); // MUTATION: never cleared
      super.result().then(resolve, reject);
    });
  }

  override exception(timeoutMs?: number): Promise<unknown> {
    if (timeoutMs === undefined) return super.exception();
    return new Promise<unknown>((resolve, reject) => {
      setTimeout(() => reject(new TimeoutError()), timeoutMs); // MUTATION: never cleared
      super.exception().then(resolve, reject);
    });
  }
}
