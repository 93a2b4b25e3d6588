// Stories for wait() and asCompleted(): futures the grader ends at chosen
// instants (a value, an error, a cancel, or never), some already done or
// cancelled at the call, some listed twice, none at all; one or two wait()
// calls watching them at once; asCompleted started late or read slowly.
// The grader owns no timer: it moves the clock from one instant to the next,
// so the timers counted at the instant a call settles are the learner's.
import { asCompleted, Future, wait, type ReturnWhen } from '@exercise/03-futures';
import { fc, isNotImplemented, settle, show, type VirtualClock } from '../support';
import type { Ending } from './waiters';
import { anyReason, anyValue } from './scenarios';

export interface FuturePlan {
  ending: Ending;
  /** When the grader ends it; 'already' futures end before the call. */
  endAt: number;
  already: boolean;
  payload: unknown;
}

const futurePlan = (maxAt: number) =>
  fc
    .record({
      ending: fc.constantFrom<Ending>('value', 'value', 'error', 'error', 'cancel', 'never'),
      // A few shared instants make ties likely: several futures completing at once.
      endAt: fc.oneof(fc.integer({ min: 0, max: maxAt }), fc.constantFrom(40, 80)),
      already: fc.boolean(),
      value: anyValue(),
      reason: anyReason(),
    })
    .map(({ ending, endAt, already, value, reason }) => ({
      ending,
      endAt: already || ending === 'never' ? 0 : endAt,
      already: already && ending !== 'never',
      payload: ending === 'value' ? value : reason,
    }));

/** 0 to 5 futures (ends may tie: several futures may end at the same instant), and indexes of entries listed twice. */
export const futurePlans = (maxAt = 300) =>
  fc.tuple(fc.array(futurePlan(maxAt), { minLength: 0, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 2 }));

export const failed = (f: FuturePlan) => f.ending === 'error';
export const ends = (f: FuturePlan) => f.ending !== 'never';
export const describeFuture = (f: FuturePlan, i: number) =>
  `#${i} ${f.ending === 'never' ? 'never ends' : `${f.already ? 'already ' : ''}${f.ending === 'value' ? 'finished' : f.ending === 'error' ? 'failed' : 'cancelled'}${f.already ? '' : ` at ${f.endAt} ms`}`}`;

/** Futures as planned; the ones marked `already` are ended now, before any call. */
export function makeFutures(plans: FuturePlan[]): { futures: Array<Future<unknown>>; endAt: (t: number) => void } {
  const futures = plans.map(() => new Future<unknown>());
  const end = (i: number) => {
    const p = plans[i];
    if (p.ending === 'value') futures[i].setResult(p.payload);
    else if (p.ending === 'error') futures[i].setException(p.payload);
    else if (p.ending === 'cancel') futures[i].cancel();
  };
  plans.forEach((p, i) => p.already && end(i));
  return { futures, endAt: (t) => plans.forEach((p, i) => !p.already && ends(p) && p.endAt === t && end(i)) };
}

/** When the condition of `returnWhen` first holds (Infinity: never), by the lesson's rules. */
export function conditionHoldsAt(plans: FuturePlan[], returnWhen: ReturnWhen): number {
  const at = (f: FuturePlan) => (ends(f) ? f.endAt : Infinity);
  const all = Math.max(0, ...plans.map(at));
  if (returnWhen === 'FIRST_COMPLETED') return plans.length === 0 ? 0 : Math.min(...plans.map(at));
  if (returnWhen === 'FIRST_EXCEPTION') return Math.min(all, ...plans.filter(failed).map(at));
  return all;
}

export interface WaitCall {
  returnWhen: ReturnWhen;
  timeoutMs?: number;
}

export interface WaitStory {
  plans: FuturePlan[];
  dupes: number[];
  calls: WaitCall[];
}

/** When call `c` should return: its condition, or its deadline if that comes first. */
export const returnsAt = (s: WaitStory, c: WaitCall) => Math.min(conditionHoldsAt(s.plans, c.returnWhen), c.timeoutMs ?? Infinity);

/** One or two wait() calls at once on the same futures; deadlines never tie with an end (a tie's order is not the lesson's). */
export const waitStories = (): fc.Arbitrary<WaitStory> =>
  fc
    .record({
      plansAndDupes: futurePlans(),
      calls: fc.array(
        fc.record({
          returnWhen: fc.constantFrom<ReturnWhen>('FIRST_COMPLETED', 'FIRST_EXCEPTION', 'ALL_COMPLETED'),
          timeoutMs: fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 400 })), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    })
    .map(({ plansAndDupes: [plans, dupes], calls }) => ({ plans, dupes, calls }))
    .filter((s) => s.calls.every((c) => c.timeoutMs === undefined || s.plans.every((f) => !ends(f) || f.already || f.endAt !== c.timeoutMs)))
    .filter((s) => s.calls.every((c) => Number.isFinite(returnsAt(s, c))));

/** `timers`: counted at the instant the call settled; undefined when another call still waited with a deadline then (its timer is allowed). */
export type CallSeen = { status: 'pending' } | { status: 'fulfilled'; value: unknown; at: number; timers?: number } | { status: 'rejected'; reason: unknown; at: number; timers?: number };

/** Play a wait story; each call's outcome carries the timers scheduled at the instant it settled, once no other call still waits with a deadline. */
export async function playWait(clock: VirtualClock, s: WaitStory): Promise<{ futures: Array<Future<unknown>>; seen: CallSeen[] }> {
  const { futures, endAt } = makeFutures(s.plans);
  const input = [...futures, ...(futures.length ? s.dupes.map((k) => futures[k % futures.length]) : [])];
  const seen: CallSeen[] = s.calls.map(() => ({ status: 'pending' }));
  const raw: Array<{ status: 'fulfilled'; value: unknown; at: number } | { status: 'rejected'; reason: unknown; at: number } | undefined> = s.calls.map(() => undefined);
  const t0 = clock.now;
  s.calls.forEach((c, i) => {
    let promise: Promise<unknown>;
    try {
      promise = wait(input, c.timeoutMs === undefined ? { returnWhen: c.returnWhen } : { returnWhen: c.returnWhen, timeoutMs: c.timeoutMs });
    } catch (error) {
      if (isNotImplemented(error)) throw error;
      promise = Promise.reject(error);
    }
    Promise.resolve(promise).then(
      (value) => (raw[i] = { status: 'fulfilled', value, at: clock.now - t0 }),
      (reason) => (raw[i] = { status: 'rejected', reason, at: clock.now - t0 }),
    );
  });
  const times = [...new Set([0, ...s.plans.filter((f) => ends(f) && !f.already).map((f) => f.endAt), ...s.calls.flatMap((c) => (c.timeoutMs === undefined ? [] : [c.timeoutMs]))])].sort((a, b) => a - b);
  const last = Math.max(...s.calls.map((c) => returnsAt(s, c)));
  for (const t of times) {
    if (t > last) break;
    await clock.advance(t - (clock.now - t0));
    endAt(t);
    await settle(clock);
    const waitingWithDeadline = s.calls.some((c, i) => raw[i] === undefined && c.timeoutMs !== undefined);
    raw.forEach((r, i) => {
      if (r && seen[i].status === 'pending') seen[i] = { ...r, timers: waitingWithDeadline ? undefined : clock.pendingTimers() };
    });
  }
  return { futures, seen };
}

/**
 * The split the lesson expects when `call` returns at `at`: each listed future once, done if it ended by then.
 * Futures ending at that very instant may fall either way when a FIRST_* condition fired (wait may return
 * inside the first one's done-callback, before the grader ends the next), so they are listed in `either`.
 */
export function expectedSplit(s: WaitStory, call: WaitCall, at: number) {
  const label = (i: number) => `#${i}`;
  const failureBy = s.plans.some((f) => failed(f) && (f.already || f.endAt <= at));
  const wholeSet = call.returnWhen === 'ALL_COMPLETED' || (call.returnWhen === 'FIRST_EXCEPTION' && !failureBy) || at === call.timeoutMs;
  const tied = (f: FuturePlan) => !wholeSet && ends(f) && !f.already && f.endAt === at;
  const done = s.plans.flatMap((f, i) => (ends(f) && (f.already || f.endAt <= at) && !tied(f) ? [label(i)] : []));
  const notDone = s.plans.flatMap((f, i) => (!ends(f) || (!f.already && f.endAt > at) ? [label(i)] : []));
  const either = s.plans.flatMap((f, i) => (tied(f) ? [label(i)] : []));
  return { done, notDone, either };
}

export const describeWaitCall = (c: WaitCall) => `wait(futures, { returnWhen: '${c.returnWhen}'${c.timeoutMs === undefined ? '' : `, timeoutMs: ${c.timeoutMs}`} })`;
export const describeWaitStory = (s: WaitStory) =>
  s.plans.length === 0 ? 'no futures at all' : s.plans.map(describeFuture).join(', ') + (s.dupes.length ? ` (${s.dupes.length} listed twice)` : '');

// ------------------------------------------------------------ asCompleted

export interface AsCompletedStory {
  plans: FuturePlan[];
  dupes: number[];
  timeoutMs?: number;
  /** Iteration starts this long after the call. */
  lateBy: number;
  /** A busy reader takes its first future, then is busy until nothing else happens, then catches up; a fast one reads each as it comes. */
  slow: boolean;
}

export const asCompletedStories = (): fc.Arbitrary<AsCompletedStory> =>
  fc
    .record({
      plansAndDupes: futurePlans(),
      // No deadline half the time: that is when a busy reader is allowed, the surest way to lose a completion.
      timeoutMs: fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 400 })), { nil: undefined, freq: 2 }),
      lateBy: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 })),
      slow: fc.boolean(),
    })
    .map(({ plansAndDupes: [plans, dupes], ...rest }) => ({ plans, dupes, ...rest }))
    // A deadline with a slow reader is a race the lesson does not settle; a never-ending future needs a deadline.
    .map((s) => (s.timeoutMs !== undefined ? { ...s, slow: false } : s))
    .filter((s) => s.timeoutMs !== undefined || s.plans.every(ends))
    .filter((s) => s.timeoutMs === undefined || s.plans.every((f) => !ends(f) || f.already || f.endAt !== s.lateBy + s.timeoutMs!));

export interface AsCompletedRun {
  items: Array<{ index: number; at: number }>;
  ended: { how: 'returned' | 'threw'; error?: unknown; at: number; timers: number } | undefined;
  futures: Array<Future<unknown>>;
  /** What asCompleted's own done-callbacks reported through console.error (they threw). */
  reported: unknown[][];
}

/** Play an asCompleted story; `ended.timers` is counted at the instant the iteration ended. */
export async function playAsCompleted(clock: VirtualClock, s: AsCompletedStory): Promise<AsCompletedRun> {
  const { futures, endAt } = makeFutures(s.plans);
  const input = [...futures, ...(futures.length ? s.dupes.map((k) => futures[k % futures.length]) : [])];
  const run: AsCompletedRun = { items: [], ended: undefined, futures, reported: [] };
  // A done-callback that throws is reported by the future with console.error: asCompleted's own must never throw.
  const original = console.error;
  console.error = (...args: unknown[]) => void run.reported.push(args);
  try {
    return await playAsCompletedOn(clock, s, futures, endAt, input, run);
  } finally {
    console.error = original;
  }
}

async function playAsCompletedOn(
  clock: VirtualClock,
  s: AsCompletedStory,
  futures: Array<Future<unknown>>,
  endAt: (t: number) => void,
  input: Array<Future<unknown>>,
  run: AsCompletedRun,
): Promise<AsCompletedRun> {
  const t0 = clock.now;
  const iterable = asCompleted(input, s.timeoutMs);
  let iterator: AsyncIterator<Future<unknown>> | undefined;
  let pulling = false;
  let endedAt: { how: 'returned' | 'threw'; error?: unknown; at: number } | undefined;
  const pull = () => {
    if (pulling || endedAt || !iterator) return;
    pulling = true;
    let next: Promise<IteratorResult<Future<unknown>>>;
    try {
      next = Promise.resolve(iterator.next());
    } catch (error) {
      next = Promise.reject(error);
    }
    next.then(
      (r) => {
        pulling = false;
        if (r.done) endedAt = { how: 'returned', at: clock.now - t0 };
        else {
          run.items.push({ index: futures.indexOf(r.value), at: clock.now - t0 });
          if (!s.slow) pull();
        }
      },
      (error: unknown) => {
        pulling = false;
        endedAt = { how: 'threw', error, at: clock.now - t0 };
      },
    );
  };
  const deadline = s.timeoutMs === undefined ? [] : [s.lateBy + s.timeoutMs];
  const times = [...new Set([0, s.lateBy, ...s.plans.filter((f) => ends(f) && !f.already).map((f) => f.endAt), ...deadline])].sort((a, b) => a - b);
  const markEnd = () => {
    if (endedAt && !run.ended) run.ended = { ...endedAt, timers: clock.pendingTimers() };
  };
  for (const t of times) {
    await clock.advance(t - (clock.now - t0));
    endAt(t);
    if (t === s.lateBy) {
      try {
        iterator = iterable[Symbol.asyncIterator]();
      } catch (error) {
        if (isNotImplemented(error)) throw error;
        endedAt = { how: 'threw', error, at: t };
      }
    }
    if (t === s.lateBy || (t > s.lateBy && !s.slow)) pull();
    await settle(clock);
    markEnd();
  }
  // A busy reader catches up once nothing else happens; the clock stays put.
  for (let i = 0; i < input.length + 2 && !endedAt; i++) {
    pull();
    await settle(clock);
  }
  markEnd();
  return run;
}

export const describeAsCompletedStory = (s: AsCompletedStory) =>
  `asCompleted(futures${s.timeoutMs === undefined ? '' : `, ${s.timeoutMs}`}) with ${s.plans.length === 0 ? 'no futures' : s.plans.map(describeFuture).join(', ')}` +
  `${s.dupes.length && s.plans.length ? ` (${s.dupes.length} listed twice)` : ''}, iterated from ${s.lateBy} ms by a ${s.slow ? 'busy reader (it takes one future, then reads again only after every other future completed)' : 'reader that takes each at once'}`;

export const showIndexes = (items: Array<{ index: number; at: number }>) => show(items.map((x) => `#${x.index}@${x.at}`));
