// Scenarios shared by the fake-clock graders: the random "plans" of timed
// tasks, the FIFO scheduling oracle (where each task starts and ends when
// tasks start in input order under a limit), the property + virtual clock +
// timeline scaffold every timing check repeats, and traces compared with a
// model of the rules, first divergence first.
import { fakes, watchUnhandledRejections, type Fakes } from './adversarial';
import { onVirtualClock, type VirtualClock } from './clock';
import { CheckFailure, show } from './feedback';
import { delays, fc, holds } from './property';
import { renderTimeline, Timeline } from './timeline';

// ------------------------------------------------------------------ plans

/** One timed task of a plan: its label, how long it takes, whether it fails. */
export interface TimedStep {
  name: string;
  ms: number;
  fails: boolean;
}

/**
 * Random plans of named tasks (`src0`, `src1`...) with distinct durations (so
 * "the first to finish" is never a tie), some failing if `failures`.
 */
export const timedPlans = (options: { minLength?: number; maxLength?: number; failures: boolean; maxMs?: number }) =>
  fc
    .uniqueArray(delays({ max: options.maxMs ?? 5_000 }), { minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 6 })
    .chain((ms) =>
      fc.tuple(fc.constant(ms), fc.array(options.failures ? fc.boolean() : fc.constant(false), { minLength: ms.length, maxLength: ms.length })),
    )
    .map(([ms, fails]): TimedStep[] => ms.map((d, i) => ({ name: `src${i}`, ms: d, fails: fails[i] })));

/** Random jobs: durations up to `maxMs` (default 3 s), some failing if `failures`. */
export const jobPlans = (options: { failures: boolean; minLength?: number; maxLength?: number; maxMs?: number }) =>
  fc.array(fc.record({ ms: delays({ max: options.maxMs ?? 3_000 }), fails: options.failures ? fc.boolean() : fc.constant(false) }), {
    minLength: options.minLength ?? 1,
    maxLength: options.maxLength ?? 7,
  });

/** A concurrency limit from 1 to `max`, or none. */
export const limits = (max = 4) => fc.option(fc.integer({ min: 1, max }), { nil: undefined });

// ------------------------------------------------------- the scheduling oracle

/**
 * Where each task starts and ends when tasks start in input order, each as
 * soon as one of `limit` slots is free (FIFO list scheduling).
 */
export function listSchedule(ms: number[], limit = Infinity): Array<{ start: number; end: number }> {
  const slots: number[] = []; // when each slot is free again
  return ms.map((d) => {
    if (slots.length < limit) {
      slots.push(d);
      return { start: 0, end: d };
    }
    const k = slots.indexOf(Math.min(...slots));
    const start = slots[k];
    slots[k] = start + d;
    return { start, end: start + d };
  });
}

/** No two tasks end at the same instant, so "who was running when" has one answer. */
export function distinctEnds(ms: number[], limit?: number): boolean {
  const ends = listSchedule(ms, limit).map((s) => s.end);
  return new Set(ends).size === ends.length;
}

// ------------------------------------------------------- the property scaffold

/** What a check body gets for one generated value: a fresh virtual clock, a timeline on it, and the grader's fakes. */
export interface ClockScene {
  clock: VirtualClock;
  timeline: Timeline;
  fakes: Fakes;
  /**
   * Rejections the code under test left unhandled during this run, so far. They are set aside (jest would
   * otherwise fail whichever check runs with a raw error): the check about that rule reads them here.
   */
  unhandled: unknown[];
}

/**
 * The property `body` holds for every value of `arb`, each run on a fresh
 * virtual clock with its own timeline: `holds(fc.asyncProperty(arb, (v) =>
 * onVirtualClock(...)))` in one call. Several arbitraries: pass fc.tuple(...).
 * Unhandled rejections are recorded in `scene.unhandled` instead of failing the check.
 */
export function holdsOnClock<T>(
  arb: fc.Arbitrary<T>,
  body: (value: T, scene: ClockScene) => Promise<void>,
  parameters: fc.Parameters<[T]> = {},
): Promise<void> {
  return holds(
    fc.asyncProperty(arb, (value) =>
      watchUnhandledRejections((unhandled) =>
        onVirtualClock(async (clock) => {
          const timeline = new Timeline(() => clock.now);
          await body(value, { clock, timeline, fakes: fakes(clock, timeline), unhandled });
        }),
      ),
    ),
    parameters,
  );
}

// -------------------------------------------------------------------- traces

/** One effect at a virtual instant: `kind` names it, `value` is compared by identity (Object.is), `detail` only shown. */
export interface TraceEvent {
  at: number;
  kind: string;
  value?: unknown;
  detail?: string;
}

const line = (e: TraceEvent | undefined) => (e ? `${String(e.at).padStart(6)} ms  ${e.kind}${e.detail ? ` ${e.detail}` : ''}` : '        (nothing)');

/**
 * Compare the effects the code under test produced with those a model of the
 * rules expects. On the first divergence, fail with both traces up to there
 * (and the timeline), so the learner sees which effect came at the wrong time,
 * in the wrong order, with the wrong value, or not at all.
 */
export function ensureSameTrace(observed: TraceEvent[], expected: TraceEvent[], context: { what: string; picture?: string | Timeline; hint?: (at: number) => string | undefined }): void {
  const n = Math.max(observed.length, expected.length);
  for (let i = 0; i < n; i++) {
    const o = observed[i];
    const e = expected[i];
    if (o && e && o.at === e.at && o.kind === e.kind && Object.is(o.value, e.value)) continue;
    const shown = (trace: TraceEvent[]) => trace.slice(Math.max(0, i - 6), i + 1).map(line).join('\n');
    const what =
      !o
        ? `expected next: ${e!.kind}${e!.detail ? ` ${e!.detail}` : ''} at ${e!.at} ms, and it never came`
        : !e
          ? `${o.kind}${o.detail ? ` ${o.detail}` : ''} at ${o.at} ms came after the last expected effect`
          : o.kind !== e.kind
            ? `effect ${i + 1} was ${o.kind}${o.detail ? ` ${o.detail}` : ''} at ${o.at} ms, but the rules give ${e.kind}${e.detail ? ` ${e.detail}` : ''} at ${e.at} ms`
            : o.at !== e.at
              ? `${o.kind}${o.detail ? ` ${o.detail}` : ''} came at ${o.at} ms, but the rules give ${e.at} ms`
              : `${o.kind} carried ${show(o.value)}, but the rules give ${show(e.value)} (the very same value)`;
    const hint = context.hint?.(i);
    // A Timeline travels as its record too (drawn as SVG in report.html), like fail()'s picture.
    const record = context.picture instanceof Timeline ? context.picture.record() : undefined;
    const picture = record ? renderTimeline(record) : (context.picture as string | undefined);
    throw new CheckFailure(
      [
        `${context.what}: the effects diverge from the rules at effect ${i + 1}: ${what}.`,
        ...(hint ? [hint] : []),
        '',
        'Your effects, up to there:',
        shown(observed),
        'What the rules give:',
        shown(expected),
        ...(picture ? ['', picture] : []),
      ].join('\n'),
      record,
    );
  }
}
