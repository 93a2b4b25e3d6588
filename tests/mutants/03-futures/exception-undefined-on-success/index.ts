// Mutant: exception() resolves to undefined (not null) when the work succeeded.
import { Future as Base } from '../../../../solutions/03-futures';
export { TimeoutError, CancelledError, InvalidStateError, Executor, wait, asCompleted, sendAll } from '../../../../solutions/03-futures';
export type { DoneCallback, ExecutorOptions, MapOptions, ShutdownOptions, ReturnWhen, WaitOptions, DoneAndNotDone, SendCallback, Send, Delivery } from '../../../../solutions/03-futures';

export class Future<T> extends Base<T> {
  override async exception(timeoutMs?: number): Promise<unknown> {
    const error = await super.exception(timeoutMs);
    return error === null ? undefined : error; // MUTATION: should be null
  }
}
