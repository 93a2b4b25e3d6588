// Several callers waiting on ONE future at once, each with its own deadline
// (or none), while the grader ends the future at a chosen instant (a value, an
// error, a cancel, or never). The grader owns no timer here: it moves the clock
// itself, from one instant of the story to the next, so every timer counted at
// an instant is the learner's.
import { Future } from '@exercise/03-futures';
import { fc, isNotImplemented, settle, show, type VirtualClock } from '../support';
import { isCancelled, isTimeout } from './fixtures';
import { anyReason, anyValue } from './scenarios';

export type Ending = 'value' | 'error' | 'cancel' | 'never';

export interface WaiterPlan {
  method: 'result' | 'exception';
  /** When this caller starts waiting. */
  startAt: number;
  timeoutMs?: number;
}

export interface WaitersPlan {
  ending: Ending;
  /** When the grader ends the future (ignored for 'never'). */
  endAt: number;
  payload: unknown;
  waiters: WaiterPlan[];
}

/** Stories: 1 to 4 callers; deadlines never tie with the ending (the order of a tie is not the lesson's). */
export const waitersPlans = (): fc.Arbitrary<WaitersPlan> =>
  fc
    .record({
      ending: fc.constantFrom<Ending>('value', 'error', 'cancel', 'never'),
      endAt: fc.integer({ min: 0, max: 400 }),
      value: anyValue(),
      reason: anyReason(),
      waiters: fc.array(
        fc.record({
          method: fc.constantFrom<'result' | 'exception'>('result', 'exception'),
          startAt: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 500 })),
          timeoutMs: fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 600 })), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    })
    .map(({ ending, endAt, value, reason, waiters }) => ({ ending, endAt, payload: ending === 'value' ? value : reason, waiters }))
    .filter((p) => p.waiters.every((w) => w.timeoutMs === undefined || p.ending === 'never' || w.startAt + w.timeoutMs !== p.endAt))
    // A caller without a deadline on a future that never ends would wait forever: that is the caller's choice, not a story.
    .filter((p) => p.ending !== 'never' || p.waiters.every((w) => w.timeoutMs !== undefined));

export type Seen = { status: 'pending' } | { status: 'fulfilled'; value: unknown; at: number } | { status: 'rejected'; reason: unknown; at: number };

export interface Expected {
  status: 'fulfilled' | 'rejected';
  at: number;
  /** For messages: "the value 0", "TimeoutError"... */
  what: string;
  matches: (seen: Seen) => boolean;
}

const describeCall = (w: WaiterPlan) => `${w.method}(${w.timeoutMs ?? ''})`;
export const describeWaiter = (w: WaiterPlan, i: number) => `caller ${i + 1}: ${describeCall(w)} from ${w.startAt} ms`;
export const describePlan = (p: WaitersPlan) =>
  `the future ${p.ending === 'never' ? 'never ends' : `${p.ending === 'value' ? `gets the value ${show(p.payload)}` : p.ending === 'error' ? `fails with ${show(p.payload)}` : 'is cancelled'} at ${p.endAt} ms`}`;

/** What the lesson says caller `w` gets, and when. */
export function expectedFor(p: WaitersPlan, w: WaiterPlan): Expected {
  const ended = p.ending !== 'never';
  const doneAtStart = ended && p.endAt <= w.startAt;
  const deadline = w.timeoutMs === undefined ? Infinity : w.startAt + w.timeoutMs;
  if (!doneAtStart && (!ended || deadline < p.endAt)) {
    return { status: 'rejected', at: deadline, what: 'a TimeoutError', matches: (s) => s.status === 'rejected' && isTimeout(s.reason) };
  }
  const at = Math.max(w.startAt, p.endAt);
  if (p.ending === 'cancel') return { status: 'rejected', at, what: 'a CancelledError', matches: (s) => s.status === 'rejected' && isCancelled(s.reason) };
  if (p.ending === 'value') {
    return w.method === 'result'
      ? { status: 'fulfilled', at, what: `the value ${show(p.payload)}`, matches: (s) => s.status === 'fulfilled' && Object.is(s.value, p.payload) }
      : { status: 'fulfilled', at, what: 'null (no exception)', matches: (s) => s.status === 'fulfilled' && s.value === null };
  }
  return w.method === 'result'
    ? { status: 'rejected', at, what: `a rejection with that error itself (${show(p.payload)})`, matches: (s) => s.status === 'rejected' && Object.is(s.reason, p.payload) }
    : { status: 'fulfilled', at, what: `that error itself (${show(p.payload)}) as its value`, matches: (s) => s.status === 'fulfilled' && Object.is(s.value, p.payload) };
}

export interface WaitersRun {
  seen: Seen[];
  /** At each instant of the story: the timers scheduled, and how many callers were still waiting with a deadline. */
  instants: Array<{ at: number; timers: number; waitingWithDeadline: number }>;
  /** done() of the future after every caller's deadline passed, when it should still be pending. */
  pendingAfterTimeouts: boolean;
}

/** Play one story on the clock: callers start, the future ends, deadlines pass; the clock only moves between instants. */
export async function playWaiters(clock: VirtualClock, p: WaitersPlan): Promise<WaitersRun> {
  const future = new Future<unknown>();
  const t0 = clock.now;
  const seen: Seen[] = p.waiters.map(() => ({ status: 'pending' }));
  const instants: WaitersRun['instants'] = [];
  const deadlines = p.waiters.map((w) => (w.timeoutMs === undefined ? Infinity : w.startAt + w.timeoutMs));
  const times = [...new Set([...p.waiters.map((w) => w.startAt), ...(p.ending === 'never' ? [] : [p.endAt]), ...deadlines.filter(Number.isFinite)])].sort((a, b) => a - b);
  for (const t of times) {
    await clock.advance(t - (clock.now - t0));
    await settle(clock);
    if (p.ending !== 'never' && t === p.endAt) {
      if (p.ending === 'value') future.setResult(p.payload);
      else if (p.ending === 'error') future.setException(p.payload);
      else future.cancel();
    }
    p.waiters.forEach((w, i) => {
      if (w.startAt !== t) return;
      let promise: Promise<unknown>;
      try {
        promise = w.method === 'result' ? future.result(w.timeoutMs) : future.exception(w.timeoutMs);
      } catch (error) {
        if (isNotImplemented(error)) throw error;
        promise = Promise.reject(error);
      }
      Promise.resolve(promise).then(
        (value) => (seen[i] = { status: 'fulfilled', value, at: clock.now - t0 }),
        (reason) => (seen[i] = { status: 'rejected', reason, at: clock.now - t0 }),
      );
    });
    await settle(clock);
    const waitingWithDeadline = p.waiters.filter((w, i) => seen[i].status === 'pending' && w.startAt <= t && deadlines[i] > t).length;
    instants.push({ at: t, timers: clock.pendingTimers(), waitingWithDeadline });
  }
  const pendingAfterTimeouts = p.ending === 'never' ? !future.done() : true;
  return { seen, instants, pendingAfterTimeouts };
}

export const showSeen = (s: Seen) =>
  s.status === 'pending' ? 'never settled' : s.status === 'fulfilled' ? `resolved with ${show(s.value)} at ${s.at} ms` : `rejected with ${show(s.reason)} at ${s.at} ms`;
