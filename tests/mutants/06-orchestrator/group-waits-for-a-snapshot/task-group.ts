// Mutant: wait() only knows the children spawned before it was called, and rejects at the first failure.
(Symbol as unknown as { asyncDispose?: symbol }).asyncDispose ??= Symbol.for('Symbol.asyncDispose');

export type Child<T> = (signal: AbortSignal) => Promise<T>;

export class TaskGroup implements AsyncDisposable {
  private readonly controller = new AbortController();
  private readonly children: Array<Promise<unknown>> = [];
  private failed = false;

  spawn<T>(fn: Child<T>): Promise<T> {
    if (this.failed) throw new Error('TaskGroup is shutting down');
    const promise = (async () => fn(this.controller.signal))();
    promise.catch(() => {
      this.failed = true;
      this.controller.abort(new Error('cancelled'));
    });
    this.children.push(promise);
    return promise;
  }

  async wait(): Promise<void> {
    try {
      await Promise.all(this.children); // Mutant: a snapshot, and the first rejection wins
    } catch (error) {
      throw new AggregateError([error], 'a task failed', { cause: error });
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.wait();
  }
}
