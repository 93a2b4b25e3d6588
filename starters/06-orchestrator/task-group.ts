// Exercise 06, part 1: TaskGroup (asyncio.TaskGroup for Node). Read README.md first.
// Fill in the bodies; keep the names and signatures. Check your work with:  npm test -- 06

// Node defines Symbol.asyncDispose from 20.4 (18.18) on; `await using` needs it.
// On an older Node 20 this gives the symbol a stable value so the class still works.
(Symbol as unknown as { asyncDispose?: symbol }).asyncDispose ??= Symbol.for('Symbol.asyncDispose');

/** A child task: it gets the group's signal and should stop soon after that signal aborts. */
export type Child<T> = (signal: AbortSignal) => Promise<T>;

function todo(name: string): never {
  const error = new Error(`${name}() in 06-orchestrator/task-group.ts`);
  error.name = 'NotImplemented';
  throw error;
}

/**
 * Structured concurrency: every child the group starts is finished when the
 * group is. Use it as
 *
 *     const group = new TaskGroup();            or:  await using group = new TaskGroup();
 *     group.spawn((signal) => fetchA(signal));        group.spawn(...);
 *     await group.wait();                              // waits at the end of the block
 *
 * Rules (Python's asyncio.TaskGroup):
 * - spawn(fn) calls fn(signal) at once and returns fn's promise. Every child
 *   gets a signal that the group aborts when it cancels its children.
 * - The FIRST child to reject (or throw synchronously) makes the group fail:
 *   abort every child's signal at that instant, with a reason object of your
 *   own (not the failure itself).
 * - Once the group has failed, or once wait() has settled, spawn throws an Error
 *   and does not call fn.
 * - wait() settles only when every child has settled, including children
 *   spawned after wait() was called (a child may spawn more children).
 *   It resolves (with nothing) if no child failed, and otherwise rejects with
 *   `new AggregateError(failures, message)`: the failures in the order they
 *   happened. A child that rejects with the reason your abort gave its signal
 *   was cancelled, not failed: leave it out (Python leaves CancelledError out).
 * - wait() may be called by several callers: each call settles the same way.
 * - The caller may drop the promise spawn returns: handle every child's
 *   failure yourself, so none goes unhandled.
 * - `await using` calls [Symbol.asyncDispose](), which does what wait() does.
 */
export class TaskGroup implements AsyncDisposable {
  // TODO: add the state you need (an AbortController, a count of running children, the failures...).

  spawn<T>(fn: Child<T>): Promise<T> {
    // TODO: refuse when failed or finished; start fn(signal); watch how it settles.
    return todo('TaskGroup.spawn');
  }

  wait(): Promise<void> {
    // TODO: a promise that settles when no child is running any more.
    return todo('TaskGroup.wait');
  }

  async [Symbol.asyncDispose](): Promise<void> {
    // TODO: the same as wait().
    return todo('TaskGroup[Symbol.asyncDispose]');
  }
}
