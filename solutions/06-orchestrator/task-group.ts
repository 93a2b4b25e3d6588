// Exercise 06: TaskGroup (asyncio.TaskGroup for Node). Reference solution.

// Node defines Symbol.asyncDispose from 20.4 (18.18) on; `await using` needs it.
// On an older Node 20 this gives the symbol a stable value so the class still works.
(Symbol as unknown as { asyncDispose?: symbol }).asyncDispose ??= Symbol.for('Symbol.asyncDispose');

/** A child task: it gets the group's signal and should stop soon after that signal aborts. */
export type Child<T> = (signal: AbortSignal) => Promise<T>;

export class TaskGroup implements AsyncDisposable {
  private readonly controller = new AbortController();
  /** The reason the children's signal aborts with: its own object, so a child that rethrows it is recognisably "cancelled". */
  private readonly cancelled = new Error('TaskGroup: cancelled because a sibling task failed');
  private readonly failures: unknown[] = [];
  private running = 0;
  private finished = false;
  private waiting?: Promise<void>;
  private wake?: () => void;

  spawn<T>(fn: Child<T>): Promise<T> {
    if (this.finished) throw new Error('TaskGroup.spawn: the group has finished; start a new group');
    if (this.failures.length > 0) throw new Error('TaskGroup.spawn: the group is shutting down after a failure');
    this.running += 1;
    const signal = this.controller.signal;
    // async wrapper: a child that throws synchronously counts as a rejection.
    const promise = (async () => fn(signal))();
    promise.then(
      () => this.settled(),
      (error: unknown) => {
        // A child that gives back the group's own abort reason was cancelled, it did not fail (Python leaves
        // CancelledError out of the ExceptionGroup).
        if (!(signal.aborted && error === this.cancelled)) this.fail(error);
        this.settled();
      },
    );
    return promise;
  }

  /** Settles once every child (also those spawned meanwhile) has settled; rejects with an AggregateError of the failures. */
  wait(): Promise<void> {
    this.waiting ??= new Promise<void>((resolve) => {
      this.wake = resolve;
      this.settled(0);
    }).then(() => {
      if (this.failures.length > 0) throw new AggregateError(this.failures, `${this.failures.length} task(s) in the group failed`);
    });
    return this.waiting;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.wait();
  }

  private fail(error: unknown): void {
    this.failures.push(error);
    // The first failure cancels every sibling and (see spawn) blocks new tasks.
    if (this.failures.length === 1) this.controller.abort(this.cancelled);
  }

  private settled(count = 1): void {
    this.running -= count;
    if (this.running === 0 && this.wake) {
      this.finished = true;
      this.wake();
    }
  }
}
