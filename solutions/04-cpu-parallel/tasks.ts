// Exercise 04: the task module. Plain functions that the pool's workers run.
// Each worker loads its own copy of this module: nothing here is shared.
import { threadId } from 'node:worker_threads';

/** The CPU-bound job: the sum of Math.sqrt(i) for 0 <= i < n. */
export function heavy(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`n must be a whole number >= 0, got ${n}`);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.sqrt(i);
  return sum;
}

// Module-level state: each worker has its own copy, and so does the parent.
let calls = 0;

/** Count one more call in THIS copy of the module, and return the new count. */
export function bump(): number {
  calls += 1;
  return calls;
}

/** Where this call ran: the process id and the worker thread id (0 on a process's main thread). */
export function whoami(): { pid: number; threadId: number } {
  return { pid: process.pid, threadId };
}
