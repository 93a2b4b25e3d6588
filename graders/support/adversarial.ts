// Adversarial scenarios for the fake-clock graders. A check that only ever
// meets well-behaved operations proves the main path of its rule and nothing
// else; the generators here draw the edge paths the lessons also promise:
//  - operations and jobs that ignore their signal, need cleanup time, throw
//    synchronously, fail after an abort, resolve late, return thenables that
//    are not Promises;
//  - values and reasons from the whole domain: falsy values, non-Error reasons,
//    one object shared between several jobs, duplicates;
//  - empty and large inputs; caller signals aborted before, at or after the
//    call; several waiters at once.
// And the instruments to judge them: the grader's own timers are counted apart
// from the learner's, so "no timer left" is read at the moment the race is
// decided (before any further clock advance, when a forgotten timer is still
// visible), together with the listeners left on a caller's signal and any
// rejection the code under test left unhandled.
import { getEventListeners } from 'node:events';
import vm from 'node:vm';
import type { VirtualClock } from './clock';
import { fc } from './property';
import type { Timeline } from './timeline';

// ------------------------------------------------------------ the value domain

/** The falsy values: a result or a reason that is `0`, `''`, `false`, `null`, `undefined` or `NaN` is still a result or a reason. */
export const falsyValues = fc.constantFrom<unknown>(0, '', false, null, undefined, Number.NaN);

/** Any value a job may resolve with: falsy ones often, numbers, strings, plain objects (compared by identity), arrays. */
export const domainValues: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: falsyValues, weight: 2 },
  { arbitrary: fc.integer({ min: -5, max: 1_000 }), weight: 1 },
  { arbitrary: fc.string({ maxLength: 4 }), weight: 1 },
  { arbitrary: fc.record({ id: fc.nat({ max: 99 }) }), weight: 2 },
  { arbitrary: fc.array(fc.nat({ max: 9 }), { maxLength: 2 }), weight: 1 },
);

/** Any reason a job may reject with: an Error (usually), or a non-Error value (a string, a code object, a falsy value). */
export const domainReasons: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.nat({ max: 99 }).map((k) => new Error(`failure ${k}`)), weight: 3 },
  { arbitrary: fc.string({ maxLength: 4 }).map((s) => `reason ${s}`), weight: 1 },
  { arbitrary: fc.record({ code: fc.nat({ max: 99 }) }), weight: 1 },
  { arbitrary: falsyValues, weight: 1 },
);

/** Reasons a caller can abort a signal with: any reason but `undefined` (abort(undefined) gives the signal a default AbortError). */
export const abortReasons: fc.Arbitrary<unknown> = domainReasons.filter((reason) => reason !== undefined);

/**
 * `length` items drawn from a small pool of `arb`, so the same object (or the
 * same falsy value) appears under several jobs: code that tells jobs apart by
 * their value (indexOf, a Map keyed by value, `if (value)`) is caught.
 */
export function sharedDomain<T>(arb: fc.Arbitrary<T>, length: number): fc.Arbitrary<T[]> {
  return fc
    .tuple(fc.array(arb, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { minLength: length, maxLength: length }))
    .map(([pool, picks]) => picks.map((k) => pool[k % pool.length]));
}

/** How many items: none, a few (most runs), or many (a queue far longer than any limit). */
export const sizes = (options: { min?: number; few?: number; many?: number } = {}) =>
  fc.oneof(
    { arbitrary: fc.integer({ min: options.min ?? 0, max: options.few ?? 7 }), weight: 8 },
    { arbitrary: fc.integer({ min: Math.max(options.min ?? 0, 30), max: options.many ?? 60 }), weight: 1 },
  );

// --------------------------------------------------------- operation behaviours

/** What a fake operation (a source, a job, an attempt) does when called. Times are virtual ms. */
export interface Behaviour {
  /** When it settles by itself, counted from its call. */
  ms: number;
  /** Its own outcome. */
  result: { value: unknown } | { error: unknown };
  /** Throw `result.error` synchronously at the call instead of returning a promise (only for an error result). */
  throwsSync: boolean;
  /** Return a promise-like object that is not a Promise (it has then/catch/finally, and settles once). */
  thenable: boolean;
  /**
   * What it does when its signal aborts: `stop` rejects with signal.reason (after cleanupMs);
   * `ignore` runs on to its own end; `fail` rejects with an error of its own after cleanupMs;
   * `late-value` resolves with its value after cleanupMs, as if it had not heard.
   */
  onAbort: 'stop' | 'ignore' | 'fail' | 'late-value';
  /** Virtual ms it needs to stop once its signal aborts. */
  cleanupMs: number;
}

export interface BehaviourOptions {
  /** Longest self-settle time (default 3000). */
  maxMs?: number;
  /** Shortest self-settle time (default 1). */
  minMs?: number;
  /** May fail (default true). */
  failures?: boolean;
  /** May throw synchronously when failing (default false). */
  throwsSync?: boolean;
  /** May return a non-Promise thenable (default false). */
  thenables?: boolean;
  /** Reactions to an abort to draw from (default: always `stop`). */
  onAbort?: Array<Behaviour['onAbort']>;
  /** Longest cleanup after an abort (default 0: none). */
  maxCleanupMs?: number;
  /** Values to resolve with (default domainValues). */
  values?: fc.Arbitrary<unknown>;
  /** Reasons to reject with (default domainReasons). */
  reasons?: fc.Arbitrary<unknown>;
}

/** One behaviour, drawn from the traits `options` allows. */
export function behaviours(options: BehaviourOptions = {}): fc.Arbitrary<Behaviour> {
  const outcome = options.failures === false
    ? (options.values ?? domainValues).map((value) => ({ value }))
    : fc.oneof(
        (options.values ?? domainValues).map((value): Behaviour['result'] => ({ value })),
        (options.reasons ?? domainReasons).map((error): Behaviour['result'] => ({ error })),
      );
  return fc
    .record({
      ms: fc.integer({ min: options.minMs ?? 1, max: options.maxMs ?? 3_000 }),
      result: outcome,
      throwsSync: options.throwsSync ? fc.boolean() : fc.constant(false),
      thenable: options.thenables ? fc.boolean() : fc.constant(false),
      onAbort: fc.constantFrom(...(options.onAbort ?? ['stop' as const])),
      cleanupMs: options.maxCleanupMs ? fc.integer({ min: 0, max: options.maxCleanupMs }) : fc.constant(0),
    })
    .map((b) => ({ ...b, throwsSync: b.throwsSync && 'error' in b.result }));
}

/** The reason `b` rejects with when its signal aborts with `reason` (`stop`), or its own error (`fail`). */
export const failAfterAbortError = (label: string) => new Error(`${label} failed while stopping`);

// ---------------------------------------------------------------- caller signals

/** When the caller's signal aborts: before the call, at the call (right after it returns), after `at` ms, or never. */
export type AbortTiming = { when: 'before' } | { when: 'at' } | { when: 'after'; at: number } | { when: 'never' };

export const abortTimings = (options: { maxMs?: number; never?: boolean } = {}): fc.Arbitrary<AbortTiming> =>
  fc.oneof(
    { arbitrary: fc.constant<AbortTiming>({ when: 'before' }), weight: 1 },
    { arbitrary: fc.constant<AbortTiming>({ when: 'at' }), weight: 1 },
    { arbitrary: fc.integer({ min: 1, max: options.maxMs ?? 6_000 }).map((at): AbortTiming => ({ when: 'after', at })), weight: 4 },
    ...(options.never ? [{ arbitrary: fc.constant<AbortTiming>({ when: 'never' }), weight: 1 }] : []),
  );

/** The virtual time at which `timing` aborts (0 for before/at), or undefined for never. */
export const abortTimeOf = (timing: AbortTiming): number | undefined =>
  timing.when === 'never' ? undefined : timing.when === 'after' ? timing.at : 0;

export const describeTiming = (timing: AbortTiming): string =>
  timing.when === 'before'
    ? 'already aborted when the call was made'
    : timing.when === 'at'
      ? 'aborted right after the call returned, at 0 ms'
      : timing.when === 'after'
        ? `aborted at ${timing.at} ms`
        : 'never aborted';

// --------------------------------------------------------------- fake operations

/** What happened to one call of a fake operation. Times are virtual ms. */
export interface FakeCall {
  call: number;
  args: unknown[];
  signal?: AbortSignal;
  startedAt: number;
  abortedAt?: number;
  abortReason?: unknown;
  settledAt?: number;
  /** How it settled: its own value or error, the abort reason (`aborted`), or a synchronous throw. */
  settled?: 'fulfilled' | 'rejected' | 'aborted' | 'threw';
  /** What it settled with (value, error or abort reason). */
  with?: unknown;
}

export interface FakeOp {
  (...args: unknown[]): Promise<unknown>;
  readonly records: FakeCall[];
  readonly calls: number;
  readonly label: string;
}

const isSignal = (value: unknown): value is AbortSignal =>
  typeof value === 'object' && value !== null && 'aborted' in value && typeof (value as AbortSignal).addEventListener === 'function';

/** A promise-like that is not a Promise: then/catch/finally over `inner`, settling once. */
function thenableOf<T>(inner: Promise<T>): Promise<T> {
  const like = {
    then: (f?: (v: T) => unknown, r?: (e: unknown) => unknown) => inner.then(f, r),
    catch: (r?: (e: unknown) => unknown) => inner.catch(r),
    finally: (f?: () => void) => inner.finally(f),
  };
  return like as unknown as Promise<T>;
}

/**
 * The grader's side of one run: fake operations on the virtual clock and the
 * timeline, and every timer the grader itself starts, counted apart from the
 * learner's. `learnerTimers()` is then exact at any instant, even while fake
 * operations of ours are still running.
 */
export function fakes(clock: Pick<VirtualClock, 'now' | 'pendingTimers'>, timeline: Timeline) {
  const own = new Set<ReturnType<typeof setTimeout>>();

  /** A timer of the grader's (not counted as the learner's). */
  function timer(fn: () => void, ms: number): () => void {
    const id = setTimeout(() => {
      own.delete(id);
      fn();
    }, ms);
    own.add(id);
    return () => {
      clearTimeout(id);
      own.delete(id);
    };
  }

  /** Timers scheduled now that are not the grader's: the code under test's. */
  const learnerTimers = () => Math.max(0, clock.pendingTimers() - own.size);

  /** A fake operation playing `steps` (call k plays steps[k], the last one repeats). */
  function op(label: string, steps: Behaviour | Behaviour[]): FakeOp {
    const script = Array.isArray(steps) ? steps : [steps];
    if (script.length === 0) throw new Error(`fakes.op("${label}"): give at least one behaviour`);
    const records: FakeCall[] = [];
    const fn = (...args: unknown[]): Promise<unknown> => {
      const record: FakeCall = { call: records.length + 1, args, startedAt: clock.now };
      if (isSignal(args[0])) record.signal = args[0];
      records.push(record);
      const b = script[Math.min(records.length, script.length) - 1];
      const spanLabel = script.length > 1 || records.length > 1 ? `${label} #${record.call}` : label;
      const end = timeline.begin(spanLabel);
      const span = timeline.spans[timeline.spans.length - 1];
      if (b.throwsSync && 'error' in b.result) {
        record.settled = 'threw';
        record.settledAt = clock.now;
        record.with = b.result.error;
        end(true);
        throw b.result.error;
      }
      const signal = record.signal;
      const promise = new Promise<unknown>((resolve, reject) => {
        const settle = (how: NonNullable<FakeCall['settled']>, value: unknown) => {
          if (record.settled) return;
          signal?.removeEventListener('abort', onAbort);
          record.settled = how;
          record.settledAt = clock.now;
          record.with = value;
          end(how !== 'fulfilled');
          if (how === 'fulfilled') resolve(value);
          else reject(value);
        };
        const cancelOwn = timer(() => settle('error' in b.result ? 'rejected' : 'fulfilled', 'error' in b.result ? b.result.error : b.result.value), b.ms);
        const onAbort = () => {
          if (record.abortedAt !== undefined || record.settled) return;
          record.abortedAt = clock.now;
          record.abortReason = signal?.reason;
          if (b.onAbort === 'ignore') return;
          cancelOwn(); // it stops: its own end never comes
          span.aborted = true; // drawn as "<label> (aborted)"
          const stop = () =>
            b.onAbort === 'stop'
              ? settle('aborted', signal?.reason)
              : b.onAbort === 'fail'
                ? settle('rejected', failAfterAbortError(label))
                : settle('fulfilled', 'error' in b.result ? undefined : b.result.value);
          if (b.cleanupMs > 0) timer(stop, b.cleanupMs);
          else stop();
        };
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort);
      });
      return b.thenable ? thenableOf(promise) : promise;
    };
    return Object.defineProperties(fn, {
      records: { value: records },
      calls: { get: () => records.length },
      label: { value: label },
    }) as FakeOp;
  }

  /** A caller's AbortController that aborts with `reason` as `timing` says. Call `afterCall()` right after the call returns. */
  function callerSignal(timing: AbortTiming, reason: unknown) {
    const controller = new AbortController();
    if (timing.when === 'before') controller.abort(reason);
    if (timing.when === 'after') timer(() => controller.abort(reason), timing.at);
    return {
      controller,
      signal: controller.signal,
      afterCall: () => {
        if (timing.when === 'at') controller.abort(reason);
      },
    };
  }

  return { op, timer, learnerTimers, callerSignal };
}

export type Fakes = ReturnType<typeof fakes>;

// ----------------------------------------------------------- leaks, counted now

/** Listeners for 'abort' registered on `signal` right now. (AbortSignal.any adds none: it links signals internally.) */
export const abortListeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

// The real process (jest gives tests a copy whose events never fire), looked up once.
let theRealProcess: NodeJS.Process | undefined;
const realProcess = () => (theRealProcess ??= vm.runInThisContext('process') as NodeJS.Process);

/**
 * Run `body` while recording the rejections that nobody handles (those that
 * would crash a real Node process) in the array it is given. Jest's own
 * listener is set aside meanwhile and put back after, so a check can report
 * the mistake in words, and checks about other rules are not failed by jest
 * with a raw error.
 */
export async function watchUnhandledRejections<T>(body: (unhandled: unknown[]) => Promise<T>): Promise<T> {
  const real = realProcess();
  const saved = real.rawListeners('unhandledRejection');
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => void unhandled.push(reason);
  real.removeAllListeners('unhandledRejection');
  real.on('unhandledRejection', record);
  try {
    const result = await body(unhandled);
    // Node reports an unhandled rejection once the microtask queue has drained: one real macrotask turn.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return result;
  } finally {
    real.off('unhandledRejection', record);
    for (const listener of saved) real.on('unhandledRejection', listener as (...args: unknown[]) => void);
  }
}
