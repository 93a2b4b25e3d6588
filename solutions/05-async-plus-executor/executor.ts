// Exercise 05: loop.run_in_executor for Node.

/** Anything that runs a named task off the event loop. 04's WorkerPool is one. */
export interface Executor {
  run<T = unknown>(fnName: string, ...args: unknown[]): Promise<T>;
}

/**
 * Run tasks[fnName](...args) in `pool` and await it: the event loop stays free
 * while a worker computes. `async`, so that even a pool that throws at once
 * (a closed pool) gives the caller a rejected promise, never a throw.
 */
export async function runInExecutor<T = unknown>(pool: Executor, fnName: string, ...args: unknown[]): Promise<T> {
  return await pool.run<T>(fnName, ...args);
}
