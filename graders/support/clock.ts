// The virtual clock: @sinonjs/fake-timers with an explicit `toFake` list.
// Without the list fake-timers also fakes nextTick and queueMicrotask and every
// promise stalls (see shared notes). Never mix this with jest.useFakeTimers():
// both wrap the same library and fight over the same globals.
import FakeTimers, { type Clock } from '@sinonjs/fake-timers';
import { attempt } from './outcome';

export const FAKED = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] as const;

// Captured before any clock is installed (setImmediate is never faked): a real
// macrotask boundary flushes every pending microtask, however long the
// learner's await chain is. Shared by every support module that needs it.
const realSetImmediate = setImmediate;
export const macrotask = () => new Promise<void>((resolve) => realSetImmediate(resolve));

export type Outcome<T> =
  | { status: 'fulfilled'; value: T; at: number }
  | { status: 'rejected'; reason: unknown; at: number }
  | { status: 'pending'; at: number; why: string };

export interface RunOptions {
  /** Give up once this much virtual time has passed (default one virtual hour). */
  limitMs?: number;
  /** Give up after this many timer callbacks (a runaway setInterval). */
  maxTimers?: number;
}

// AbortSignal.timeout() schedules its timer inside Node, out of reach of the
// faked globals (measured under jest on Node 20.20: it never fires on virtual
// time, and fires at a random real moment instead). While a clock is
// installed it is replaced by the same thing built on the fake setTimeout, so
// code that uses it is graded on virtual time like everyone else's.
let abortSignalTimeoutUses = 0;

/** How often the code under test called AbortSignal.timeout() since the clock was installed. */
export const abortSignalTimeoutCalls = () => abortSignalTimeoutUses;

function virtualAbortSignalTimeout(): () => void {
  const original = Object.getOwnPropertyDescriptor(AbortSignal, 'timeout');
  abortSignalTimeoutUses = 0;
  Object.defineProperty(AbortSignal, 'timeout', {
    configurable: true,
    writable: true,
    value: (ms: number) => {
      abortSignalTimeoutUses += 1;
      const controller = new AbortController();
      setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
      return controller.signal;
    },
  });
  return () => {
    if (original) Object.defineProperty(AbortSignal, 'timeout', original);
  };
}

export class VirtualClock {
  private constructor(
    private readonly clock: Clock,
    private readonly restoreAbortSignalTimeout: () => void,
  ) {}

  /** Install on this test file's globals. Pair with `uninstall()` (or use `onVirtualClock`). */
  static install(): VirtualClock {
    const clock = FakeTimers.withGlobal(globalThis).install({ toFake: [...FAKED], now: 0, shouldClearNativeTimers: true });
    return new VirtualClock(clock, virtualAbortSignalTimeout());
  }

  /** Virtual milliseconds since install. Read from the clock object, so a learner patching Date cannot move it. */
  get now(): number {
    return this.clock.now;
  }

  /** Timers still scheduled: anything above 0 after a function settled is a leak. */
  pendingTimers(): number {
    return this.clock.countTimers();
  }

  /** Advance virtual time, running timers and the promise callbacks between them. */
  async advance(ms: number): Promise<void> {
    await this.clock.tickAsync(ms);
  }

  /**
   * Start `start()` and drive the clock until its promise settles. Returns how
   * it settled and the virtual time it took; `pending` (with the reason) when no
   * timer is left that could ever settle it, or a limit was reached.
   */
  async run<T>(start: () => T | Promise<T>, options: RunOptions = {}): Promise<Outcome<Awaited<T>>> {
    const { limitMs = 3_600_000, maxTimers = 20_000 } = options;
    const t0 = this.now;
    let outcome: Outcome<Awaited<T>> | undefined;
    const promise = attempt(start);
    promise.then(
      (value) => (outcome = { status: 'fulfilled', value, at: this.now - t0 }),
      (reason) => (outcome = { status: 'rejected', reason, at: this.now - t0 }),
    );
    for (let fired = 0; ; fired++) {
      await macrotask();
      if (outcome) return outcome;
      if (this.clock.countTimers() === 0) {
        return { status: 'pending', at: this.now - t0, why: 'it never settled, and no timer was left that could settle it' };
      }
      if (this.now - t0 >= limitMs) return { status: 'pending', at: this.now - t0, why: `still pending after ${limitMs} ms of virtual time` };
      if (fired >= maxTimers) return { status: 'pending', at: this.now - t0, why: `still pending after ${maxTimers} timer callbacks` };
      try {
        await this.clock.nextAsync();
      } catch {
        // A learner's timer callback threw. Node would crash on it; here the
        // outcome (or the leak check) reports the consequence instead.
      }
    }
  }

  uninstall(): void {
    this.restoreAbortSignalTimeout();
    this.clock.uninstall();
  }
}

/** Run `body` with a fresh virtual clock installed, and always uninstall it. */
export async function onVirtualClock<T>(body: (clock: VirtualClock) => Promise<T>): Promise<T> {
  const clock = VirtualClock.install();
  try {
    return await body(clock);
  } finally {
    clock.uninstall();
  }
}
