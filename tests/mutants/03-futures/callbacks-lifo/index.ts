// Mutant: Callbacks are kept on a stack and popped, so the last one added runs first.
import { Future as Base } from '../../../../solutions/03-futures';
export { TimeoutError, CancelledError, InvalidStateError, Executor, wait, asCompleted, sendAll } from '../../../../solutions/03-futures';
export type { DoneCallback, ExecutorOptions, MapOptions, ShutdownOptions, ReturnWhen, WaitOptions, DoneAndNotDone, SendCallback, Send, Delivery } from '../../../../solutions/03-futures';
import type { DoneCallback } from '../../../../solutions/03-futures';

export class Future<T> extends Base<T> {
  private stack: Array<DoneCallback<T>> = [];
  private hooked = false;

  override addDoneCallback(fn: DoneCallback<T>): void {
    if (this.done()) return super.addDoneCallback(fn);
    this.stack.push(fn);
    if (!this.hooked) {
      this.hooked = true;
      // MUTATION: pop() runs the newest callback first
      super.addDoneCallback(() => {
        while (this.stack.length > 0) this.stack.pop()!(this);
      });
    }
  }
}
