// Mutant: A second setResult/setException is silently ignored instead of throwing InvalidStateError.
import { Future as Base } from '../../../../solutions/03-futures';
export { TimeoutError, CancelledError, InvalidStateError, Executor, wait, asCompleted, sendAll } from '../../../../solutions/03-futures';
export type { DoneCallback, ExecutorOptions, MapOptions, ShutdownOptions, ReturnWhen, WaitOptions, DoneAndNotDone, SendCallback, Send, Delivery } from '../../../../solutions/03-futures';

export class Future<T> extends Base<T> {
  override setResult(value: T): void {
    if (this.done()) return; // MUTATION: should throw InvalidStateError
    super.setResult(value);
  }

  override setException(error: unknown): void {
    if (this.done()) return; // MUTATION: should throw InvalidStateError
    super.setException(error);
  }
}
