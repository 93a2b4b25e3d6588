// Mutant: addDoneCallback only stores the callback; on a future already done it is never called.
import { Future as Base } from '../../../../solutions/03-futures';
export { TimeoutError, CancelledError, InvalidStateError, Executor, wait, asCompleted, sendAll } from '../../../../solutions/03-futures';
export type { DoneCallback, ExecutorOptions, MapOptions, ShutdownOptions, ReturnWhen, WaitOptions, DoneAndNotDone, SendCallback, Send, Delivery } from '../../../../solutions/03-futures';
import type { DoneCallback } from '../../../../solutions/03-futures';

export class Future<T> extends Base<T> {
  override addDoneCallback(fn: DoneCallback<T>): void {
    if (this.done()) return; // MUTATION: should call fn(this) at once
    super.addDoneCallback(fn);
  }
}
