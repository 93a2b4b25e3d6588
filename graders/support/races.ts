// fast-check scheduler helpers for "whatever order things finish in" checks.
// fc.scheduler() decides the order in which scheduled promises resolve; a
// property over it explores many completion orders and shrinks a failing one.
import type fc from 'fast-check';
import { macrotask, type Outcome } from './clock';
import { attempt } from './outcome';

/** Thunks that resolve with `values[i]` whenever the scheduler decides. */
export function scheduledTasks<T>(s: fc.Scheduler, values: T[], label = (i: number) => `task ${i}`): Array<() => Promise<T>> {
  return values.map((value, i) => () => s.schedule(Promise.resolve(value), label(i)));
}

/**
 * Start `run()`, let the scheduler release everything it holds, then report
 * how the call settled. `pending` (instead of a hang) if it never did.
 */
export async function settleUnder<T>(s: fc.Scheduler, run: () => T | Promise<T>): Promise<Outcome<Awaited<T>>> {
  let outcome: Outcome<Awaited<T>> | undefined;
  attempt(run).then(
    (value) => (outcome = { status: 'fulfilled', value, at: 0 }),
    (reason) => (outcome = { status: 'rejected', reason, at: 0 }),
  );
  await s.waitIdle();
  // A few macrotask turns for code that awaits after the last scheduled promise.
  for (let i = 0; i < 3 && !outcome; i++) await macrotask();
  return outcome ?? { status: 'pending', at: 0, why: 'every task had finished, yet it was still waiting' };
}
