// Mutant: runInExecutor ignores the pool and calls the task itself, on the
// event loop. It is async, so it looks non-blocking, but heavy(n) runs right
// here and every other request waits for it.
import * as tasks from '../../../../solutions/04-cpu-parallel/tasks';
export type { Executor } from '../../../../solutions/05-async-plus-executor/executor';
import type { Executor } from '../../../../solutions/05-async-plus-executor/executor';

export async function runInExecutor<T = unknown>(pool: Executor, fnName: string, ...args: unknown[]): Promise<T> {
  void pool;
  return (tasks as unknown as Record<string, (...a: unknown[]) => T>)[fnName](...args);
}
