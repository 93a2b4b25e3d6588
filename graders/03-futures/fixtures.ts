// Fixtures shared by the 03-futures checks: futures completed by the grader's
// own timers, the ideal executor schedule, readers for async iterables, and
// error matchers that accept the exercise's classes or any error of that name.
import { CancelledError, Executor, Future, InvalidStateError, TimeoutError } from '@exercise/03-futures';
import { delays, ensure, fc, isNotImplemented, type Result, type Timeline, type VirtualClock } from '../support';

/** Errors are recognised by class (the ones this exercise exports) or by name, so a learner's own class with the right name passes too. */
export function isError(error: unknown, cls: unknown, name: string): boolean {
  return (typeof cls === 'function' && error instanceof cls) || (error instanceof Error && error.name === name);
}
export const isTimeout = (e: unknown) => isError(e, TimeoutError, 'TimeoutError');
export const isCancelled = (e: unknown) => isError(e, CancelledError, 'CancelledError');
export const isInvalidState = (e: unknown) => isError(e, InvalidStateError, 'InvalidStateError');

export const errorFor = (label: string | number) => new Error(`job ${label} failed`);
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A future completed by the grader's own timer after `ms`, drawn on the timeline. */
export function futureAt<T>(timeline: Timeline, label: string, ms: number, result: Result<T>): Future<T> {
  const future = new Future<T>();
  const end = timeline.begin(label);
  setTimeout(() => {
    end('error' in result);
    if ('error' in result) future.setException(result.error);
    else future.setResult(result.value);
  }, ms);
  return future;
}

/** A future that is already finished. */
export function finished<T>(result: Result<T>): Future<T> {
  const future = new Future<T>();
  if ('error' in result) future.setException(result.error);
  else future.setResult(result.value);
  return future;
}

/** Where each job starts and ends on an executor with `workers` slots, everything submitted at 0: oldest job first, on the first free worker. */
export function schedule(durations: number[], workers: number): Array<{ start: number; end: number }> {
  const freeAt = Array.from({ length: workers }, () => 0);
  return durations.map((ms) => {
    freeAt.sort((a, b) => a - b);
    const start = freeAt[0];
    freeAt[0] = start + ms;
    return { start, end: start + ms };
  });
}

/** Distinct delays, so "first" is never a tie. */
export const distinctDelays = (minLength: number, maxLength: number) => fc.uniqueArray(delays({ min: 10, max: 3_000 }), { minLength, maxLength });

/** A delay in [1, limit) that differs from every delay in `taken` (so a deadline never ties with a completion). */
export const deadlineAmong = (taken: number[], limit: number) =>
  fc.integer({ min: 1, max: Math.max(1, limit - 1) }).filter((t) => !taken.includes(t));

/** Read `for await` into a list, recording when each item arrived and how the loop ended. */
export async function drain<T>(iterable: AsyncIterable<T>, now: () => number) {
  const items: Array<{ item: T; at: number }> = [];
  try {
    for await (const item of iterable) items.push({ item, at: now() });
    return { items, error: undefined as unknown, endedAt: now(), threw: false };
  } catch (error) {
    if (isNotImplemented(error)) throw error;
    return { items, error, endedAt: now(), threw: true };
  }
}

/** Futures named by their index in `futures` ("#2"), sorted, for messages and comparisons. */
export const labels = <T>(futures: Array<Future<T>>, set: Iterable<Future<T>>) => [...set].map((f) => `#${futures.indexOf(f)}`).sort();

/** The labels of the tasks that were started (drawn on the timeline). */
export const startedLabels = (timeline: Timeline) => timeline.spans.map((s) => s.label);

/** Mark a promise as handled (we read it later), so an early failure of the check never leaves an unhandled rejection behind. */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Run the clock until every future is done, however each one ends. Generic, not Future<unknown>: a Future with private fields is invariant in T. */
export const finishAll = <T>(clock: VirtualClock, futures: Array<Future<T>>) => clock.run(() => Promise.allSettled(futures.map((f) => f.exception())));

/** When the last span whose label starts with `prefix` ended (call once they all have). */
export const lastEnd = (timeline: Timeline, prefix: string) => Math.max(0, ...timeline.spans.filter((s) => s.label.startsWith(prefix)).map((s) => s.end ?? Infinity));

export function submitAfterShutdownThrows(executor: Executor, when: string): void {
  let threw = false;
  try {
    executor.submit(() => 0);
  } catch (error) {
    if (isNotImplemented(error)) throw error;
    threw = true;
  }
  ensure(threw, `submit() ${when} returned normally, but it should throw: a shut-down executor accepts no new work.`);
}

/** Random futures: distinct delays, some failing. */
export const plans = (minLength: number, failures: boolean) =>
  distinctDelays(minLength, 6).chain((ms) =>
    fc.tuple(fc.constant(ms), fc.array(failures ? fc.boolean() : fc.constant(false), { minLength: ms.length, maxLength: ms.length })),
  );

export function futuresFor(timeline: Timeline, durations: number[], fails: boolean[]): Array<Future<number>> {
  return durations.map((ms, i) => futureAt<number>(timeline, `#${i}`, ms, fails[i] ? { error: errorFor(i) } : { value: i }));
}
