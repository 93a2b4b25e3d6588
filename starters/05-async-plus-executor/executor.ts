// Exercise 05: loop.run_in_executor for Node. Read README.md beside this file first.
// Check your work with:  npm test -- 05

/** Anything that runs a named task off the event loop. 04's WorkerPool is one. */
export interface Executor {
  run<T = unknown>(fnName: string, ...args: unknown[]): Promise<T>;
}

function todo(name: string): never {
  const error = new Error(`${name}() in 05-async-plus-executor/executor.ts`);
  error.name = 'NotImplemented';
  throw error;
}

/**
 * Run tasks[fnName](...args) in `pool` (one pool.run call) and resolve with its
 * result (reject with its error), that value or error itself, untouched.
 * The work must happen in the pool, never on this thread.
 * Always return a promise: even when `pool.run` throws at once, the caller
 * should get a rejected promise, not an exception.
 */
export async function runInExecutor<T = unknown>(pool: Executor, fnName: string, ...args: unknown[]): Promise<T> {
  // TODO: hand the call to the pool and await it.
  return todo('runInExecutor');
}
