// Fake abortable work for graders: jobs that take `ms` of virtual time, take an
// AbortSignal like real cancellable APIs (fetch, timers/promises), and record
// what happened to them: when they were called, when their signal aborted, when
// they settled. Graders compare those records with the rules; the spans go on a
// Timeline so a failure message can draw them.
//
// Also: `abortSignalTimeoutHint()`, for messages about AbortSignal.timeout(),
// which `onVirtualClock` (clock.ts) puts on virtual time. Why: @sinonjs/fake-timers
// fakes the global timers and node:timers(/promises), but AbortSignal.timeout() schedules its timer inside Node, out of the fake
// clock's reach (measured under jest on Node 20.20: it never fires on virtual
// time, and fires at a random *real* moment instead, which would make grades
// flake). During a check it is replaced by the same thing built on the faked
// setTimeout, so learner code that uses it is graded on virtual time like any
// other. Its timer still cannot be cleared early, so leak checks catch it, and
// `abortSignalTimeoutHint()` lets their messages say why.
import { abortSignalTimeoutCalls, type VirtualClock } from './clock';
import type { Result, Timeline } from './timeline';

export interface AbortableOptions {
  /** Virtual ms the task needs to stop once its signal aborts (cleanup). Default 0: it stops at that instant. */
  cleanupMs?: number;
  /** The task never looks at its signal and runs to its end, like code that ignores cancellation. */
  ignoresAbort?: boolean;
}

/** What happened to one call of a fake task. Times are virtual ms. */
export interface CallRecord {
  /** 1 for the first call, 2 for the second... */
  call: number;
  /** Every argument the caller passed (the signal first, by convention). */
  args: unknown[];
  /** The signal the task was given, if the first argument looked like one. */
  signal?: AbortSignal;
  startedAt: number;
  /** When the task saw its signal abort (at the call if it was already aborted). */
  abortedAt?: number;
  abortReason?: unknown;
  settledAt?: number;
  /** How the task settled: its own result, or rejected with the abort reason ('aborted'). */
  settled?: 'fulfilled' | 'rejected' | 'aborted';
}

export interface AbortableStep<T> {
  ms: number;
  result: Result<T>;
}

/** A fake task: call it (with a signal) to start one run; its records say what happened. */
export interface AbortableTask<T> {
  (signal?: AbortSignal, ...rest: unknown[]): Promise<T>;
  readonly records: CallRecord[];
  /** Number of calls so far. */
  readonly calls: number;
}

const isSignal = (value: unknown): value is AbortSignal =>
  typeof value === 'object' && value !== null && 'aborted' in value && typeof (value as AbortSignal).addEventListener === 'function';

/**
 * Fake tasks on one virtual clock and one timeline. `task` repeats the same
 * step on every call; `script` plays its steps in order (the last one repeats),
 * e.g. "fail, fail, succeed" for retry.
 */
export function abortables(clock: Pick<VirtualClock, 'now'>, timeline: Timeline) {
  function script<T>(label: string, steps: Array<AbortableStep<T>>, options: AbortableOptions = {}): AbortableTask<T> {
    if (steps.length === 0) throw new Error(`abortables.script("${label}"): give at least one step`);
    const records: CallRecord[] = [];
    const task = (...args: unknown[]): Promise<T> => {
      const record: CallRecord = { call: records.length + 1, args, startedAt: clock.now };
      if (isSignal(args[0])) record.signal = args[0];
      records.push(record);
      const step = steps[Math.min(records.length, steps.length) - 1];
      const spanLabel = steps.length > 1 || records.length > 1 ? `${label} #${record.call}` : label;
      const end = timeline.begin(spanLabel);
      const span = timeline.spans[timeline.spans.length - 1];
      const signal = record.signal;
      return new Promise<T>((resolve, reject) => {
        const settle = (how: NonNullable<CallRecord['settled']>, done: () => void) => {
          if (record.settled) return;
          record.settled = how;
          record.settledAt = clock.now;
          end(how !== 'fulfilled');
          done();
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          if ('error' in step.result) settle('rejected', () => reject((step.result as { error: Error }).error));
          else settle('fulfilled', () => resolve((step.result as { value: T }).value));
        }, step.ms);
        const onAbort = () => {
          record.abortedAt = clock.now;
          record.abortReason = signal?.reason;
          if (options.ignoresAbort) return;
          clearTimeout(timer); // the fake work stops: nothing of ours is left on the clock
          span.aborted = true; // drawn as "<label> (aborted)"
          const stop = () => settle('aborted', () => reject(signal?.reason));
          if (options.cleanupMs) setTimeout(stop, options.cleanupMs);
          else stop();
        };
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
      });
    };
    return Object.defineProperties(task, {
      records: { value: records },
      calls: { get: () => records.length },
    }) as AbortableTask<T>;
  }

  function task<T>(label: string, ms: number, result: Result<T>, options: AbortableOptions = {}): AbortableTask<T> {
    return script(label, [{ ms, result }], options);
  }

  return { task, script };
}

/** An AbortController that aborts with `reason` at virtual time `at` (a timer on the fake clock). */
export function abortAt(at: number, reason: unknown): AbortController {
  const controller = new AbortController();
  setTimeout(() => controller.abort(reason), at);
  return controller;
}

// ------------------------------------------------------------ rendering

/** "1 attempt", "2 attempts"; "1 retry", "0 retries" with the plural given. */
export const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

// ------------------------------------------------ AbortSignal.timeout on virtual time

/** A sentence for leak/timing messages when the code under test used AbortSignal.timeout() in this run. */
export function abortSignalTimeoutHint(): string {
  const timeoutCalls = abortSignalTimeoutCalls();
  if (timeoutCalls === 0) return '';
  return (
    ` Your code called AbortSignal.timeout() ${timeoutCalls} time(s): its timer cannot be cleared when the work ` +
    'finishes early, so it stays scheduled until it fires, and it aborts with a DOMException, not your TimeoutError. ' +
    'Use setTimeout + AbortController (clearTimeout when done), or setTimeout from node:timers/promises with a signal.'
  );
}
