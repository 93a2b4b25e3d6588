// The kit's own task module: the oracle for heavy(n), and where a task ran.
// 04 compares the learner's heavy with it; 05's grader pool runs it for the
// learner's server, so 05 never depends on the learner's 04.
import { threadId } from 'node:worker_threads';

/** The largest n exercise 05's server accepts (about 2.5 s of CPU here). */
export const MAX_N = 1e9;

export function heavy(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a whole number >= 0, got ${n}`);
  // A guard for 05: a server that forgot to validate must not tie up a grader thread for an hour.
  if (n > MAX_N) throw new RangeError(`n = ${n} is more than ${MAX_N}; the server should have refused it with a 400`);
  // The formula the README states; same order of additions, so results compare exactly.
  let total = 0;
  let i = 0;
  while (i < n) total += Math.sqrt(i++);
  return total;
}

export function whoami(): { pid: number; threadId: number } {
  return { pid: process.pid, threadId };
}
