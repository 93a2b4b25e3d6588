// The virtual clock: how a call settled and when, "pending" (never a hang) when
// nothing can settle it, limits for runaway timers, timer callbacks that throw,
// and a clean uninstall that gives back every global it patched.
import { abortSignalTimeoutCalls, onVirtualClock, VirtualClock } from '../../graders/support/clock';

const never = () => new Promise<never>(() => undefined);
const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('run()', () => {
  test('reports the value and the virtual time the call took', () =>
    onVirtualClock(async (clock) => {
      const started = process.hrtime.bigint(); // real time: Date is virtual here
      expect(await clock.run(() => after(5_000, 'done'))).toEqual({ status: 'fulfilled', value: 'done', at: 5_000 });
      expect(clock.now).toBe(5_000);
      expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1_000); // five virtual seconds cost no real ones
    }));

  test('measures from the moment it starts, not from install', () =>
    onVirtualClock(async (clock) => {
      await clock.advance(300);
      expect(await clock.run(() => after(200, 1))).toMatchObject({ status: 'fulfilled', at: 200 });
    }));

  test('a rejection and a synchronous throw both read as rejected', () =>
    onVirtualClock(async (clock) => {
      const boom = new Error('boom');
      const late = () => new Promise((_, reject) => setTimeout(() => reject(boom), 40));
      expect(await clock.run(late)).toEqual({ status: 'rejected', reason: boom, at: 40 });
      expect(
        await clock.run(() => {
          throw boom;
        }),
      ).toEqual({ status: 'rejected', reason: boom, at: 0 });
    }));

  test('a call that can never settle is pending at once, with the reason', () =>
    onVirtualClock(async (clock) => {
      const outcome = await clock.run(never);
      expect(outcome).toEqual({ status: 'pending', at: 0, why: 'it never settled, and no timer was left that could settle it' });
    }));

  test('a call that waits on a timer that never settles it is pending once the timers run out', () =>
    onVirtualClock(async (clock) => {
      const outcome = await clock.run(() => new Promise(() => setTimeout(() => undefined, 700)));
      expect(outcome).toMatchObject({ status: 'pending', at: 700, why: 'it never settled, and no timer was left that could settle it' });
    }));

  test('limitMs stops a call that keeps a timer alive forever', () =>
    onVirtualClock(async (clock) => {
      const outcome = await clock.run(() => new Promise(() => setInterval(() => undefined, 1_000)), { limitMs: 5_000 });
      expect(outcome).toEqual({ status: 'pending', at: 5_000, why: 'still pending after 5000 ms of virtual time' });
    }));

  test('the default limit is one virtual hour', () =>
    onVirtualClock(async (clock) => {
      const outcome = await clock.run(() => new Promise(() => setInterval(() => undefined, 60_000)));
      expect(outcome).toMatchObject({ status: 'pending', at: 3_600_000 });
    }));

  test('maxTimers stops a runaway interval that never moves time', () =>
    onVirtualClock(async (clock) => {
      let fired = 0;
      const outcome = await clock.run(() => new Promise(() => setInterval(() => (fired += 1), 0)), { maxTimers: 50 });
      expect(outcome).toEqual({ status: 'pending', at: 0, why: 'still pending after 50 timer callbacks' });
      expect(fired).toBe(50);
    }));

  test('a timer callback that throws does not stop the run: later timers still fire', () =>
    onVirtualClock(async (clock) => {
      const outcome = await clock.run(
        () =>
          new Promise((resolve) => {
            setTimeout(() => {
              throw new Error('a learner timer threw');
            }, 10);
            setTimeout(() => resolve('still settled'), 20);
          }),
      );
      expect(outcome).toEqual({ status: 'fulfilled', value: 'still settled', at: 20 });
    }));

  test('code that awaits many microtasks between timers still settles', () =>
    onVirtualClock(async (clock) => {
      const chain = async () => {
        for (let i = 0; i < 1_000; i++) await Promise.resolve();
        await after(10, null);
        for (let i = 0; i < 1_000; i++) await Promise.resolve();
        return 'long chain';
      };
      expect(await clock.run(chain)).toEqual({ status: 'fulfilled', value: 'long chain', at: 10 });
    }));
});

describe('time and timers', () => {
  test('pendingTimers() counts timers left behind (a leak), and clearing them brings it back to 0', () =>
    onVirtualClock(async (clock) => {
      expect(clock.pendingTimers()).toBe(0);
      const a = setTimeout(() => undefined, 100);
      const b = setInterval(() => undefined, 100);
      expect(clock.pendingTimers()).toBe(2);
      await clock.run(() => after(10, 0));
      expect(clock.pendingTimers()).toBe(2);
      clearTimeout(a);
      clearInterval(b);
      expect(clock.pendingTimers()).toBe(0);
    }));

  test('advance() runs the timers due and the promise callbacks between them', () =>
    onVirtualClock(async (clock) => {
      const seen: string[] = [];
      setTimeout(() => Promise.resolve().then(() => seen.push(`then at ${clock.now}`)), 50);
      setTimeout(() => seen.push(`timer at ${clock.now}`), 80);
      await clock.advance(60);
      expect(seen).toEqual(['then at 50']);
      await clock.advance(40);
      expect(seen).toEqual(['then at 50', 'timer at 80']);
      expect(clock.now).toBe(100);
    }));

  test('Date and performance.now() are virtual and start at 0', () =>
    onVirtualClock(async (clock) => {
      expect(Date.now()).toBe(0);
      expect(performance.now()).toBe(0);
      await clock.advance(1_234);
      expect(Date.now()).toBe(1_234);
      expect(performance.now()).toBe(1_234);
    }));

  test('now is read from the clock: code that patches Date cannot move it', () =>
    onVirtualClock(async (clock) => {
      const realNow = Date.now;
      Date.now = () => 99_999;
      try {
        await clock.advance(5);
        expect(clock.now).toBe(5);
      } finally {
        Date.now = realNow;
      }
    }));
});

describe('AbortSignal.timeout() on virtual time', () => {
  test('fires at its virtual time with a TimeoutError, and its calls are counted', () =>
    onVirtualClock(async (clock) => {
      expect(abortSignalTimeoutCalls()).toBe(0);
      const signal = AbortSignal.timeout(250);
      AbortSignal.timeout(1_000);
      expect(abortSignalTimeoutCalls()).toBe(2);
      await clock.advance(249);
      expect(signal.aborted).toBe(false);
      await clock.advance(1);
      expect(signal.aborted).toBe(true);
      expect((signal.reason as DOMException).name).toBe('TimeoutError');
      expect(clock.pendingTimers()).toBe(1); // the 1 s one cannot be cleared: a leak check sees it
    }));

  test('the count starts again at 0 with every new clock', async () => {
    await onVirtualClock(async () => void AbortSignal.timeout(10));
    await onVirtualClock(async () => expect(abortSignalTimeoutCalls()).toBe(0));
  });
});

describe('install and uninstall', () => {
  const globals = () => ({
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    setInterval: globalThis.setInterval,
    clearInterval: globalThis.clearInterval,
    setImmediate: globalThis.setImmediate,
    queueMicrotask: globalThis.queueMicrotask,
    Date: globalThis.Date,
    performanceNow: performance.now,
    abortSignalTimeout: Object.getOwnPropertyDescriptor(AbortSignal, 'timeout'),
  });

  test('uninstall gives back every global it patched, AbortSignal.timeout included', () => {
    const before = globals();
    const clock = VirtualClock.install();
    const during = globals();
    expect(during.setTimeout).not.toBe(before.setTimeout);
    expect(during.Date).not.toBe(before.Date);
    expect(during.abortSignalTimeout?.value).not.toBe(before.abortSignalTimeout?.value);
    // Never faked: promises and real macrotask boundaries keep working under the clock.
    expect(during.setImmediate).toBe(before.setImmediate);
    expect(during.queueMicrotask).toBe(before.queueMicrotask);
    clock.uninstall();
    expect(globals()).toEqual(before);
    expect(Object.getOwnPropertyDescriptor(AbortSignal, 'timeout')).toEqual(before.abortSignalTimeout);
    expect(Date.now()).toBeGreaterThan(1_600_000_000_000);
  });

  test('onVirtualClock uninstalls even when the body throws, and passes its error on', async () => {
    const before = globals();
    const boom = new Error('body failed');
    await expect(onVirtualClock(async () => Promise.reject(boom))).rejects.toBe(boom);
    expect(globals()).toEqual(before);
  });

  test('onVirtualClock returns what the body returns', async () => {
    await expect(onVirtualClock(async (clock) => (await clock.advance(7), clock.now))).resolves.toBe(7);
  });

  test('after uninstall, real timers run again', async () => {
    await onVirtualClock(async () => undefined);
    await expect(new Promise((resolve) => setTimeout(() => resolve('real'), 1))).resolves.toBe('real');
  });
});
