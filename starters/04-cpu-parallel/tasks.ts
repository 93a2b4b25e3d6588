// Exercise 04: the task module. Read README.md beside this file first.
// Plain functions that the pool's workers run. Each worker loads its own copy
// of this module: nothing here is shared between workers, or with the parent.
// Check your work with:  npm test -- 04

function todo(name: string): never {
  const error = new Error(`${name}() in 04-cpu-parallel/tasks.ts`);
  error.name = 'NotImplemented';
  throw error;
}

/**
 * The CPU-bound job: the sum of Math.sqrt(i) for 0 <= i < n.
 * Throws a RangeError whose message names n when n is not a whole number >= 0
 * (negative, fractional, NaN, Infinity, beyond Number.MAX_SAFE_INTEGER).
 */
export function heavy(n: number): number {
  // TODO: validate n, then loop i = 0 .. n-1 adding Math.sqrt(i).
  return todo('heavy');
}

/** Count one more call in THIS copy of the module, and return the new count (1, 2, 3, ...). */
export function bump(): number {
  // TODO: keep the count in a module-level variable (a `let` outside the function).
  return todo('bump');
}

/** Where this call ran: the process id and the worker thread id (0 on a process's main thread). */
export function whoami(): { pid: number; threadId: number } {
  // TODO: process.pid, and threadId from 'node:worker_threads'.
  return todo('whoami');
}
