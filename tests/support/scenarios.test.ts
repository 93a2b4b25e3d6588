// The shared scenarios: the FIFO scheduling oracle, the plan generators, the
// property + clock scaffold, and trace comparison. A bug here would make every
// timing check of 02/06 wrong at once, so it is pinned here first.
import { CheckFailure } from '../../graders/support/feedback';
import { fc } from '../../graders/support/property';
import { distinctEnds, ensureSameTrace, holdsOnClock, jobPlans, listSchedule, timedPlans } from '../../graders/support/scenarios';

test('listSchedule: no limit starts everything at 0', () => {
  expect(listSchedule([3, 1, 2])).toEqual([
    { start: 0, end: 3 },
    { start: 0, end: 1 },
    { start: 0, end: 2 },
  ]);
});

test('listSchedule: a freed slot takes the next job in input order at once', () => {
  // limit 2: jobs 0 and 1 start at 0; job 1 ends at 1 and job 2 takes its slot; job 3 takes the slot freed at 3.
  expect(listSchedule([5, 1, 2, 4], 2)).toEqual([
    { start: 0, end: 5 },
    { start: 0, end: 1 },
    { start: 1, end: 3 },
    { start: 3, end: 7 },
  ]);
  expect(listSchedule([], 3)).toEqual([]);
});

test('distinctEnds tells ties apart', () => {
  expect(distinctEnds([1, 2, 3])).toBe(true);
  expect(distinctEnds([2, 2])).toBe(false);
  expect(distinctEnds([2, 1, 1], 1)).toBe(true); // ends 2, 3, 4
});

test('timedPlans: distinct durations, names in order, failures only when asked', () => {
  fc.assert(
    fc.property(timedPlans({ minLength: 1, maxLength: 6, failures: false }), (plan) => {
      expect(new Set(plan.map((s) => s.ms)).size).toBe(plan.length);
      expect(plan.map((s) => s.name)).toEqual(plan.map((_, i) => `src${i}`));
      expect(plan.every((s) => !s.fails)).toBe(true);
    }),
  );
  fc.assert(fc.property(jobPlans({ failures: false, minLength: 2, maxLength: 3 }), (plan) => plan.length >= 2 && plan.length <= 3));
});

test('holdsOnClock gives each run a fresh clock at 0, a timeline and fakes, and uninstalls after', async () => {
  const realSetTimeout = setTimeout;
  const seen: number[] = [];
  await holdsOnClock(
    fc.integer({ min: 1, max: 100 }),
    async (ms, { clock, timeline, fakes }) => {
      seen.push(clock.now);
      const op = fakes.op('x', { ms, result: { value: ms }, throwsSync: false, thenable: false, onAbort: 'stop', cleanupMs: 0 });
      const outcome = await clock.run(() => op());
      expect(outcome).toMatchObject({ status: 'fulfilled', value: ms, at: ms });
      expect(timeline.spans).toHaveLength(1);
    },
    { numRuns: 5 },
  );
  expect(seen).toEqual([0, 0, 0, 0, 0]);
  expect(setTimeout).toBe(realSetTimeout);
});

test('holdsOnClock turns a failing body into a CheckFailure with a replay command', async () => {
  await expect(holdsOnClock(fc.constant(1), async () => Promise.reject(new CheckFailure('wrong')))).rejects.toThrow(/wrong[\s\S]*Replay exactly this run/);
});

test('holdsOnClock records unhandled rejections in the scene instead of failing', async () => {
  let count = -1;
  await holdsOnClock(
    fc.constant(0),
    async (_v, { unhandled }) => {
      void Promise.reject(new Error('dropped'));
      await new Promise((resolve) => setImmediate(resolve));
      count = unhandled.length;
    },
    { numRuns: 1 },
  );
  expect(count).toBe(1);
});

describe('ensureSameTrace', () => {
  const e = (at: number, kind: string, value?: unknown) => ({ at, kind, value });
  test('equal traces pass; values compare by identity', () => {
    const v = { a: 1 };
    expect(() => ensureSameTrace([e(0, 'start'), e(5, 'end', v)], [e(0, 'start'), e(5, 'end', v)], { what: 'x' })).not.toThrow();
    expect(() => ensureSameTrace([e(0, 'end', { a: 1 })], [e(0, 'end', v)], { what: 'x' })).toThrow(/the very same value/);
    expect(() => ensureSameTrace([e(0, 'end', Number.NaN)], [e(0, 'end', Number.NaN)], { what: 'x' })).not.toThrow();
  });
  test('the first divergence is named: wrong time, wrong kind, missing, extra', () => {
    expect(() => ensureSameTrace([e(1, 'a')], [e(2, 'a')], { what: 'run' })).toThrow(/run: the effects diverge from the rules at effect 1: a came at 1 ms, but the rules give 2 ms/);
    expect(() => ensureSameTrace([e(1, 'b')], [e(1, 'a')], { what: 'run' })).toThrow(/effect 1 was b at 1 ms, but the rules give a at 1 ms/);
    expect(() => ensureSameTrace([], [e(3, 'a')], { what: 'run' })).toThrow(/expected next: a at 3 ms, and it never came/);
    expect(() => ensureSameTrace([e(0, 'a'), e(4, 'z')], [e(0, 'a')], { what: 'run' })).toThrow(/z at 4 ms came after the last expected effect/);
  });
  test('the hint and the picture are part of the message', () => {
    expect(() => ensureSameTrace([], [e(0, 'a')], { what: 'run', picture: 'PICTURE', hint: () => 'HINT' })).toThrow(/HINT[\s\S]*PICTURE/);
  });
});
