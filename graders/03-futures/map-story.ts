// Stories for Executor.map: items whose function is async, returns a thenable
// that is not a Promise, returns at once or throws at once; values and reasons
// from the whole domain; fewer workers than items; an optional deadline; a
// reader that may break early. The grader settles each item itself when its
// time comes and owns no timer, so the timers counted at the instant the
// reading ends are the learner's. The lesson's answer comes from the ideal
// schedule (oldest item first on the first free worker).
import { Executor } from '@exercise/03-futures';
import { fc, settle, show, type VirtualClock } from '../support';
import { anyReason, anyValue } from './scenarios';

export type ItemKind = 'async' | 'thenable' | 'sync value' | 'sync throw';

export interface ItemPlan {
  kind: ItemKind;
  ms: number;
  fails: boolean;
  payload: unknown;
}

export interface MapStory {
  maxWorkers: number;
  items: ItemPlan[];
  timeoutMs?: number;
  /** Leave the loop (break) after reading this many items (at least one: a for-await loop breaks from its body). */
  breakAfter?: number;
}

const itemPlan = (reasons: fc.Arbitrary<unknown>) =>
  fc
    .record({
      kind: fc.constantFrom<ItemKind>('async', 'async', 'thenable', 'sync value', 'sync throw'),
      ms: fc.integer({ min: 1, max: 300 }),
      fails: fc.boolean(),
      value: anyValue(),
      reason: reasons,
    })
    .map(({ kind, ms, fails, value, reason }) => {
      const sync = kind === 'sync value' || kind === 'sync throw';
      const failing = kind === 'sync throw' || (kind !== 'sync value' && fails);
      return { kind, ms: sync ? 0 : ms, fails: failing, payload: failing ? reason : value };
    });

/** The ideal run: when each item starts and ends, everything submitted at 0. */
export function idealSchedule(s: MapStory) {
  const freeAt = Array.from({ length: s.maxWorkers }, () => 0);
  return s.items.map((item) => {
    freeAt.sort((a, b) => a - b);
    const start = freeAt[0];
    freeAt[0] = start + item.ms;
    return { start, end: start + item.ms };
  });
}

export interface MapExpected {
  /** Items read before the loop ends. */
  read: number;
  end: { how: 'returned' } | { how: 'threw'; item: number } | { how: 'timeout' } | { how: 'break' };
  at: number;
}

/** What the lesson says the reader sees: items in input order, each when it and all before it are done; the first failure, the deadline or a break ends it. */
export function expectedMap(s: MapStory): MapExpected {
  const plan = idealSchedule(s);
  let readyAt = 0;
  for (let i = 0; i < s.items.length; i++) {
    if (s.breakAfter !== undefined && i === s.breakAfter) return { read: i, end: { how: 'break' }, at: readyAt };
    readyAt = Math.max(readyAt, plan[i].end);
    if (s.timeoutMs !== undefined && s.timeoutMs < readyAt) return { read: i, end: { how: 'timeout' }, at: s.timeoutMs };
    if (s.items[i].fails) return { read: i, end: { how: 'threw', item: i }, at: readyAt };
  }
  if (s.breakAfter === s.items.length) return { read: s.items.length, end: { how: 'break' }, at: readyAt };
  return { read: s.items.length, end: { how: 'returned' }, at: readyAt };
}

/** 1 to 3 workers, up to 7 items (usually more items than workers); deadlines never tie with an item's end. */
export const mapStories = (options: { reasons?: fc.Arbitrary<unknown>; early?: 'failure' } = {}): fc.Arbitrary<MapStory> =>
  fc
    .record({
      maxWorkers: fc.integer({ min: 1, max: 3 }),
      // Short lists (empty included) and long ones: a long list is where a break or an error leaves items queued.
      items: fc.oneof(
        fc.array(itemPlan(options.reasons ?? anyReason()), { minLength: 0, maxLength: 7 }),
        fc.array(itemPlan(options.reasons ?? anyReason()), { minLength: 4, maxLength: 7 }),
      ),
      timeoutMs: fc.option(fc.integer({ min: 0, max: 700 }), { nil: undefined, freq: 3 }),
      breakAfter: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined, freq: 3 }),
    })
    .map((s) => (options.early === 'failure' ? { ...s, timeoutMs: undefined, breakAfter: undefined } : s))
    .filter((s) => options.early !== 'failure' || (s.items.length > s.maxWorkers && s.items.slice(0, s.maxWorkers).some((i) => i.fails)))
    .filter((s) => {
      if (s.timeoutMs === undefined) return true;
      const ends = idealSchedule(s).map((p) => p.end);
      return !ends.includes(s.timeoutMs);
    });

export const describeMapStory = (s: MapStory) =>
  `new Executor({ maxWorkers: ${s.maxWorkers} }).map(fn, items${s.timeoutMs === undefined ? '' : `, { timeoutMs: ${s.timeoutMs} }`}) over ` +
  (s.items.length === 0
    ? 'no items'
    : s.items
        .map((it, i) => `#${i} ${it.kind === 'sync value' ? `returns ${show(it.payload)} at once` : it.kind === 'sync throw' ? `throws ${show(it.payload)} at once` : `${it.kind === 'thenable' ? 'a thenable that ' : ''}${it.fails ? `fails with ${show(it.payload)}` : `gives ${show(it.payload)}`} after ${it.ms} ms`}`)
        .join(', ')) +
  (s.breakAfter === undefined ? '' : `, the reader breaking after ${s.breakAfter} item(s)`);

export interface MapRun {
  read: Array<{ value: unknown; at: number }>;
  ended?: { how: 'returned' | 'threw' | 'break'; error?: unknown; at: number; timers: number };
  starts: Array<number | undefined>;
}

/** Play a map story to the end of the reading, then let the items that had started finish. */
export async function playMap(clock: VirtualClock, s: MapStory): Promise<MapRun> {
  const t0 = clock.now;
  const now = () => clock.now - t0;
  const starts: Array<number | undefined> = s.items.map(() => undefined);
  const due: Array<{ at: number; settle: () => void }> = [];
  const fn = (i: number): unknown => {
    const item = s.items[i];
    starts[i] = now();
    if (item.kind === 'sync value') return item.payload;
    if (item.kind === 'sync throw') throw item.payload;
    const finish = (resolve: (v: unknown) => void, reject: (e: unknown) => void) =>
      due.push({ at: now() + item.ms, settle: () => (item.fails ? reject(item.payload) : resolve(item.payload)) });
    if (item.kind === 'async') return new Promise(finish);
    // A thenable that is not a Promise: it settles the callbacks it is given, once, when its time comes.
    let outcome: { ok: boolean; v: unknown } | undefined;
    const waiting: Array<[(v: unknown) => unknown, (e: unknown) => unknown]> = [];
    finish(
      (v) => ((outcome = { ok: true, v }), waiting.splice(0).forEach(([ok]) => ok(v))),
      (e) => ((outcome = { ok: false, v: e }), waiting.splice(0).forEach(([, bad]) => bad(e))),
    );
    return {
      then(onOk?: (v: unknown) => unknown, onBad?: (e: unknown) => unknown) {
        return new Promise((resolve, reject) => {
          const ok = (v: unknown) => (onOk ? resolve(onOk(v)) : resolve(v));
          const bad = (e: unknown) => (onBad ? resolve(onBad(e)) : reject(e));
          if (!outcome) waiting.push([ok, bad]);
          else if (outcome.ok) ok(outcome.v);
          else bad(outcome.v);
        });
      },
    };
  };
  const run: MapRun = { read: [], starts };
  const executor = new Executor({ maxWorkers: s.maxWorkers });
  const iterator = executor.map(fn, s.items.map((_, i) => i), s.timeoutMs === undefined ? {} : { timeoutMs: s.timeoutMs })[Symbol.asyncIterator]();
  let ended: { how: 'returned' | 'threw' | 'break'; error?: unknown; at: number } | undefined;
  let pulling = false;
  const pull = () => {
    if (pulling || ended) return;
    if (s.breakAfter !== undefined && run.read.length === s.breakAfter) {
      ended = { how: 'break', at: now() };
      void Promise.resolve(iterator.return?.()).catch(() => undefined);
      return;
    }
    pulling = true;
    Promise.resolve(iterator.next()).then(
      (r) => {
        pulling = false;
        if (r.done) ended = { how: 'returned', at: now() };
        else {
          run.read.push({ value: r.value, at: now() });
          pull();
        }
      },
      (error: unknown) => {
        pulling = false;
        ended = { how: 'threw', error, at: now() };
      },
    );
  };
  pull();
  await settle(clock);
  for (let guard = 0; guard < 100; guard++) {
    if (ended && !run.ended) run.ended = { ...ended, timers: clock.pendingTimers() };
    const deadline = !ended && s.timeoutMs !== undefined && s.timeoutMs > now() ? [s.timeoutMs] : [];
    const next = Math.min(...due.map((d) => d.at), ...deadline);
    if (!Number.isFinite(next)) break;
    await clock.advance(next - now());
    for (const d of due.filter((x) => x.at === next)) {
      due.splice(due.indexOf(d), 1);
      d.settle();
    }
    await settle(clock);
  }
  if (ended && !run.ended) run.ended = { ...ended, timers: clock.pendingTimers() };
  return run;
}
