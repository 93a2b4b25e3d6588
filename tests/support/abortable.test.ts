// Fake abortable tasks: they take virtual time, honour (or ignore) their
// AbortSignal, and record what happened to every call, for graders to compare
// with a lesson's rules.
import { abortables, abortAt, abortSignalTimeoutHint, plural } from '../../graders/support/abortable';
import { onVirtualClock, type VirtualClock } from '../../graders/support/clock';
import { Timeline } from '../../graders/support/timeline';

function kit(clock: VirtualClock) {
  const timeline = new Timeline(() => clock.now);
  return { timeline, ...abortables(clock, timeline) };
}

test('a task runs for its time, fulfils, and records the call', () =>
  onVirtualClock(async (clock) => {
    const { task, timeline } = kit(clock);
    const fetch = task('fetch', 300, { value: 42 });
    const signal = new AbortController().signal;
    expect(await clock.run(() => fetch(signal, 'extra'))).toEqual({ status: 'fulfilled', value: 42, at: 300 });
    expect(fetch.calls).toBe(1);
    expect(fetch.records).toEqual([{ call: 1, args: [signal, 'extra'], signal, startedAt: 0, settled: 'fulfilled', settledAt: 300 }]);
    expect(timeline.spans).toEqual([{ label: 'fetch', start: 0, end: 300, failed: false }]);
    expect(clock.pendingTimers()).toBe(0);
  }));

test('a failing task rejects with its own error at its time', () =>
  onVirtualClock(async (clock) => {
    const down = new Error('down');
    const fetch = kit(clock).task('fetch', 50, { error: down });
    expect(await clock.run(() => fetch())).toEqual({ status: 'rejected', reason: down, at: 50 });
    expect(fetch.records[0]).toMatchObject({ settled: 'rejected', settledAt: 50 });
    expect(fetch.records[0].signal).toBeUndefined();
  }));

test('an abort stops the task at once: it rejects with the reason and leaves no timer behind', () =>
  onVirtualClock(async (clock) => {
    const { task, timeline } = kit(clock);
    const fetch = task('fetch', 1_000, { value: 'late' });
    const reason = new Error('stop');
    const controller = abortAt(200, reason);
    expect(await clock.run(() => fetch(controller.signal))).toEqual({ status: 'rejected', reason, at: 200 });
    expect(fetch.records[0]).toMatchObject({ abortedAt: 200, abortReason: reason, settled: 'aborted', settledAt: 200 });
    expect(timeline.spans).toEqual([{ label: 'fetch', start: 0, end: 200, failed: true, aborted: true }]);
    expect(timeline.record().spans).toEqual([{ label: 'fetch', start: 0, end: 200, state: 'aborted' }]);
    expect(timeline.render()).toContain('fetch (aborted) |');
    expect(clock.pendingTimers()).toBe(0);
  }));

test('cleanupMs: an aborted task needs that long to stop', () =>
  onVirtualClock(async (clock) => {
    const fetch = kit(clock).task('fetch', 1_000, { value: 'late' }, { cleanupMs: 30 });
    const controller = abortAt(200, 'stop');
    expect(await clock.run(() => fetch(controller.signal))).toEqual({ status: 'rejected', reason: 'stop', at: 230 });
    expect(fetch.records[0]).toMatchObject({ abortedAt: 200, settled: 'aborted', settledAt: 230 });
  }));

test('ignoresAbort: the task sees the abort but runs to its end', () =>
  onVirtualClock(async (clock) => {
    const { task, timeline } = kit(clock);
    const fetch = task('fetch', 1_000, { value: 'anyway' }, { ignoresAbort: true });
    const controller = abortAt(200, 'stop');
    expect(await clock.run(() => fetch(controller.signal))).toEqual({ status: 'fulfilled', value: 'anyway', at: 1_000 });
    expect(fetch.records[0]).toMatchObject({ abortedAt: 200, settled: 'fulfilled', settledAt: 1_000 });
    expect(timeline.spans[0].label).toBe('fetch');
  }));

test('a signal that is already aborted stops the task at the call', () =>
  onVirtualClock(async (clock) => {
    const fetch = kit(clock).task('fetch', 1_000, { value: 'never' });
    await clock.advance(10);
    const signal = AbortSignal.abort('too late');
    expect(await clock.run(() => fetch(signal))).toEqual({ status: 'rejected', reason: 'too late', at: 0 });
    expect(fetch.records[0]).toMatchObject({ startedAt: 10, abortedAt: 10, settled: 'aborted', settledAt: 10 });
    expect(clock.pendingTimers()).toBe(0);
  }));

test('an abort after the task settled changes nothing', () =>
  onVirtualClock(async (clock) => {
    const fetch = kit(clock).task('fetch', 100, { value: 1 });
    const controller = new AbortController();
    await clock.run(() => fetch(controller.signal));
    controller.abort('late');
    expect(fetch.records[0]).toEqual(expect.objectContaining({ settled: 'fulfilled', settledAt: 100 }));
    expect(fetch.records[0].abortedAt).toBeUndefined();
  }));

test('script plays its steps in order and repeats the last; calls are numbered on the timeline', () =>
  onVirtualClock(async (clock) => {
    const { script, timeline } = kit(clock);
    const flaky = script('call', [
      { ms: 10, result: { error: new Error('first') } },
      { ms: 20, result: { error: new Error('second') } },
      { ms: 30, result: { value: 'ok' } },
    ]);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await clock.run(() => flaky()));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r as { reason: Error }).reason.message))).toEqual(['first', 'second', 'ok', 'ok']);
    expect(results.map((r) => r.at)).toEqual([10, 20, 30, 30]);
    expect(flaky.records.map((r) => r.call)).toEqual([1, 2, 3, 4]);
    expect(timeline.spans.map((s) => s.label)).toEqual(['call #1', 'call #2', 'call #3', 'call #4']);
  }));

test('a one-step task called twice numbers its calls too; a script needs a step', () =>
  onVirtualClock(async (clock) => {
    const { task, script, timeline } = kit(clock);
    const once = task('job', 5, { value: 0 });
    await clock.run(() => Promise.all([once(), once()]));
    expect(timeline.spans.map((s) => s.label)).toEqual(['job', 'job #2']);
    expect(() => script('empty', [])).toThrow('abortables.script("empty"): give at least one step');
  }));

test('plural words counts', () => {
  expect(plural(1, 'attempt')).toBe('1 attempt');
  expect(plural(2, 'attempt')).toBe('2 attempts');
  expect(plural(0, 'retry', 'retries')).toBe('0 retries');
});

test('abortSignalTimeoutHint speaks only when the code called AbortSignal.timeout()', () =>
  onVirtualClock(async () => {
    expect(abortSignalTimeoutHint()).toBe('');
    AbortSignal.timeout(100);
    AbortSignal.timeout(100);
    expect(abortSignalTimeoutHint()).toMatch(/^ Your code called AbortSignal\.timeout\(\) 2 time\(s\): its timer cannot be cleared/);
  }));
