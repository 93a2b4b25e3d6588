// The task functions the 10 grader hands to the learner's pipeline (as its
// taskModule). They run in the learner's worker threads.
const nap = new Int32Array(new SharedArrayBuffer(4)); // nobody notifies it: a wait is a sleep

/** 2x, at once. */
export function double(x: number): number {
  return 2 * x;
}

/** 2x, after 0-4 ms chosen by the value: results finish out of input order. */
export function shuffled(x: number): number {
  Atomics.wait(nap, 0, 0, Math.abs(Math.floor(x * 7919)) % 5);
  return 2 * x;
}

/** x, after sleeping 150 ms (the worker blocks; it burns no CPU). */
export function slow(x: number): number {
  Atomics.wait(nap, 0, 0, 150);
  return x;
}

/** The value whose task throws, in `failing`. */
export const POISON = 13.25;

/** 2x, but throws on POISON. */
export function failing(x: number): number {
  if (x === POISON) throw new Error('the grader made this task fail');
  return 2 * x;
}
