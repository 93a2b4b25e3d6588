// Mutant: When result(timeoutMs)/exception(timeoutMs) time out, they cancel the future too.
import { Future as Base, TimeoutError } from '../../../../solutions/03-futures';
export { TimeoutError, CancelledError, InvalidStateError, Executor, wait, asCompleted, sendAll } from '../../../../solutions/03-futures';
export type { DoneCallback, ExecutorOptions, MapOptions, ShutdownOptions, ReturnWhen, WaitOptions, DoneAndNotDone, SendCallback, Send, Delivery } from '../../../../solutions/03-futures';

export class Future<T> extends Base<T> {
  override result(timeoutMs?: number): Promise<T> {
    return super.result(timeoutMs).catch((error: unknown) => {
      if (error instanceof TimeoutError) this.cancel(); // MUTATION: a timeout only stops the waiting
      throw error;
    });
  }

  override exception(timeoutMs?: number): Promise<unknown> {
    return super.exception(timeoutMs).catch((error: unknown) => {
      if (error instanceof TimeoutError) this.cancel(); // MUTATION
      throw error;
    });
  }
}
