// Adversarial scenario pieces for the futures checks: values and reasons from
// the whole domain the lesson allows (falsy, non-Error, thenables that are not
// Promises), deadlines that include 0, and the two measurements every edge path
// needs: timers still scheduled at the moment a race is decided, and deep
// equality for results whose key order the lesson does not fix.
// Nothing here knows the exercise: it could move to graders/support as is.
import { isDeepStrictEqual } from 'node:util';
import { fc, settle, type VirtualClock } from '../support';

/** Values a future may hold: the falsy ones first (they are where `if (value)` bugs live), then ordinary ones. */
export const anyValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom<unknown>(0, '', false, null, undefined, Number.NaN) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.string({ maxLength: 5 }) },
    { weight: 1, arbitrary: fc.record({ id: fc.nat() }) },
  );

/**
 * Rejection reasons: Errors and values that are not (strings, numbers, plain
 * objects, falsy values). `null` is left out: exception() answers null for
 * "no failure", so a null reason cannot be told apart there.
 */
export const anyReason = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.nat().map((n) => new Error(`failure ${n}`)) },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(0, '', false, undefined) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 5 }) },
    { weight: 1, arbitrary: fc.nat().map((code) => ({ code })) },
  );

/** A thenable that is not a Promise: settles `ms` after its then() is first called, on the (fake) clock. */
export function thenable<T>(ms: number, outcome: { value: T } | { reason: unknown }): PromiseLike<T> {
  return {
    then<A = T, B = never>(onFulfilled?: ((v: T) => A | PromiseLike<A>) | null, onRejected?: ((r: unknown) => B | PromiseLike<B>) | null): PromiseLike<A | B> {
      return new Promise<A | B>((resolve, reject) => {
        setTimeout(() => {
          try {
            if ('value' in outcome) resolve(onFulfilled ? onFulfilled(outcome.value) : (outcome.value as unknown as A));
            else if (onRejected) resolve(onRejected(outcome.reason));
            else reject(outcome.reason);
          } catch (error) {
            reject(error);
          }
        }, ms);
      });
    },
  };
}

/** Deadlines for result(timeoutMs)/wait/asCompleted: 0 is a deadline too (now), not "no deadline". */
export const deadlines = (max = 3_000) => fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.integer({ min: 1, max }) });

/** Results compared by meaning: deep equality, so the same object with its keys in another order is equal. */
export const sameValue = (a: unknown, b: unknown) => isDeepStrictEqual(a, b);

/**
 * How a call settled, and how many timers were still scheduled at THAT moment.
 * Count before any further clock advance: advancing past the learner's deadline
 * fires their timer, and a leak check that does so can never fail.
 */
export interface Decided<T> {
  status: 'fulfilled' | 'rejected' | 'pending';
  value?: T;
  reason?: unknown;
  /** Timers still scheduled right after the call settled (the grader's own excluded by construction). */
  timersLeft: number;
}

/**
 * Start `call`, let it react, then `decide` the race (complete a future,
 * cancel it, or advance the clock to the deadline), let it react again, and
 * count the timers left. The scenario must own no timer itself, so every timer
 * counted is the learner's.
 */
export async function raceDecided<T>(clock: VirtualClock, call: () => Promise<T>, decide: () => void | Promise<void>): Promise<Decided<T>> {
  let seen: Omit<Decided<T>, 'timersLeft'> = { status: 'pending' };
  let promise: Promise<T>;
  try {
    promise = call();
  } catch (error) {
    promise = Promise.reject(error);
  }
  promise.then(
    (value) => (seen = { status: 'fulfilled', value }),
    (reason) => (seen = { status: 'rejected', reason }),
  );
  await settle(clock);
  await decide();
  await settle(clock);
  return { ...seen, timersLeft: clock.pendingTimers() };
}
