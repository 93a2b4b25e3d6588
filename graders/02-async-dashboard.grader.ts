// Grader for 02-async-dashboard. Lesson: one event loop, many overlapping
// waits, so the total time is that of the slowest call, not the sum.
// Every timing here is virtual (fake clock): a 5-second source costs microseconds.
// Sources resolve with values from the whole domain (falsy ones, one object
// shared by several sources), reject with Errors or anything else, throw
// synchronously, or return thenables that are not Promises: results are
// compared by identity, never as text.
import { dashboard, dashboardSettled, gather } from '@exercise/02-async-dashboard';
import {
  behaviours,
  check,
  domainReasons,
  domainValues,
  ensure,
  fail,
  fc,
  firstDifference,
  holds,
  holdsOnClock,
  names,
  reasonOf,
  sameFields,
  sameItems,
  scheduledTasks,
  settleUnder,
  sharedDomain,
  show,
  showReason,
  sizes,
  timedPlans,
  valueOf,
  type Behaviour,
  type ClockScene,
  type TimedStep,
  type ExpectedSpan,
} from './support';

/** One task of a scenario: its plan step and what it does (value or reason from the whole domain, maybe a synchronous throw). */
type Scenario = Array<TimedStep & { behaviour: Behaviour }>;

/**
 * Plans with distinct durations (so "first" is never a tie), each step given a
 * behaviour: values and reasons drawn from the whole domain and shared between
 * steps, sometimes a synchronous throw, sometimes a thenable.
 */
const scenarios = (options: { minLength?: number; maxLength?: number; failures: boolean; throwsSync?: boolean }) =>
  timedPlans(options).chain((plan) =>
    fc
      .tuple(
        sharedDomain(domainValues, plan.length),
        sharedDomain(domainReasons, plan.length),
        fc.array(behaviours({ throwsSync: options.throwsSync, thenables: true }), { minLength: plan.length, maxLength: plan.length }),
      )
      .map(([values, reasons, bs]): Scenario =>
        plan.map((step, i) => ({
          ...step,
          behaviour: {
            ...bs[i],
            ms: step.ms,
            result: step.fails ? { error: reasons[i] } : { value: values[i] },
            throwsSync: step.fails && bs[i].throwsSync,
          },
        })),
      ),
  );

const resultOf = (step: Scenario[number]) => step.behaviour.result;
const valueIn = (step: Scenario[number]) => ('value' in resultOf(step) ? (resultOf(step) as { value: unknown }).value : undefined);
const reasonIn = (step: Scenario[number]) => ('error' in resultOf(step) ? (resultOf(step) as { error: unknown }).error : undefined);

/** Fake sources on the scene's timeline, one per step, keyed by name. */
function sourcesFor(plan: Scenario, { fakes }: ClockScene) {
  const tasks = plan.map((step) => fakes.op(step.name, step.behaviour));
  return { tasks, sources: Object.fromEntries(plan.map((step, i) => [step.name, tasks[i] as () => Promise<unknown>])) };
}

/**
 * The first failure: a synchronous throw comes first (at 0 ms, the first such
 * source in order: it stops the loop that starts them); otherwise the failing
 * step that finishes first.
 */
function firstFailureOf(plan: Scenario): { step: Scenario[number]; at: number } | undefined {
  const thrower = plan.find((s) => s.fails && s.behaviour.throwsSync);
  if (thrower) return { step: thrower, at: 0 };
  const first = plan.filter((s) => s.fails).sort((a, b) => a.ms - b.ms)[0];
  return first && { step: first, at: first.ms };
}

/** When the last task is over: a synchronous throw is over at once. */
const slowestOf = (plan: Scenario) => Math.max(0, ...plan.map((s) => (s.behaviour.throwsSync ? 0 : s.ms)));

/** The timeline a correct solution draws: every source starts at 0 ms and runs for its own time. */
const overlapped = (plan: Scenario): ExpectedSpan[] => plan.map((s) => ({ label: s.name, start: 0, end: s.ms }));

const SEQUENTIAL_HINT =
  'The waits ran one after another. Did you `await` each source inside a loop? ' +
  'Call every source first, then wait for all the promises together (Promise.all).';

const expectedSettled = (step: Scenario[number]) =>
  step.fails ? { status: 'rejected', reason: reasonIn(step) } : { status: 'fulfilled', value: valueIn(step) };

// ---------------------------------------------------------------- dashboard

check(
  4,
  'dashboard overlaps every wait: total time = the slowest source',
  () =>
    holdsOnClock(scenarios({ minLength: 1, failures: false }), async (plan, scene) => {
      const { clock, timeline } = scene;
      const { sources } = sourcesFor(plan, scene);
      const outcome = await clock.run(() => dashboard(sources));
      valueOf(outcome, 'dashboard(sources)');
      const slowest = slowestOf(plan);
      if (outcome.at !== slowest) {
        fail(
          `dashboard took ${outcome.at} ms of virtual time`,
          `the slowest source takes ${slowest} ms`,
          outcome.at > slowest ? SEQUENTIAL_HINT : 'It finished before every source had answered.',
          timeline.expect(overlapped(plan)),
        );
      }
    }),
  { rules: ['dashboard-overlap'] },
);

check(
  2,
  'dashboard starts every source before any of them finishes',
  () =>
    holdsOnClock(scenarios({ minLength: 2, failures: false }), async (plan, scene) => {
      const { clock, timeline } = scene;
      const { sources } = sourcesFor(plan, scene);
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
  { rules: ['dashboard-overlap'] },
);

check(
  2,
  'dashboard calls each source exactly once',
  () =>
    holdsOnClock(
      // From no source at all to many more than a handful.
      sizes().chain((n) => scenarios({ minLength: n, maxLength: n, failures: false })),
      async (plan, scene) => {
        const { tasks, sources } = sourcesFor(plan, scene);
        valueOf(await scene.clock.run(() => dashboard(sources)), `dashboard(${plan.length} sources)`);
        tasks.forEach((task, i) =>
          ensure(
            task.calls === 1,
            `Source ${plan[i].name} (of ${plan.length}) was called ${task.calls} times, but each source should be called exactly once: ` +
              'every call is a new request. Call each source once and keep the promise it returns.',
          ),
        );
      },
      { numRuns: 30 },
    ),
  { rules: ['dashboard-calls-once'] },
);

check(
  3,
  'dashboard keys every result by source name, in source order, whatever order they finish in',
  () =>
    holds(
      fc.asyncProperty(
        fc.scheduler(),
        names({ maxLength: 6 }).chain((keys) => fc.tuple(fc.constant(keys), sharedDomain(domainValues, keys.length))),
        async (s, [keys, values]) => {
          const tasks = scheduledTasks(s, values, (i) => keys[i]);
          const sources = Object.fromEntries(keys.map((k, i) => [k, tasks[i]]));
          const result = valueOf(await settleUnder(s, () => dashboard(sources)), 'dashboard(sources)');
          ensure(
            result !== null && typeof result === 'object',
            `dashboard resolved with ${show(result)}, but it should resolve with an object keyed by source name.`,
          );
          ensure(
            sameItems(Object.keys(result), keys),
            `The result's keys came out as ${show(Object.keys(result))}, but they should be ${show(keys)}: the same keys in the ` +
              "sources' order, whatever order the sources finished in. Did you add each key as its answer arrived, or skip a " +
              'falsy answer? Build the object after all answers are in, in source order.',
          );
          keys.forEach((k, i) =>
            ensure(
              Object.is(result[k], values[i]),
              `result.${k} is ${show(result[k])}, but source ${k} answered ${show(values[i])}. Each key must hold its own source's answer ` +
                'itself, whatever it is (0, "", false, null and undefined are answers too; several sources may answer with the same object).',
            ),
          );
        },
      ),
    ),
  { rules: ['dashboard-keys', 'dashboard-values'] },
);

check(
  2,
  'dashboard rejects with the first failure, as soon as it happens',
  () =>
    holdsOnClock(
      scenarios({ minLength: 1, failures: true, throwsSync: true }).filter((plan) => plan.some((s) => s.fails)),
      async (plan, scene) => {
        const { clock, timeline } = scene;
        const { sources } = sourcesFor(plan, scene);
        const outcome = await clock.run(() => dashboard(sources));
        const first = firstFailureOf(plan)!;
        const reason = reasonOf(outcome, 'dashboard(sources)', 'Did you catch the error and carry on? Let it reach the caller.');
        ensure(
          Object.is(reason, reasonIn(first.step)),
          `dashboard rejected with ${showReason(reason)}, but the first source to fail was ${first.step.name}, with ${showReason(reasonIn(first.step))}` +
            `${first.step.behaviour.throwsSync ? ' (it threw synchronously when called)' : ''}. ` +
            'Reject with that reason itself (whatever it is, an Error or not), not a new error, and not a later failure.',
        );
        if (outcome.at !== first.at) {
          fail(
            `dashboard rejected at ${outcome.at} ms`,
            `${first.step.name} failed at ${first.at} ms and the caller should hear of it at once`,
            'Did you wait for every source to settle before looking for errors? Promise.all rejects as soon as one input does.',
            timeline,
          );
        }
      },
    ),
  { rules: ['dashboard-first-failure'] },
);

check(
  3,
  'dashboardSettled reports every outcome by name and never rejects',
  () =>
    holdsOnClock(scenarios({ minLength: 0, failures: true, throwsSync: true }), async (plan, scene) => {
      const { clock, timeline } = scene;
      const { tasks, sources } = sourcesFor(plan, scene);
      const outcome = await clock.run(() => dashboardSettled(sources));
      const thrower = plan.find((s) => s.behaviour.throwsSync);
      const result = valueOf(
        outcome,
        `dashboardSettled(sources)${thrower ? ` (source ${thrower.name} threw synchronously when called)` : ''} (it must never reject)`,
      );
      const notStarted = plan.findIndex((_, i) => tasks[i].calls !== 1);
      ensure(
        notStarted === -1,
        () =>
          `Source ${plan[notStarted].name} was called ${tasks[notStarted].calls} times, but every source should be called once` +
          `${thrower ? `, even after ${thrower.name} threw synchronously: a synchronous throw is that source's rejection, it must not stop the others` : ''}.`,
      );
      ensure(
        result !== null && typeof result === 'object' && sameItems(Object.keys(result), plan.map((s) => s.name)),
        `dashboardSettled resolved with keys ${show(result && typeof result === 'object' ? Object.keys(result) : result)}, but it should have ` +
          `one key per source, in the sources' order: ${show(plan.map((s) => s.name))}.`,
      );
      for (const step of plan) {
        const expected = expectedSettled(step);
        ensure(
          sameFields(result[step.name], expected),
          `result.${step.name} is ${show(result[step.name])}, but source ${step.name} ${step.fails ? 'rejected' : 'resolved'} with ` +
            `${step.fails ? showReason(reasonIn(step)) : show(valueIn(step))}, so it should be ${show(expected)}: exactly ` +
            "{ status: 'fulfilled', value } or { status: 'rejected', reason }, holding the value or the reason itself" +
            `${step.behaviour.throwsSync ? ' (this source threw synchronously: that is its rejection)' : ''}.`,
        );
      }
      const slowest = slowestOf(plan);
      if (outcome.at !== slowest) {
        fail(`dashboardSettled took ${outcome.at} ms`, `the slowest source takes ${slowest} ms`, SEQUENTIAL_HINT, timeline);
      }
    }),
  { rules: ['settled-outcomes', 'settled-never-rejects', 'settled-overlap'] },
);

// ------------------------------------------------------------------- gather

check(
  2,
  'gather returns results in input order, whatever order the tasks finish in',
  () =>
    holds(
      fc.asyncProperty(fc.scheduler(), sizes({ many: 40 }).chain((n) => sharedDomain(domainValues, n)), async (s, values) => {
        const result = valueOf(await settleUnder(s, () => gather(scheduledTasks(s, values))), 'gather(tasks)');
        const wrong = firstDifference(Array.isArray(result) ? result : [], values, (g, e) => Object.is(g, e));
        ensure(
          Array.isArray(result) && wrong === -1,
          `gather resolved with ${show(result)}, but the tasks' results in input order are ${show(values)}` +
            `${Array.isArray(result) ? ` (slot ${wrong} differs)` : ''}. Did you push each result as it arrived, or skip a falsy one? ` +
            'Keep each result, whatever it is, in its own index.',
        );
      }),
    ),
  { rules: ['gather-order'] },
);

check(
  3,
  'gather passes the first failure to the caller at once while the other tasks keep running',
  () =>
    holdsOnClock(
      scenarios({ minLength: 2, failures: true, throwsSync: true }).filter((plan) => plan.some((s) => s.fails)),
      async (plan, scene) => {
        const { clock, timeline } = scene;
        const { tasks } = sourcesFor(plan, scene);
        const outcome = await clock.run(() => gather(tasks));
        const first = firstFailureOf(plan)!;
        const reason = reasonOf(outcome, 'gather(tasks)');
        ensure(
          Object.is(reason, reasonIn(first.step)),
          `gather rejected with ${showReason(reason)}, but the first task to fail was ${first.step.name} (${showReason(reasonIn(first.step))}` +
            `${first.step.behaviour.throwsSync ? ', thrown synchronously when it was called' : ''}): reject with that reason itself.`,
        );
        if (outcome.at !== first.at) {
          fail(
            `gather rejected at ${outcome.at} ms`,
            `${first.step.name} failed at ${first.at} ms`,
            'Awaiting the promises one by one in a loop hears of a failure only when the loop reaches it. Promise.all hears at once.',
            timeline,
          );
        }
        await clock.advance(slowestOf(plan));
        const skipped = plan.findIndex((_, i) => tasks[i].calls !== 1);
        if (skipped !== -1) {
          fail(
            `task ${plan[skipped].name} was called ${tasks[skipped].calls} times`,
            'every task should start once, at the beginning, and run to its end even after another task fails',
            'Start all tasks before waiting on any; a failure (even a synchronous throw) must not stop the others from starting: ' +
              'call each task inside an async wrapper, (async () => task())().',
            timeline,
          );
        }
      },
    ),
  { rules: ['gather-first-failure', 'gather-others-run'] },
);

check(
  1,
  'gather starts every task at once: total time = the slowest task',
  () =>
    holdsOnClock(scenarios({ minLength: 1, failures: false }), async (plan, scene) => {
      const { tasks } = sourcesFor(plan, scene);
      const outcome = await scene.clock.run(() => gather(tasks));
      valueOf(outcome, 'gather(tasks)');
      const slowest = slowestOf(plan);
      if (outcome.at !== slowest) {
        fail(`gather took ${outcome.at} ms`, `the slowest task takes ${slowest} ms`, SEQUENTIAL_HINT, scene.timeline);
      }
    }),
  { rules: ['gather-overlap'] },
);

check(
  1,
  'gather leaves no later failure unhandled after it rejects',
  () =>
    holdsOnClock(
      scenarios({ minLength: 2, failures: true }).filter((plan) => plan.filter((s) => s.fails).length >= 2),
      async (plan, scene) => {
        const { tasks } = sourcesFor(plan, scene);
        reasonOf(await scene.clock.run(() => gather(tasks)), 'gather(tasks)');
        await scene.clock.advance(slowestOf(plan)); // the later failures happen now
        await scene.clock.advance(0);
        ensure(
          scene.unhandled.length === 0,
          () =>
            `After gather rejected, ${scene.unhandled.length} later failure(s) (${scene.unhandled.map(showReason).join(', ')}) were left unhandled: ` +
            'in a real program Node would crash with "unhandled promise rejection". Every task\'s promise needs a rejection handler ' +
            '(Promise.all attaches one to each input; a .then(onValue) without an onRejected creates a new promise that rejects unhandled).',
        );
      },
    ),
  { rules: ['gather-no-unhandled'] },
);

check(
  2,
  'gather with returnExceptions puts each error in its slot and never rejects',
  () =>
    holdsOnClock(scenarios({ minLength: 0, failures: true }), async (plan, scene) => {
      const { clock, timeline } = scene;
      const { tasks } = sourcesFor(plan, scene);
      const outcome = await clock.run(() => gather(tasks, { returnExceptions: true }));
      const result = valueOf(outcome, 'gather(tasks, { returnExceptions: true }) (it must never reject)');
      const expected = plan.map((s) => (s.fails ? reasonIn(s) : valueIn(s)));
      ensure(
        sameItems(result, expected),
        `gather(tasks, { returnExceptions: true }) resolved with ${show(result)}, but expected ${show(expected)}: ` +
          "each task's value or its error itself (whatever it rejected with), in input order.",
      );
      const slowest = slowestOf(plan);
      if (outcome.at !== slowest) fail(`gather took ${outcome.at} ms`, `the slowest task takes ${slowest} ms`, SEQUENTIAL_HINT, timeline);
    }),
  { rules: ['gather-exceptions-in-slots', 'gather-overlap'] },
);

check(
  2,
  'gather with returnExceptions treats a synchronous throw as that task\'s error and still starts the later tasks',
  () =>
    holdsOnClock(
      scenarios({ minLength: 1, failures: true, throwsSync: true }).filter((plan) => plan.some((s) => s.behaviour.throwsSync)),
      async (plan, scene) => {
        const { tasks } = sourcesFor(plan, scene);
        const thrower = plan.find((s) => s.behaviour.throwsSync)!;
        const what = `gather(tasks, { returnExceptions: true }) where task ${thrower.name} throws synchronously when called`;
        const outcome = await scene.clock.run(() => gather(tasks, { returnExceptions: true }));
        const result = valueOf(outcome, `${what} (it must never reject)`);
        const notStarted = plan.findIndex((_, i) => tasks[i].calls !== 1);
        ensure(
          notStarted === -1,
          () =>
            `${what}: task ${plan[notStarted].name} was called ${tasks[notStarted].calls} times, but every task should be called once. ` +
            'A task that throws instead of returning a promise must not stop the others: call each one inside an async wrapper, ' +
            '(async () => task())(), so its throw becomes its rejection.',
        );
        const expected = plan.map((s) => (s.fails ? reasonIn(s) : valueIn(s)));
        ensure(
          sameItems(result, expected),
          `${what} resolved with ${show(result)}, but expected ${show(expected)}: the thrown error sits in its task's slot like any rejection.`,
        );
      },
    ),
  { rules: ['gather-exceptions-sync-throw'] },
);

// ------------------------------------------------------------------ hygiene

const CALLS: Array<[string, (plan: Scenario, scene: ClockScene) => Promise<unknown>]> = [
  ['dashboard', (plan, scene) => dashboard(sourcesFor(plan, scene).sources)],
  ['dashboardSettled', (plan, scene) => dashboardSettled(sourcesFor(plan, scene).sources)],
  ['gather', (plan, scene) => gather(sourcesFor(plan, scene).tasks)],
  ['gather(tasks, { returnExceptions: true })', (plan, scene) => gather(sourcesFor(plan, scene).tasks, { returnExceptions: true })],
];

check(
  1,
  'leaves no timers behind once everything has settled',
  () =>
    holdsOnClock(
      fc.tuple(scenarios({ minLength: 1, failures: true }), fc.constantFrom(...CALLS)),
      async ([plan, [name, call]], scene) => {
        const outcome = await scene.clock.run(() => call(plan, scene));
        if (outcome.status === 'rejected') reasonOf(outcome, name); // surfaces "not implemented"
        if (outcome.status === 'pending') valueOf(outcome, name);
        // Counted at the instant it settled, before any further advance: a forgotten timer has not fired yet.
        // Sources of ours still running (after a failure) are not counted.
        const left = scene.fakes.learnerTimers();
        ensure(
          left === 0,
          `When ${name} settled at ${outcome.at} ms, ${left} timer(s) of yours were still scheduled. ` +
            'A timer you start (a timeout, a watchdog, a polling loop) must be cleared with clearTimeout once it is no longer needed; ' +
            'otherwise it keeps the process alive and fires long after the work is done.',
        );
      },
      { numRuns: 30 },
    ),
  { rules: ['no-timer-left'] },
);
