// Grader for 02-async-dashboard. Lesson: one event loop, many overlapping
// waits, so the total time is that of the slowest call, not the sum.
// Every timing here is virtual (fake clock): a 5-second source costs microseconds.
import { dashboard, dashboardSettled, gather } from '@exercise/02-async-dashboard';
import {
  check,
  delays,
  ensure,
  exact,
  fail,
  fc,
  holds,
  names,
  onVirtualClock,
  reasonOf,
  scheduledTasks,
  settleUnder,
  show,
  Timeline,
  type ExpectedSpan,
  timedTask,
  valueOf,
  type Result,
} from './support';

type Plan = Array<{ name: string; ms: number; fails: boolean }>;

/** Random plans: distinct names, distinct delays (so "first" is never a tie), some failing. */
const plans = (options: { minLength: number; failures: boolean }) =>
  fc
    .uniqueArray(delays(), { minLength: options.minLength, maxLength: 6 })
    .chain((ms) =>
      fc.tuple(
        fc.constant(ms),
        fc.array(options.failures ? fc.boolean() : fc.constant(false), { minLength: ms.length, maxLength: ms.length }),
      ),
    )
    .map(([ms, fails]): Plan => ms.map((d, i) => ({ name: `src${i}`, ms: d, fails: fails[i] })));

const errorFor = (name: string) => new Error(`${name} is down`);
const valueFor = (name: string) => ({ from: name });
const resultFor = (step: Plan[number]): Result<{ from: string }> =>
  step.fails ? { error: errorFor(step.name) } : { value: valueFor(step.name) };

/** Fake sources on the timeline, one per plan step, keyed by name. */
function sourcesFor(plan: Plan, timeline: Timeline) {
  const tasks = plan.map((step) => timedTask(timeline, step.name, step.ms, resultFor(step)));
  return { tasks, sources: Object.fromEntries(plan.map((step, i) => [step.name, tasks[i]])) };
}

/** The timeline a correct solution draws: every source starts at 0 ms and runs for its own time. */
const overlapped = (plan: Plan): ExpectedSpan[] => plan.map((s) => ({ label: s.name, start: 0, end: s.ms, state: s.fails ? 'failed' : 'done' }));

const SEQUENTIAL_HINT =
  'The waits ran one after another. Did you `await` each source inside a loop? ' +
  'Call every source first, then wait for all the promises together (Promise.all).';

// ---------------------------------------------------------------- dashboard

check(4, 'dashboard overlaps every wait: total time = the slowest source', () =>
  holds(
    fc.asyncProperty(plans({ minLength: 1, failures: false }), (plan) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const { sources } = sourcesFor(plan, timeline);
        const outcome = await clock.run(() => dashboard(sources));
        valueOf(outcome, 'dashboard(sources)');
        const slowest = Math.max(...plan.map((s) => s.ms));
        if (outcome.at !== slowest) {
          fail(
            `dashboard took ${outcome.at} ms of virtual time`,
            `the slowest source takes ${slowest} ms`,
            outcome.at > slowest ? SEQUENTIAL_HINT : 'It finished before every source had answered.',
            timeline.expect(overlapped(plan)),
          );
        }
      }),
    ),
  ),
);

check(2, 'dashboard starts every source before any of them finishes', () =>
  holds(
    fc.asyncProperty(plans({ minLength: 2, failures: false }), (plan) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const { sources } = sourcesFor(plan, timeline);
        valueOf(await clock.run(() => dashboard(sources)), 'dashboard(sources)');
        const firstEnd = Math.min(...timeline.spans.map((s) => s.end ?? Infinity));
        const late = timeline.spans.filter((s) => s.start >= firstEnd);
        ensure(timeline.spans.length === plan.length, () => `dashboard started ${timeline.spans.length} of ${plan.length} sources.`);
        if (late.length > 0) {
          fail(
            `source ${late[0].label} started at ${late[0].start} ms`,
            `every source should start at 0 ms, before the first one finishes at ${firstEnd} ms`,
            SEQUENTIAL_HINT,
            timeline.expect(overlapped(plan)),
          );
        }
      }),
    ),
  ),
);

check(2, 'dashboard calls each source exactly once', () =>
  holds(
    fc.asyncProperty(plans({ minLength: 0, failures: false }), (plan) =>
      onVirtualClock(async (clock) => {
        const { tasks, sources } = sourcesFor(plan, new Timeline(() => clock.now));
        valueOf(await clock.run(() => dashboard(sources)), 'dashboard(sources)');
        tasks.forEach((task, i) =>
          ensure(
            task.calls === 1,
            `Source ${plan[i].name} was called ${task.calls} times, but each source should be called exactly once: ` +
              'every call is a new request. Call each source once and keep the promise it returns.',
          ),
        );
      }),
    ),
  ),
);

check(3, 'dashboard keys every result by source name, in source order, whatever order they finish in', () =>
  holds(
    fc.asyncProperty(fc.scheduler(), names({ maxLength: 6 }), async (s, keys) => {
      const tasks = scheduledTasks(s, keys.map(valueFor), (i) => keys[i]);
      const sources = Object.fromEntries(keys.map((k, i) => [k, tasks[i]]));
      const result = valueOf(await settleUnder(s, () => dashboard(sources)), 'dashboard(sources)');
      ensure(
        result !== null && typeof result === 'object',
        `dashboard resolved with ${show(result)}, but it should resolve with an object keyed by source name.`,
      );
      ensure(
        exact(Object.keys(result)) === exact(keys),
        `The result's keys came out as ${show(Object.keys(result))}, but they should be ${show(keys)}: the same keys in the ` +
          "sources' order, whatever order the sources finished in. Did you add each key as its answer arrived? " +
          'Build the object after all answers are in, in source order.',
      );
      for (const k of keys) {
        ensure(
          exact(result[k]) === exact(valueFor(k)),
          `result.${k} is ${show(result[k])}, but source ${k} answered ${show(valueFor(k))}. Each key must hold its own source's answer.`,
        );
      }
    }),
  ),
);

check(2, 'dashboard rejects with the first failure, as soon as it happens', () =>
  holds(
    fc.asyncProperty(
      plans({ minLength: 1, failures: true }).filter((plan) => plan.some((s) => s.fails)),
      (plan) =>
        onVirtualClock(async (clock) => {
          const timeline = new Timeline(() => clock.now);
          const { sources } = sourcesFor(plan, timeline);
          const outcome = await clock.run(() => dashboard(sources));
          const first = plan.filter((s) => s.fails).sort((a, b) => a.ms - b.ms)[0];
          const reason = reasonOf(outcome, 'dashboard(sources)', 'Did you catch the error and carry on? Let it reach the caller.');
          ensure(
            reason === errorFor(first.name) || (reason instanceof Error && reason.message === errorFor(first.name).message),
            `dashboard rejected with ${show(reason)}, but the first source to fail was ${first.name} (${show(errorFor(first.name))}). ` +
              'Reject with the error itself, not a new one, and not a later failure.',
          );
          if (outcome.at !== first.ms) {
            fail(
              `dashboard rejected at ${outcome.at} ms`,
              `${first.name} failed at ${first.ms} ms and the caller should hear of it at once`,
              'Did you wait for every source to settle before looking for errors? Promise.all rejects as soon as one input does.',
              timeline.expect(overlapped(plan)),
            );
          }
        }),
    ),
  ),
);

check(3, 'dashboardSettled reports every outcome by name and never rejects', () =>
  holds(
    fc.asyncProperty(plans({ minLength: 0, failures: true }), (plan) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const { sources } = sourcesFor(plan, timeline);
        const outcome = await clock.run(() => dashboardSettled(sources));
        const result = valueOf(outcome, 'dashboardSettled(sources) (it must never reject)');
        const expected = Object.fromEntries(
          plan.map((s) => [s.name, s.fails ? { status: 'rejected', reason: errorFor(s.name) } : { status: 'fulfilled', value: valueFor(s.name) }]),
        );
        ensure(
          exact(result) === exact(expected),
          `dashboardSettled resolved with ${show(result)}, but expected ${show(expected)}: one ` +
            "{ status, value } or { status, reason } per source, in the sources' order.",
        );
        const slowest = Math.max(0, ...plan.map((s) => s.ms));
        if (outcome.at !== slowest) {
          fail(`dashboardSettled took ${outcome.at} ms`, `the slowest source takes ${slowest} ms`, SEQUENTIAL_HINT, timeline.expect(overlapped(plan)));
        }
      }),
    ),
  ),
);

// ------------------------------------------------------------------- gather

check(2, 'gather returns results in input order, whatever order the tasks finish in', () =>
  holds(
    fc.asyncProperty(fc.scheduler(), fc.array(fc.integer(), { maxLength: 6 }), async (s, values) => {
      const result = valueOf(await settleUnder(s, () => gather(scheduledTasks(s, values))), 'gather(tasks)');
      ensure(
        exact(result) === exact(values),
        `gather resolved with ${show(result)}, but the tasks' results in input order are ${show(values)}. ` +
          'Did you push each result as it arrived? Keep each result in its own index.',
      );
    }),
  ),
);

check(3, 'gather passes the first failure to the caller at once while the other tasks keep running', () =>
  holds(
    fc.asyncProperty(
      plans({ minLength: 2, failures: true }).filter((plan) => plan.some((s) => s.fails)),
      (plan) =>
        onVirtualClock(async (clock) => {
          const timeline = new Timeline(() => clock.now);
          const { tasks } = sourcesFor(plan, timeline);
          const outcome = await clock.run(() => gather(tasks));
          const first = plan.filter((s) => s.fails).sort((a, b) => a.ms - b.ms)[0];
          const reason = reasonOf(outcome, 'gather(tasks)');
          ensure(
            reason instanceof Error && reason.message === errorFor(first.name).message,
            `gather rejected with ${show(reason)}, but the first task to fail was ${first.name} (${show(errorFor(first.name))}).`,
          );
          if (outcome.at !== first.ms) {
            fail(
              `gather rejected at ${outcome.at} ms`,
              `${first.name} failed at ${first.ms} ms`,
              'Awaiting the promises one by one in a loop hears of a failure only when the loop reaches it. Promise.all hears at once.',
              timeline,
            );
          }
          await clock.advance(Math.max(...plan.map((s) => s.ms)));
          const skipped = plan.filter((_, i) => tasks[i].calls !== 1);
          if (skipped.length > 0) {
            fail(
              `task ${skipped[0].name} was called ${tasks[plan.indexOf(skipped[0])].calls} times`,
              'every task should start once, at the beginning, and run to its end even after another task fails',
              'Start all tasks before waiting on any; a failure must not stop the others from starting.',
              timeline,
            );
          }
        }),
    ),
  ),
);

check(2, 'gather with returnExceptions puts each error in its slot and never rejects', () =>
  holds(
    fc.asyncProperty(plans({ minLength: 0, failures: true }), (plan) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const { tasks } = sourcesFor(plan, timeline);
        const outcome = await clock.run(() => gather(tasks, { returnExceptions: true }));
        const result = valueOf(outcome, 'gather(tasks, { returnExceptions: true }) (it must never reject)');
        const expected = plan.map((s) => (s.fails ? errorFor(s.name) : valueFor(s.name)));
        ensure(
          exact(result) === exact(expected),
          `gather(tasks, { returnExceptions: true }) resolved with ${show(result)}, but expected ${show(expected)}: ` +
            "each task's value or error, in input order.",
        );
        ensure(
          result.every((r, i) => !plan[i].fails || r instanceof Error),
          'A failed slot should hold the Error object itself, so the caller can inspect it.',
        );
        const slowest = Math.max(0, ...plan.map((s) => s.ms));
        if (outcome.at !== slowest) fail(`gather took ${outcome.at} ms`, `the slowest task takes ${slowest} ms`, SEQUENTIAL_HINT, timeline.expect(overlapped(plan)));
      }),
    ),
  ),
);

// ------------------------------------------------------------------ hygiene

check(1, 'leaves no timers behind once everything has settled', () =>
  holds(
    fc.asyncProperty(plans({ minLength: 1, failures: true }), (plan) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const calls: Array<[string, () => Promise<unknown>]> = [
          ['dashboard', () => dashboard(sourcesFor(plan, timeline).sources)],
          ['dashboardSettled', () => dashboardSettled(sourcesFor(plan, timeline).sources)],
          ['gather', () => gather(sourcesFor(plan, timeline).tasks)],
        ];
        for (const [name, call] of calls) {
          const outcome = await clock.run(call);
          if (outcome.status === 'rejected') reasonOf(outcome, name); // surfaces "not implemented"
          if (outcome.status === 'pending') valueOf(outcome, name);
          await clock.advance(Math.max(...plan.map((s) => s.ms))); // let our own slow tasks finish
          const left = clock.pendingTimers();
          ensure(
            left === 0,
            `After ${name} settled and every source finished, ${left} timer(s) were still scheduled. ` +
              'A timer you start (a timeout, a watchdog) must be cleared with clearTimeout once it is no longer needed; ' +
              'otherwise it keeps the process alive and fires long after the work is done.',
          );
        }
      }),
    ),
    { numRuns: 20 },
  ),
);
