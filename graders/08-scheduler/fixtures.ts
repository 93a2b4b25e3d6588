// Jobs and scenarios for the 08-scheduler grader: fake jobs that take virtual
// time or wait for the grader, and the expected start order written from the rules.
import type { JobHandle } from '@exercise/08-scheduler';
import { type Timeline, type VirtualClock } from '../support';

/**
 * A job that takes `ms` of virtual time per run (ms(k) for run k, 1-based), fails when `fails(k)`, and records its spans.
 * With `throwsNow`, a failing run throws synchronously, at the call, instead of rejecting after its time.
 */
export function timedJob(
  clock: VirtualClock,
  timeline: Timeline,
  label: string,
  ms: number | ((run: number) => number),
  fails: (run: number) => boolean = () => false,
  throwsNow = false,
) {
  const starts: number[] = [];
  const ends: number[] = [];
  const errors: Error[] = [];
  const job = () => {
    const k = starts.length + 1;
    starts.push(clock.now);
    const end = timeline.begin(k > 1 ? `${label} (${k})` : label);
    if (throwsNow && fails(k)) {
      ends.push(clock.now);
      end(true);
      const error = new Error(`${label} attempt ${k} threw`);
      errors.push(error);
      throw error;
    }
    const took = typeof ms === 'number' ? ms : ms(k);
    return new Promise<string>((resolve, reject) =>
      setTimeout(() => {
        ends.push(clock.now);
        end(fails(k));
        if (fails(k)) {
          const error = new Error(`${label} attempt ${k} failed`);
          errors.push(error);
          reject(error);
        } else resolve(`${label} done`);
      }, took),
    );
  };
  return { job, starts, ends, errors };
}

/** A job whose runs end only when the grader says so. */
export function heldJob(clock: VirtualClock, timeline: Timeline, label: string) {
  const runs: Array<{ at: number; finish: (ok?: boolean) => void }> = [];
  const job = () =>
    new Promise<string>((resolve, reject) => {
      const end = timeline.begin(runs.length > 0 ? `${label} (${runs.length + 1})` : label);
      runs.push({
        at: clock.now,
        finish: (ok = true) => {
          end(!ok);
          if (ok) resolve(`${label} done`);
          else reject(new Error(`${label} failed`));
        },
      });
    });
  return { job, runs };
}

export type DoneState = { status: 'pending' } | { status: 'fulfilled'; value: unknown } | { status: 'rejected'; reason: unknown };

/** Watch a handle's done without waiting for it (and without leaving it unhandled). */
export function watch(handle: JobHandle<unknown>): { readonly state: DoneState } {
  const box: { state: DoneState } = { state: { status: 'pending' } };
  handle.done.then(
    (value) => (box.state = { status: 'fulfilled', value }),
    (reason: unknown) => (box.state = { status: 'rejected', reason }),
  );
  return box;
}

/** The order the rules start due jobs in: higher priority, then earlier due time, then earlier schedule() call. */
export function ruleOrder<T extends { priority: number; dueAt: number; id: number }>(jobs: T[]): T[] {
  return [...jobs].sort((a, b) => b.priority - a.priority || a.dueAt - b.dueAt || a.id - b.id);
}

/** Ticks of a recurring job whose k-th run takes durations[k]: start + k * everyMs, skipping ticks missed while it ran. */
export function expectedTicks(start: number, everyMs: number, durations: number[]): number[] {
  const starts: number[] = [];
  let tick = 0;
  for (const d of durations) {
    const at = start + tick * everyMs;
    starts.push(at);
    tick = Math.max(tick + 1, Math.ceil((at + d - start) / everyMs));
  }
  return starts;
}
