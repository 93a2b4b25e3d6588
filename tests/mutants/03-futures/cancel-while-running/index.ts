// Mutant: cancel() answers true for a running future too (it only refuses finished ones).
import { Future as Base } from '../../../../solutions/03-futures';
export { TimeoutError, CancelledError, InvalidStateError, Executor, wait, asCompleted, sendAll } from '../../../../solutions/03-futures';
export type { DoneCallback, ExecutorOptions, MapOptions, ShutdownOptions, ReturnWhen, WaitOptions, DoneAndNotDone, SendCallback, Send, Delivery } from '../../../../solutions/03-futures';

export class Future<T> extends Base<T> {
  override cancel(): boolean {
    if (this.running()) return true; // MUTATION: should be false, running work cannot be cancelled
    return super.cancel();
  }
}
