// The task functions the 10 grader hands to the learner's pipeline (as its
// taskModule). They run in the learner's worker threads.
import { RELEASE_CHANNEL } from './protocol';

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

/** Resolves at the first message on `channel`, or after `ms` whatever happens. */
function firstMessage(channel: InstanceType<typeof BroadcastChannel>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    channel.onmessage = () => {
      clearTimeout(timer);
      resolve();
    };
  });
}

/** The value whose task waits for another item's task to finish first, in `firstWaits`. */
export const FIRST = 0.5;
const ORDER_CHANNEL = 'kit-10-order';

/**
 * 2x. The task on FIRST (the first item) does not finish until another item's
 * task has (or 3 s have passed): with two workers or more, the results are
 * certain to finish out of input order. Threads of one process talk through a
 * BroadcastChannel without being introduced.
 */
export async function firstWaits(x: number): Promise<number> {
  const channel = new BroadcastChannel(ORDER_CHANNEL);
  try {
    if (x !== FIRST) {
      channel.postMessage('done');
      return 2 * x;
    }
    await firstMessage(channel, 3_000);
    return 2 * x;
  } finally {
    channel.close();
  }
}

/**
 * 2x. The task on FIRST holds its item until the harness says 'release' (after
 * the consumer has taken a few results; RunSpec.releaseAfter) or 8 s have
 * passed (long enough for the other workers to start, however busy the
 * machine): in unordered mode the other items' results must reach the
 * consumer meanwhile.
 */
export async function firstHeld(x: number): Promise<number> {
  if (x !== FIRST) return 2 * x;
  const channel = new BroadcastChannel(RELEASE_CHANNEL);
  try {
    await firstMessage(channel, 8_000);
    return 2 * x;
  } finally {
    channel.close();
  }
}
