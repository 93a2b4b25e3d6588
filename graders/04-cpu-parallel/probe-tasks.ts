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
 * The same barrier with one deadline for every task (Date.now() is one clock for
 * all threads): a pool that runs the tasks one after another waits it out once,
 * not once per task.
 */
export function waitForOthersUntil(buffer: SharedArrayBuffer, count: number, deadline: number) {
  return waitForOthers(buffer, count, deadline - Date.now());
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

/**
 * Hold this worker until the grader writes a non-zero value into `buffer`
 * (or `timeoutMs` pass): a long task whose end the grader decides, with no
 * CPU burned and no clock to race.
 */
export function holdUntilReleased(buffer: SharedArrayBuffer, timeoutMs: number) {
  const cells = new Int32Array(buffer);
  const released = Atomics.wait(cells, 0, 0, timeoutMs) !== 'timed-out' || Atomics.load(cells, 0) !== 0;
  return { released, pid: process.pid, threadId };
}

/**
 * Count how many of these tasks run at the same moment: cell 0 is the number
 * running now, cell 1 the most ever seen. Each waits until `target` have been
 * running together (then they all return at once) or the `deadline` (Date.now()) passes. With
 * fewer than `target` workers the most seen stays below `target`: a task
 * leaves (and counts itself out) before its worker can start the next one.
 */
export function countRunning(buffer: SharedArrayBuffer, target: number, deadline: number) {
  const cells = new Int32Array(buffer);
  const now = Atomics.add(cells, 0, 1) + 1;
  for (let max = Atomics.load(cells, 1); now > max; max = Atomics.load(cells, 1)) {
    if (Atomics.compareExchange(cells, 1, max, now) === max) {
      Atomics.notify(cells, 1);
      break;
    }
  }
  for (let seen = Atomics.load(cells, 1); seen < target; seen = Atomics.load(cells, 1)) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    Atomics.wait(cells, 1, seen, left);
  }
  Atomics.sub(cells, 0, 1);
  return { pid: process.pid, threadId };
}

/** Return `item.value` after holding the worker for `item.ms`: tasks that finish in another order than they started. */
export function valueAfter(item: { value: number; ms: number }) {
  if (item.ms > 0) sleepThread(item.ms);
  return item.value;
}
