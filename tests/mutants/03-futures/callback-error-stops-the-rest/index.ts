// Mutant: One try/catch around the whole callback loop: the first callback that throws stops the ones after it.
import { Future as Base } from '../../../../solutions/03-futures';
export { TimeoutError, CancelledError, InvalidStateError, Executor, wait, asCompleted, sendAll } from '../../../../solutions/03-futures';
export type { DoneCallback, ExecutorOptions, MapOptions, ShutdownOptions, ReturnWhen, WaitOptions, DoneAndNotDone, SendCallback, Send, Delivery } from '../../../../solutions/03-futures';
import type { DoneCallback } from '../../../../solutions/03-futures';

export class Future<T> extends Base<T> {
  private list: Array<DoneCallback<T>> = [];
  private hooked = false;

  override addDoneCallback(fn: DoneCallback<T>): void {
    if (this.done()) return super.addDoneCallback(fn);
    this.list.push(fn);
    if (!this.hooked) {
      this.hooked = true;
      // MUTATION: no try/catch per callback, so a throw ends the loop
      super.addDoneCallback(() => {
        for (const callback of this.list) callback(this);
      });
    }
  }
}
