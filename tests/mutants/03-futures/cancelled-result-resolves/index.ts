// Mutant: result() and exception() of a cancelled future resolve with undefined instead of rejecting with CancelledError.
import { Future as Base, CancelledError } from '../../../../solutions/03-futures';
export { TimeoutError, CancelledError, InvalidStateError, Executor, wait, asCompleted, sendAll } from '../../../../solutions/03-futures';
export type { DoneCallback, ExecutorOptions, MapOptions, ShutdownOptions, ReturnWhen, WaitOptions, DoneAndNotDone, SendCallback, Send, Delivery } from '../../../../solutions/03-futures';

export class Future<T> extends Base<T> {
  override result(timeoutMs?: number): Promise<T> {
    return super.result(timeoutMs).catch((error: unknown) => {
      if (error instanceof CancelledError) return undefined as T; // MUTATION
      throw error;
    });
  }

  override exception(timeoutMs?: number): Promise<unknown> {
    return super.exception(timeoutMs).catch((error: unknown) => {
      if (error instanceof CancelledError) return undefined; // MUTATION
      throw error;
    });
  }
}
