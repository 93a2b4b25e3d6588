// Adversarial fakes and leak instruments: what the graders of 02, 06 and 09
// rely on to see a forgotten timer or listener at the instant a race is decided.
import { abortListeners, abortReasons, behaviours, domainReasons, fakes, sharedDomain, watchUnhandledRejections, type Behaviour } from '../../graders/support/adversarial';
import { onVirtualClock } from '../../graders/support/clock';
import { fc } from '../../graders/support/property';
import { Timeline } from '../../graders/support/timeline';

const plain = (over: Partial<Behaviour> = {}): Behaviour => ({ ms: 100, result: { value: 'v' }, throwsSync: false, thenable: false, onAbort: 'stop', cleanupMs: 0, ...over });

const scene = <T>(body: (s: { clock: Parameters<Parameters<typeof onVirtualClock>[0]>[0]; f: ReturnType<typeof fakes> }) => Promise<T>) =>
  onVirtualClock((clock) => body({ clock, f: fakes(clock, new Timeline(() => clock.now)) }));

test('learnerTimers counts only timers the grader did not start', () =>
  scene(async ({ clock, f }) => {
    void f.op('slow', plain({ ms: 1_000, onAbort: 'ignore' }))();
    f.timer(() => undefined, 50);
    expect(clock.pendingTimers()).toBe(2);
    expect(f.learnerTimers()).toBe(0);
    const id = setTimeout(() => undefined, 10); // "the learner's"
    expect(f.learnerTimers()).toBe(1);
    clearTimeout(id);
    await clock.advance(1_000);
    expect(clock.pendingTimers()).toBe(0);
    expect(f.learnerTimers()).toBe(0);
  }));

test('an op that stops on abort rejects with the reason at that instant, after its cleanup', () =>
  scene(async ({ clock, f }) => {
    const op = f.op('op', plain({ cleanupMs: 30 }));
    const controller = new AbortController();
    const outcome = clock.run(() => op(controller.signal));
    f.timer(() => controller.abort('why'), 20);
    expect(await outcome).toMatchObject({ status: 'rejected', reason: 'why', at: 50 });
    expect(op.records[0]).toMatchObject({ abortedAt: 20, abortReason: 'why', settledAt: 50, settled: 'aborted' });
  }));

test.each([
  ['ignore', { status: 'fulfilled', value: 'v', at: 100 }],
  ['fail', { status: 'rejected', at: 20 }],
  ['late-value', { status: 'fulfilled', value: 'v', at: 20 }],
] as const)('onAbort %s', (onAbort, expected) =>
  scene(async ({ clock, f }) => {
    const op = f.op('op', plain({ onAbort }));
    const controller = new AbortController();
    f.timer(() => controller.abort('why'), 20);
    const outcome = await clock.run(() => op(controller.signal));
    expect(outcome).toMatchObject(expected);
    if (onAbort === 'fail') expect((outcome as { reason: Error }).reason.message).toBe('op failed while stopping');
    expect(op.records[0].abortedAt).toBe(20);
  }),
);

test('an op aborted before its call reacts at once; a synchronous thrower throws at the call', () =>
  scene(async ({ clock, f }) => {
    const op = f.op('op', plain());
    const controller = new AbortController();
    controller.abort('before');
    expect(await clock.run(() => op(controller.signal))).toMatchObject({ status: 'rejected', reason: 'before', at: 0 });
    const thrower = f.op('thrower', plain({ result: { error: 0 }, throwsSync: true }));
    expect(() => thrower()).toThrow();
    expect(thrower.records[0]).toMatchObject({ settled: 'threw', settledAt: 0 });
  }));

test('a thenable op is not a Promise but awaits like one, and settles once', () =>
  scene(async ({ clock, f }) => {
    const op = f.op('op', plain({ thenable: true, result: { value: 0 } }));
    let returned: unknown;
    const outcome = await clock.run(() => (returned = op()) as Promise<unknown>);
    expect(returned instanceof Promise).toBe(false);
    expect(outcome).toMatchObject({ status: 'fulfilled', value: 0 });
  }));

test('a scripted op plays its steps in order and repeats the last', () =>
  scene(async ({ clock, f }) => {
    const op = f.op('op', [plain({ result: { error: 'e1' } }), plain({ result: { value: 2 } })]);
    expect(await clock.run(() => op())).toMatchObject({ status: 'rejected', reason: 'e1' });
    expect(await clock.run(() => op())).toMatchObject({ status: 'fulfilled', value: 2 });
    expect(await clock.run(() => op())).toMatchObject({ status: 'fulfilled', value: 2 });
    expect(op.calls).toBe(3);
  }));

test('callerSignal: before, at (after the call returns), after, never', () =>
  scene(async ({ clock, f }) => {
    expect(f.callerSignal({ when: 'before' }, 'r').signal.aborted).toBe(true);
    const at = f.callerSignal({ when: 'at' }, 'r');
    expect(at.signal.aborted).toBe(false);
    at.afterCall();
    expect(at.signal.reason).toBe('r');
    const later = f.callerSignal({ when: 'after', at: 40 }, 'r');
    expect(f.learnerTimers()).toBe(0);
    await clock.advance(40);
    expect(later.signal.aborted).toBe(true);
    expect(f.callerSignal({ when: 'never' }, 'r').signal.aborted).toBe(false);
  }));

test('abortListeners counts listeners on a signal; AbortSignal.any adds none', () => {
  const controller = new AbortController();
  const listener = () => undefined;
  controller.signal.addEventListener('abort', listener);
  void AbortSignal.any([controller.signal]);
  expect(abortListeners(controller.signal)).toBe(1);
  controller.signal.removeEventListener('abort', listener);
  expect(abortListeners(controller.signal)).toBe(0);
});

test('watchUnhandledRejections sees a dropped rejection, not a handled one, and puts jest back', async () => {
  const seen = await watchUnhandledRejections(async (unhandled) => {
    void Promise.reject(new Error('dropped'));
    const handled = Promise.reject(new Error('handled'));
    handled.catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    return [...unhandled];
  });
  expect(seen).toHaveLength(1);
  expect((seen[0] as Error).message).toBe('dropped');
});

test('generators cover the domain: falsy values, non-Error reasons, sharing, no undefined abort reason', () => {
  const reasons = fc.sample(domainReasons, 400);
  expect(reasons.some((r) => r instanceof Error)).toBe(true);
  expect(reasons.some((r) => !(r instanceof Error))).toBe(true);
  expect(reasons.some((r) => r === undefined || r === null || r === 0 || r === '' || r === false)).toBe(true);
  expect(fc.sample(abortReasons, 400).some((r) => r === undefined)).toBe(false);
  const shared = fc.sample(sharedDomain(fc.record({ id: fc.nat() }), 6), 100);
  expect(shared.some((xs) => new Set(xs).size < xs.length)).toBe(true);
  const bs = fc.sample(behaviours({ throwsSync: true, onAbort: ['stop', 'ignore'] }), 300);
  expect(bs.some((b) => b.throwsSync)).toBe(true);
  expect(bs.every((b) => !b.throwsSync || 'error' in b.result)).toBe(true);
});
