// The task module the 04 grader hands to the learner's pool (options.tasks):
// the learner's own tasks.ts, plus probes that let the grader see into workers.
// The learner's module is loaded lazily, from KIT_EXERCISE_DIR (workers and
// child processes inherit the environment), so a probe works even when the
// learner's tasks.ts does not load.
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { arriveAndWait, sleepThread } from '../support/in-thread';

interface LearnerTasks {
  heavy(n: number): number;
  bump(): number;
  whoami(): { pid: number; threadId: number };
}

function learner(): LearnerTasks {
  const dir = process.env.KIT_EXERCISE_DIR;
  if (!dir) throw new Error('KIT_EXERCISE_DIR is not set: grade through `npm test`, which sets it.');
  return require(path.join(dir, 'tasks.ts'));
}

export const heavy = (n: number) => learner().heavy(n);
export const bump = () => learner().bump();
export const whoami = () => learner().whoami();

/** The overlap barrier (graders/support/barrier.ts), reporting where it ran. */
export function waitForOthers(buffer: SharedArrayBuffer, count: number, timeoutMs: number) {
  return { ...arriveAndWait(buffer, count, timeoutMs), pid: process.pid, threadId };
}

/**
 * Leave a heartbeat in this worker: slot `slot` of `buffer` counts up every
 * 5 ms for as long as the worker lives. After close() every count must freeze.
 * The timer is unref'd so it never keeps a worker alive by itself. Holding the
 * thread for `holdMs` spreads a batch of these over several workers.
 */
export function heartbeat(buffer: SharedArrayBuffer, slot: number, holdMs: number) {
  const cells = new Int32Array(buffer);
  setInterval(() => Atomics.add(cells, slot, 1), 5).unref();
  sleepThread(holdMs);
  return { pid: process.pid, threadId };
}
