// Grader for 06-orchestrator. Lesson: structured fan-out → fan-in. Jobs run
// side by side under a limit, every job gets an AbortSignal, a failure or the
// caller cancels the rest, and nothing outlives the call (asyncio.TaskGroup).
// Every timing here is virtual (fake clock). The fake jobs are adversarial:
// some ignore their signal, need time to clean up, fail or resolve after an
// abort, throw synchronously or return thenables; values and reasons come from
// the whole domain (falsy, non-Error, one object shared by several jobs), and
// outcomes are compared by identity, never as text.
import { orchestrate, TaskGroup, TimeoutError } from '@exercise/06-orchestrator';
import {
  abortListeners,
  abortReasons,
  abortSignalTimeoutHint,
  attempt,
  behaviours,
  check,
  delays,
  distinctEnds,
  domainReasons,
  domainValues,
  ensure,
  ensureSameTrace,
  fail,
  fc,
  holdsOnClock,
  jobPlans,
  limits,
  listSchedule,
  reasonOf,
  sameFields,
  sameItems,
  sharedDomain,
  show,
  showReason,
  sizes,
  valueOf,
  type Behaviour,
  type BehaviourOptions,
  type ClockScene,
  type FakeOp,
  type Timeline,
  type TraceEvent,
} from './support';

// ------------------------------------------------------------------ plans

type JobPlan = { ms: number; fails: boolean };
type Job = JobPlan & { behaviour: Behaviour };

/** Mark a promise (or whatever spawn returned) as handled: the checks read outcomes elsewhere. */
const quietly = (value: unknown) => void Promise.resolve(value).catch(() => undefined);
const label = (i: number) => `job ${i}`;

/**
 * Jobs for `plan`: each step's duration and failure kept, its value or reason
 * drawn from the whole domain (shared between jobs), and how it reacts to an
 * abort drawn from `options`.
 */
const withBehaviours = (plan: JobPlan[], options: BehaviourOptions = {}) =>
  fc
    .tuple(
      sharedDomain(domainValues, plan.length),
      sharedDomain(domainReasons, plan.length),
      fc.array(behaviours({ thenables: true, ...options }), { minLength: plan.length, maxLength: plan.length }),
    )
    .map(([values, reasons, bs]): Job[] =>
      plan.map((p, i) => ({
        ...p,
        behaviour: { ...bs[i], ms: p.ms, result: p.fails ? { error: reasons[i] } : { value: values[i] }, throwsSync: p.fails && bs[i].throwsSync },
      })),
    );

/** Random jobs (see jobPlans) given behaviours (see withBehaviours). */
const jobs = (plan: Parameters<typeof jobPlans>[0], options: BehaviourOptions = {}) => jobPlans(plan).chain((p) => withBehaviours(p, options));

const resultOf = (job: Job) => job.behaviour.result;
const valueIn = (job: Job) => (resultOf(job) as { value?: unknown }).value;
const reasonIn = (job: Job) => (resultOf(job) as { error?: unknown }).error;

/** One run's fake jobs on the scene's timeline. */
const fakeJobs = (plan: Job[], { fakes }: ClockScene) => plan.map((job, i) => fakes.op(label(i), job.behaviour));

/** Plain jobs that stop at once when aborted, with the given values (`value i` by default). */
const plainJobs = (plan: JobPlan[]): Job[] =>
  plan.map((p, i) => ({
    ...p,
    behaviour: { ms: p.ms, result: p.fails ? { error: new Error(`job ${i} failed`) } : { value: `value ${i}` }, throwsSync: false, thenable: false, onAbort: 'stop', cleanupMs: 0 },
  }));

/** The first failure on the reference timeline: when and which job. */
function firstFailure(plan: JobPlan[], limit?: number) {
  const schedule = listSchedule(plan.map((p) => p.ms), limit);
  const failing = plan.map((p, i) => ({ ...p, i, ...schedule[i] })).filter((p) => p.fails);
  const first = failing.sort((a, b) => a.end - b.end)[0];
  return { schedule, at: first.end, index: first.i };
}

const limitText = (limit?: number) => (limit === undefined ? 'no limit' : `concurrency ${limit}`);

const SEQUENTIAL_HINT =
  'Did you await each job before starting the next? Start up to `concurrency` jobs at once and start the next one as soon as any slot frees.';
const ABORT_HINT =
  'Give every job a signal from an AbortController you own, and call controller.abort() the moment the first job fails ' +
  '(AbortSignal.any([...]) combines it with the caller\'s signal and a per-job timeout).';

/** Never more jobs in flight than the limit: checked first, since every other timing follows from it. */
function ensureWithinLimit(timeline: Timeline, limit: number | undefined): void {
  const live = timeline.maxLive();
  if (limit !== undefined && live > limit) {
    const at = timeline.spans.map((s) => s.start).find((t) => timeline.liveAt(t) > limit);
    fail(
      `${live} jobs were in flight at ${at} ms`,
      `the limit is ${limit}`,
      'Count a job as in flight from its call until its promise settles, and start one only while fewer than `concurrency` are in flight.',
      timeline,
    );
  }
}

/** Every job must have received an AbortSignal, of its own unless `shared` (a TaskGroup gives all children one). */
function ensureSignals(ops: FakeOp[], shared = false): void {
  const seen = new Map<AbortSignal, number>();
  ops.forEach((op, i) =>
    op.records.forEach((r) => {
      ensure(
        r.signal !== undefined,
        `${label(i)} was called with ${show(r.args[0])} instead of an AbortSignal. Call every job as job(signal): ` +
          'without a signal a job cannot be told to stop.',
      );
      const other = seen.get(r.signal);
      ensure(
        shared || other === undefined,
        () =>
          `${label(other!)} and ${label(i)} were given the same AbortSignal, but each job needs a signal of its own: ` +
          "a per-job timeout must abort that job only. Combine the run's signal with the job's own: AbortSignal.any([stop.signal, own.signal]).",
      );
      seen.set(r.signal, i);
    }),
  );
}

/** Jobs that should have been started exactly once, the rest never. */
function ensureStarted(ops: FakeOp[], shouldStart: (i: number) => boolean, timeline: Timeline, why: string): void {
  ops.forEach((op, i) => {
    if (shouldStart(i) && op.calls !== 1) {
      fail(`${label(i)} was called ${op.calls} time(s)`, 'it should have been called exactly once', why, timeline);
    }
    if (!shouldStart(i) && op.calls !== 0) {
      fail(`${label(i)} was started at ${op.records[0].startedAt} ms`, 'it should never have started', why, timeline);
    }
  });
}

/** Fail unless `result` is exactly Promise.allSettled's shape for `expected`, each value or reason itself. */
function ensureSettledOutcomes(result: unknown, expected: Array<Record<string, unknown>>, what: string): void {
  ensure(
    Array.isArray(result) && result.length === expected.length,
    `${what} resolved with ${show(result)}, but it should resolve with ${expected.length} outcome(s), one per job in input order.`,
  );
  const arr = result as unknown[];
  const wrong = expected.findIndex((e, i) => !sameFields(arr[i], e));
  ensure(
    wrong === -1,
    () =>
      `${what}: outcome ${wrong} is ${show(arr[wrong])}, but it should be ${show(expected[wrong])}: exactly { status: 'fulfilled', value } or ` +
      "{ status: 'rejected', reason } (the shape of Promise.allSettled), holding the job's value or reason itself, in input order.",
  );
}

// ---------------------------------------------------------- fan-out timing

check(
  3,
  'orchestrate with no limit runs every job at once: n one-second jobs take 1 s',
  () =>
    holdsOnClock(
      fc.integer({ min: 1, max: 8 }),
      async (n, scene) => {
        const plan = plainJobs(Array.from({ length: n }, () => ({ ms: 1_000, fails: false })));
        const ops = fakeJobs(plan, scene);
        const outcome = await scene.clock.run(() => orchestrate(ops));
        const values = valueOf(outcome, `orchestrate(${n} jobs)`);
        if (outcome.at !== 1_000) {
          fail(`${n} one-second jobs took ${outcome.at} ms`, 'with no limit they all run together and take 1000 ms', SEQUENTIAL_HINT, scene.timeline);
        }
        ensure(
          sameItems(values, plan.map(valueIn)),
          `orchestrate resolved with ${show(values)}, but it should resolve with every job's value in input order.`,
        );
      },
      { numRuns: 15 },
    ),
  { rules: ['orch-no-limit'] },
);

check(
  3,
  'orchestrate with concurrency c runs n one-second jobs in ceil(n/c) seconds',
  () =>
    holdsOnClock(
      fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 5 })),
      async ([n, c], { clock, timeline, ...scene }) => {
        const ops = fakeJobs(plainJobs(Array.from({ length: n }, () => ({ ms: 1_000, fails: false }))), { clock, timeline, ...scene });
        const outcome = await clock.run(() => orchestrate(ops, { concurrency: c }));
        valueOf(outcome, `orchestrate(${n} jobs, { concurrency: ${c} })`);
        const expected = Math.ceil(n / c) * 1_000;
        if (outcome.at !== expected) {
          const live = timeline.maxLive();
          fail(
            `${n} one-second jobs with concurrency ${c} took ${outcome.at} ms`,
            `they should take ceil(${n}/${c}) = ${expected / 1_000} s`,
            live > c
              ? `Up to ${live} jobs ran at once, more than the limit of ${c}: is your check off by one (<= instead of <)?`
              : live < Math.min(n, c)
                ? `Only ${live} job(s) ever ran at once: start ${Math.min(n, c)} straight away.`
                : SEQUENTIAL_HINT,
            // c lanes: job i runs in the (i / c)-th second
            timeline.expect(Array.from({ length: n }, (_, i) => ({ label: label(i), start: Math.floor(i / c) * 1_000, end: Math.floor(i / c) * 1_000 + 1_000 }))),
          );
        }
      },
      { numRuns: 25 },
    ),
  { rules: ['orch-limit', 'orch-refill'] },
);

check(
  4,
  'orchestrate keeps min(c, queued) jobs in flight: never more than c, and a freed slot is refilled at once',
  () =>
    holdsOnClock(
      fc.tuple(jobs({ failures: false, minLength: 2, maxLength: 8 }), fc.integer({ min: 1, max: 4 })),
      async ([plan, c], scene) => {
        fc.pre(distinctEnds(plan.map((p) => p.ms), c));
        const { clock, timeline } = scene;
        const ops = fakeJobs(plan, scene);
        valueOf(await clock.run(() => orchestrate(ops, { concurrency: c })), `orchestrate(jobs, { concurrency: ${c} })`);
        ensureWithinLimit(timeline, c);
        ensureStarted(ops, () => true, timeline, 'Every job runs exactly once.');
        ensureSignals(ops);
        const expected = listSchedule(plan.map((p) => p.ms), c);
        ops.forEach((op, i) => {
          const started = op.records[0].startedAt;
          if (started !== expected[i].start) {
            fail(
              `${label(i)} started at ${started} ms`,
              `with concurrency ${c}, jobs starting in input order, it should start at ${expected[i].start} ms, as soon as a slot is free`,
              started > expected[i].start
                ? 'Did you run the jobs in batches (wait for the whole batch before starting the next)? Refill each slot as soon as its job settles.'
                : 'It started before a slot was free, or out of input order.',
              timeline,
            );
          }
        });
      },
    ),
  { rules: ['orch-limit', 'orch-refill', 'orch-start-order'] },
);

check(
  2,
  'orchestrate resolves with every value in input order, whatever order the jobs finish in',
  () =>
    holdsOnClock(
      // No job at all, a few, or a queue far longer than the limit.
      fc.tuple(sizes().chain((n) => jobs({ failures: false, minLength: n, maxLength: n })), limits()),
      async ([plan, limit], scene) => {
        const ops = fakeJobs(plan, scene);
        const values = valueOf(await scene.clock.run(() => orchestrate(ops, { concurrency: limit })), `orchestrate(${plan.length} jobs, { concurrency: ${limit} })`);
        const expected = plan.map(valueIn);
        ensure(
          sameItems(values, expected),
          `orchestrate(${plan.length} jobs) resolved with ${show(values)}, but it should resolve with ${show(expected)}: each job's value itself at its ` +
            "job's index (0, '', false, null and undefined are values too). Did you push values as jobs finished? Store each one at its index." +
            (plan.length === 0 ? ' With no jobs it resolves at once with [].' : ''),
        );
      },
      { numRuns: 30 },
    ),
  { rules: ['orch-values', 'orch-empty'] },
);

// ------------------------------------------------------------- fail-fast

check(
  4,
  'fail-fast: the first failure aborts every running job at that instant and starts no new job',
  () =>
    holdsOnClock(
      fc.tuple(jobs({ failures: true, minLength: 2, maxLength: 8 }), limits()),
      async ([plan, limit], scene) => {
        fc.pre(distinctEnds(plan.map((p) => p.ms), limit) && plan.some((p) => p.fails));
        const { clock, timeline } = scene;
        const ops = fakeJobs(plan, scene);
        const first = firstFailure(plan, limit);
        const outcome = await clock.run(() => orchestrate(ops, { concurrency: limit }));
        const reason = reasonOf(outcome, `orchestrate(jobs, { concurrency: ${limit} })`, 'In fail-fast mode the first failure rejects the whole call.');
        ensureWithinLimit(timeline, limit);
        ensureSignals(ops);
        ensureStarted(
          ops,
          (i) => first.schedule[i].start < first.at,
          timeline,
          `${label(first.index)} failed at ${first.at} ms (${limitText(limit)}): jobs due before then start, and after it no new job may start. ` +
            'Check for the failure before taking the next job from the queue.',
        );
        ops.forEach((op, i) => {
          const { start, end } = first.schedule[i];
          if (start < first.at && end > first.at && op.records[0].abortedAt !== first.at) {
            fail(
              `${label(i)} was running when ${label(first.index)} failed at ${first.at} ms, and its signal ${
                op.records[0].abortedAt === undefined ? 'was never aborted' : `aborted only at ${op.records[0].abortedAt} ms`
              }`,
              'every running job should be aborted at the instant of the first failure',
              ABORT_HINT,
              timeline,
            );
          }
        });
        ensure(
          Object.is(reason, reasonIn(plan[first.index])),
          `orchestrate rejected with ${showReason(reason)}, but it should reject with the first failure itself: ${showReason(reasonIn(plan[first.index]))} ` +
            `from ${label(first.index)} (whatever it is: an Error or not, even a falsy value).`,
        );
        if (outcome.at !== first.at) {
          fail(`orchestrate rejected at ${outcome.at} ms`, `the first failure happened at ${first.at} ms and every other job stopped then`, undefined, timeline);
        }
      },
    ),
  { rules: ['orch-ff-abort', 'orch-ff-no-new', 'orch-ff-reason'] },
);

check(
  2,
  'fail-fast rejects with the first failure only after the aborted jobs have finished cleaning up',
  () =>
    holdsOnClock(
      // Jobs that need time to stop, ignore their signal, or fail or resolve after the abort.
      fc.tuple(jobs({ failures: true, minLength: 2, maxLength: 7 }, { onAbort: ['stop', 'ignore', 'fail', 'late-value'], maxCleanupMs: 500 }), limits()),
      async ([plan, limit], scene) => {
        fc.pre(distinctEnds(plan.map((p) => p.ms), limit) && plan.some((p) => p.fails));
        const { clock, timeline } = scene;
        const ops = fakeJobs(plan, scene);
        const outcome = await clock.run(() => orchestrate(ops, { concurrency: limit }));
        const reason = reasonOf(outcome, `orchestrate(jobs, { concurrency: ${limit} })`);
        ensureWithinLimit(timeline, limit);
        await clock.advance(3_500); // let every job of ours finish, to know when each really settled
        // Compared with what really happened, so this check is about waiting only (aborting has its own check).
        const settled = ops.flatMap((op, i) => op.records.map((r) => ({ i, at: r.settledAt ?? Infinity })));
        const last = settled.reduce((a, b) => (b.at > a.at ? b : a));
        if (outcome.at < last.at) {
          fail(
            `orchestrate rejected at ${outcome.at} ms`,
            `${label(last.i)} was still running or stopping then (it settled at ${last.at} ms): ` +
              'reject only once every started job has settled',
            'Abort the running jobs, then wait for them (their promises) before rejecting: when orchestrate returns, nothing it started may still be running.',
            timeline,
          );
        }
        if (outcome.at > last.at) {
          fail(`orchestrate rejected at ${outcome.at} ms`, `every job had settled at ${last.at} ms, and it should reject then`, undefined, timeline);
        }
        // A job that fails (or resolves) after being aborted is not the first failure.
        const first = firstFailure(plan, limit);
        ensure(
          Object.is(reason, reasonIn(plan[first.index])),
          `orchestrate rejected with ${showReason(reason)}, but the first failure was ${label(first.index)}'s ${showReason(reasonIn(plan[first.index]))}: ` +
            'what a job does after you aborted it (fail with an error of its own, or resolve late) does not change the first failure.',
        );
      },
    ),
  { rules: ['orch-ff-waits', 'orch-ff-reason'] },
);

// ------------------------------------------------------------------ settle

check(
  3,
  'settle mode runs every job and returns every outcome in input order',
  () =>
    holdsOnClock(
      fc.tuple(jobs({ failures: true, minLength: 0, maxLength: 8 }), limits()),
      async ([plan, limit], scene) => {
        fc.pre(distinctEnds(plan.map((p) => p.ms), limit));
        const { clock, timeline } = scene;
        const ops = fakeJobs(plan, scene);
        const outcome = await clock.run(() => orchestrate(ops, { concurrency: limit, mode: 'settle' }));
        const result = valueOf(outcome, `orchestrate(jobs, { mode: 'settle' }) (it must not reject when jobs fail)`);
        ensureWithinLimit(timeline, limit);
        ensureStarted(ops, () => true, timeline, 'In settle mode a failure stops nothing: every job runs.');
        const aborted = ops.findIndex((op) => op.records[0].abortedAt !== undefined);
        if (aborted !== -1) {
          fail(`${label(aborted)}'s signal was aborted at ${ops[aborted].records[0].abortedAt} ms`, 'settle mode aborts nothing', undefined, timeline);
        }
        ensureSettledOutcomes(
          result,
          plan.map((p) => (p.fails ? { status: 'rejected', reason: reasonIn(p) } : { status: 'fulfilled', value: valueIn(p) })),
          "orchestrate(jobs, { mode: 'settle' })",
        );
        const makespan = Math.max(0, ...listSchedule(plan.map((p) => p.ms), limit).map((s) => s.end));
        if (outcome.at !== makespan) {
          fail(`orchestrate took ${outcome.at} ms`, `its jobs, run with ${limitText(limit)}, end at ${makespan} ms`, SEQUENTIAL_HINT, timeline);
        }
      },
    ),
  { rules: ['orch-settle', 'orch-empty'] },
);

check(
  1,
  'a job that throws synchronously fails like one that rejects, in either mode',
  () =>
    holdsOnClock(
      fc.tuple(
        jobs({ failures: true, minLength: 1, maxLength: 6 }, { throwsSync: true }).filter((plan) => plan.some((p) => p.behaviour.throwsSync)),
        limits(),
        fc.constantFrom('fail-fast' as const, 'settle' as const),
      ),
      async ([plan, limit, mode], scene) => {
        const ops = fakeJobs(plan, scene);
        const thrower = plan.findIndex((p) => p.behaviour.throwsSync);
        const what = `orchestrate(jobs, { mode: '${mode}', concurrency: ${limit} }) where ${label(thrower)} throws synchronously when called`;
        let threw: { error: unknown } | undefined;
        const outcome = await scene.clock.run(() => {
          try {
            return orchestrate(ops, { concurrency: limit, mode });
          } catch (error) {
            threw = { error };
            return undefined;
          }
        });
        ensure(threw === undefined, `${what} threw ${showReason(threw?.error)} at the caller: it should return a promise and settle like for any failure.`);
        if (mode === 'settle') {
          const result = valueOf(outcome, `${what} (it must not reject)`);
          ensureStarted(ops, () => true, scene.timeline, 'A job that throws fails like one that rejects: in settle mode every other job still runs.');
          ensure(
            Array.isArray(result) && sameFields(result[thrower], { status: 'rejected', reason: reasonIn(plan[thrower]) }),
            () => `${what}: its outcome is ${show(Array.isArray(result) ? result[thrower] : result)}, but it should be ${show({ status: 'rejected', reason: reasonIn(plan[thrower]) })}.`,
          );
        } else {
          // The first failure is the first synchronous throw among the jobs started at 0 ms.
          const schedule = listSchedule(plan.map((p) => (p.behaviour.throwsSync ? 0 : p.ms)), limit);
          const first = plan.findIndex((p, i) => p.behaviour.throwsSync && schedule[i].start === 0);
          fc.pre(first !== -1);
          const reason = reasonOf(outcome, what);
          ensure(
            Object.is(reason, reasonIn(plan[first])),
            `${what} rejected with ${showReason(reason)}, but the first failure was ${label(first)}'s synchronous throw, ${showReason(reasonIn(plan[first]))}: ` +
              'call each job inside an async wrapper, (async () => job(signal))(), so a throw becomes its rejection.',
          );
        }
      },
    ),
  { rules: ['orch-sync-throw'] },
);

// ---------------------------------------------------------- cancellation

check(
  3,
  'aborting the outer signal aborts every running job at once, starts nothing more, and rejects with its reason',
  () =>
    holdsOnClock(
      fc.tuple(jobs({ failures: false, minLength: 1, maxLength: 7 }), limits(), fc.constantFrom('fail-fast' as const, 'settle' as const), fc.integer({ min: 0, max: 6_000 }), abortReasons),
      async ([plan, limit, mode, at, why], scene) => {
        const schedule = listSchedule(plan.map((p) => p.ms), limit);
        fc.pre(at < Math.max(...schedule.map((s) => s.end)) && !schedule.some((s) => s.end === at || (at > 0 && s.start === at)));
        const { clock, timeline, fakes } = scene;
        const ops = fakeJobs(plan, scene);
        // at === 0: the signal is aborted before orchestrate is even called.
        const caller = fakes.callerSignal(at === 0 ? { when: 'before' } : { when: 'after', at }, why);
        const outcome = await clock.run(() => orchestrate(ops, { concurrency: limit, mode, signal: caller.signal }));
        const what = `orchestrate(jobs, { mode: '${mode}', signal })`;
        if (outcome.status !== 'rejected') {
          fail(
            `${what} ${outcome.status === 'fulfilled' ? `fulfilled at ${outcome.at} ms` : 'never settled'}, although its signal was aborted at ${at} ms`,
            "it should reject with the signal's reason as soon as the signal aborts (in either mode)",
            'Listen for the "abort" event on options.signal (and check signal.aborted before starting).',
            timeline,
          );
        }
        reasonOf(outcome, what); // passes "not implemented" through
        ensureWithinLimit(timeline, limit);
        ensureSignals(ops);
        ensureStarted(
          ops,
          (i) => schedule[i].start < at,
          timeline,
          at === 0
            ? 'The signal was already aborted when orchestrate was called: start nothing (signal.throwIfAborted() does it).'
            : `The signal aborted at ${at} ms: no job may start after that.`,
        );
        ops.forEach((op, i) => {
          if (schedule[i].start < at && schedule[i].end > at && op.records[0].abortedAt !== at) {
            fail(
              `${label(i)} was running when the caller aborted at ${at} ms, and its signal ${
                op.records[0].abortedAt === undefined ? 'was never aborted' : `aborted at ${op.records[0].abortedAt} ms`
              }`,
              'aborting the outer signal should abort every running job at once',
              "Combine the caller's signal into every job's signal: AbortSignal.any([options.signal, yours]).",
              timeline,
            );
          }
        });
        ensure(Object.is(outcome.reason, why), `${what} rejected with ${showReason(outcome.reason)}, but it should reject with the signal's reason itself, ${showReason(why)}.`);
        if (outcome.at !== at) {
          fail(`${what} rejected at ${outcome.at} ms`, `the signal aborted at ${at} ms and every job stopped at once`, undefined, timeline);
        }
      },
      { numRuns: 30 },
    ),
  { rules: ['orch-caller-abort', 'orch-caller-already-aborted'] },
);

/** Each job's run under a per-job timeout: it ends at its own end, or (timed out) when it has stopped. */
const timedOutEnd = (job: Job, timeoutMs: number) =>
  job.ms < timeoutMs ? job.ms : job.behaviour.onAbort === 'ignore' ? job.ms : timeoutMs + job.behaviour.cleanupMs;

check(
  3,
  "a per-job timeout aborts that job's signal with a TimeoutError, counted from the job's own start",
  () =>
    holdsOnClock(
      fc.tuple(jobs({ failures: false, minLength: 1, maxLength: 7 }, { onAbort: ['stop', 'ignore', 'fail', 'late-value'], maxCleanupMs: 200 }), limits(), delays({ max: 3_000 })),
      async ([plan, limit, timeoutMs], scene) => {
        const effective = plan.map((p) => timedOutEnd(p, timeoutMs));
        fc.pre(plan.every((p) => p.ms !== timeoutMs) && distinctEnds(effective, limit));
        const { clock, timeline } = scene;
        const ops = fakeJobs(plan, scene);
        const schedule = listSchedule(effective, limit);
        const outcome = await clock.run(() => orchestrate(ops, { concurrency: limit, timeoutMs, mode: 'settle' }));
        const result = valueOf(outcome, `orchestrate(jobs, { timeoutMs: ${timeoutMs}, mode: 'settle' })`);
        ensureWithinLimit(timeline, limit);
        ensureSignals(ops);
        ensureStarted(ops, () => true, timeline, 'In settle mode a timed-out job stops only itself.');
        plan.forEach((p, i) => {
          const record = ops[i].records[0];
          if (p.ms < timeoutMs) {
            if (record.abortedAt !== undefined) {
              fail(
                `${label(i)} started at ${record.startedAt} ms and needs ${p.ms} ms, within the ${timeoutMs} ms limit, yet its signal aborted at ${record.abortedAt} ms`,
                'only a job still running timeoutMs after its own start should be aborted',
                record.abortedAt - record.startedAt < timeoutMs
                  ? "Did you start every job's timer when orchestrate was called? Start each timer when its job starts."
                  : undefined,
                timeline,
              );
            }
            return;
          }
          const due = record.startedAt + timeoutMs;
          if (record.abortedAt !== due) {
            fail(
              `${label(i)} started at ${record.startedAt} ms and needs ${p.ms} ms; its signal ${
                record.abortedAt === undefined ? 'was never aborted' : `aborted at ${record.abortedAt} ms`
              }`,
              `with timeoutMs ${timeoutMs} it should abort at ${due} ms`,
              record.abortedAt === timeoutMs
                ? "Did you start every job's timer when orchestrate was called? Start it when that job starts."
                : "Start a timer (setTimeout) when each job starts; when it fires, abort that job's controller with a TimeoutError." +
                  abortSignalTimeoutHint(),
              timeline,
            );
          }
          ensure(
            record.abortReason instanceof TimeoutError,
            `${label(i)}'s signal aborted with ${showReason(record.abortReason)}, but the reason should be a TimeoutError (the class exported ` +
              `by orchestrate.ts), so the job and the caller can tell a timeout from a failure.${abortSignalTimeoutHint()}`,
          );
          const slot = Array.isArray(result) ? (result[i] as PromiseSettledResult<unknown> | undefined) : undefined;
          ensure(
            slot?.status === 'rejected' && slot.reason === record.abortReason,
            `${label(i)} timed out${p.behaviour.onAbort === 'late-value' ? ' (and then resolved anyway)' : p.behaviour.onAbort === 'fail' ? ' (and then failed with an error of its own)' : ''}, ` +
              `so its outcome should be { status: 'rejected', reason: <the very TimeoutError its signal aborted with> }, but it is ${show(slot)}.`,
          );
        });
        const makespan = Math.max(...schedule.map((s) => s.end));
        if (outcome.at !== makespan) {
          fail(`orchestrate took ${outcome.at} ms`, `with every job cut at ${timeoutMs} ms (and given time to stop) it should take ${makespan} ms`, undefined, timeline);
        }
      },
      { numRuns: 30 },
    ),
  { rules: ['orch-timeout-start', 'orch-timeout-outcome'] },
);

check(
  2,
  'fail-fast with timeoutMs: a timeout is a failure like any other, it cancels the rest',
  () =>
    holdsOnClock(
      fc.tuple(jobs({ failures: false, minLength: 2, maxLength: 6 }), limits(), delays({ max: 3_000 })),
      async ([plan, limit, timeoutMs], scene) => {
        const effective = plan.map((p) => Math.min(p.ms, timeoutMs));
        fc.pre(plan.every((p) => p.ms !== timeoutMs) && plan.some((p) => p.ms > timeoutMs) && distinctEnds(effective, limit));
        const { clock, timeline } = scene;
        const ops = fakeJobs(plan, scene);
        const schedule = listSchedule(effective, limit);
        // The first job to time out, on the reference timeline.
        const first = plan.map((p, i) => ({ i, at: schedule[i].end, out: p.ms > timeoutMs })).filter((x) => x.out).sort((a, b) => a.at - b.at)[0];
        const outcome = await clock.run(() => orchestrate(ops, { concurrency: limit, timeoutMs }));
        const what = `orchestrate(jobs, { timeoutMs: ${timeoutMs}, concurrency: ${limit} }) in fail-fast mode`;
        const reason = reasonOf(outcome, what, `${label(first.i)} timed out at ${first.at} ms: in fail-fast mode that rejects the whole call.`);
        ensure(
          reason instanceof TimeoutError && reason === ops[first.i].records[0]?.abortReason,
          `${what} rejected with ${showReason(reason)}, but ${label(first.i)} timed out first (at ${first.at} ms): reject with that TimeoutError itself, ` +
            'the one its signal aborted with.',
        );
        ensureStarted(ops, (i) => schedule[i].start < first.at, timeline, `${label(first.i)} timed out at ${first.at} ms: after that no new job may start.`);
        ops.forEach((op, i) => {
          if (i !== first.i && schedule[i].start < first.at && schedule[i].end > first.at && op.records[0].abortedAt !== first.at) {
            fail(
              `${label(i)} was running when ${label(first.i)} timed out at ${first.at} ms, and its signal ${
                op.records[0].abortedAt === undefined ? 'was never aborted' : `aborted at ${op.records[0].abortedAt} ms`
              }`,
              'a timeout in fail-fast mode is a failure: every running job should be aborted at that instant',
              ABORT_HINT,
              timeline,
            );
          }
        });
        if (outcome.at !== first.at) {
          fail(`${what} rejected at ${outcome.at} ms`, `${label(first.i)} timed out at ${first.at} ms and every other job stopped then`, undefined, timeline);
        }
      },
      { numRuns: 30 },
    ),
  { rules: ['orch-timeout-fail-fast'] },
);

type Ending = 'success' | 'failure' | 'timeout' | 'caller abort';

check(
  2,
  'orchestrate leaves no timers behind once it settles (success, failure, timeout)',
  () =>
    holdsOnClock(
      fc.tuple(
        jobs({ failures: true, maxLength: 6 }, { onAbort: ['stop', 'ignore', 'fail', 'late-value'], maxCleanupMs: 200 }),
        limits(),
        fc.constantFrom('fail-fast' as const, 'settle' as const),
        fc.constantFrom(500, 10_000),
        fc.option(fc.integer({ min: 1, max: 3_000 }), { nil: undefined, freq: 3 }),
      ),
      async ([plan, limit, mode, timeoutMs, abortAt], scene) => {
        const { clock, fakes } = scene;
        const ops = fakeJobs(plan, scene);
        const caller = fakes.callerSignal(abortAt === undefined ? { when: 'never' } : { when: 'after', at: abortAt }, new Error('the caller gave up'));
        const outcome = await clock.run(() => orchestrate(ops, { concurrency: limit, mode, timeoutMs, signal: caller.signal }));
        if (outcome.status === 'pending') valueOf(outcome, 'orchestrate(jobs)');
        if (outcome.status === 'rejected') reasonOf(outcome, 'orchestrate(jobs)'); // passes "not implemented" through
        const ending: Ending = caller.signal.aborted ? 'caller abort' : plan.some((p) => p.ms > timeoutMs) ? 'timeout' : plan.some((p) => p.fails) ? 'failure' : 'success';
        // Counted at the instant orchestrate settled, before any further advance: a forgotten timer has not fired yet.
        const left = fakes.learnerTimers();
        ensure(
          left === 0,
          `When orchestrate(jobs, { mode: '${mode}', timeoutMs: ${timeoutMs}, signal }) settled at ${outcome.at} ms (after ${ending === 'caller abort' ? 'the caller aborted' : `a ${ending}`}), ${left} timer(s) ` +
            'of yours were still scheduled. Clear each job\'s timeout timer (clearTimeout, in a finally block) as soon as that job settles, on every path: ' +
            `a forgotten timer keeps the process alive and fires long after the work is done.${abortSignalTimeoutHint()}`,
        );
      },
      { numRuns: 30 },
    ),
  { rules: ['orch-no-timer-on-success', 'orch-no-timer-on-failure', 'orch-no-timer-on-timeout', 'orch-no-timer-on-caller-abort'] },
);

check(
  1,
  "orchestrate leaves no listener on the caller's signal once it settles",
  () =>
    holdsOnClock(
      fc.tuple(jobs({ failures: true, maxLength: 5 }), limits(), fc.constantFrom('fail-fast' as const, 'settle' as const), fc.option(fc.integer({ min: 1, max: 3_000 }), { nil: undefined })),
      async ([plan, limit, mode, abortAt], scene) => {
        const { clock, fakes } = scene;
        const ops = fakeJobs(plan, scene);
        const caller = fakes.callerSignal(abortAt === undefined ? { when: 'never' } : { when: 'after', at: abortAt }, new Error('the caller gave up'));
        const outcome = await clock.run(() => orchestrate(ops, { concurrency: limit, mode, signal: caller.signal }));
        if (outcome.status === 'pending') valueOf(outcome, 'orchestrate(jobs)');
        if (outcome.status === 'rejected') reasonOf(outcome, 'orchestrate(jobs)');
        const left = abortListeners(caller.signal);
        ensure(
          left === 0,
          `When orchestrate(jobs, { mode: '${mode}', signal }) settled at ${outcome.at} ms, ${left} 'abort' listener(s) of yours were still on the caller's signal. ` +
            "The caller's signal usually outlives the call: remove your listener when orchestrate ends (in a finally block), or a long-lived " +
            'signal collects one listener per call.',
        );
      },
    ),
  { rules: ['orch-no-listener-left'] },
);

// ------------------------------------------------- orchestrate, effect by effect

type ModelJob = { ms: number; fails: boolean; cleanupMs: number };
type ModelRun = { jobs: ModelJob[]; limit?: number; mode: 'fail-fast' | 'settle'; timeoutMs?: number; abortAt?: number };

/**
 * The rules of orchestrate as a model: which job starts, is aborted and
 * settles when, and when orchestrate settles, for jobs that stop (after their
 * cleanup) when aborted. `ambiguous` when two independent effects fall on the
 * same instant (the rules do not say which comes first).
 */
function orchestrateModel(run: ModelRun): { events: TraceEvent[]; ambiguous: boolean } {
  const events: TraceEvent[] = [];
  type Live = { i: number; start: number; end: number; abortedAt?: number; why?: 'timeout' | 'run stopped' };
  const live: Live[] = [];
  let next = 0;
  let stopped = false;
  let failure = false;
  let ambiguous = false;
  const limit = run.limit ?? Infinity;
  const startJobs = (t: number) => {
    while (!stopped && next < run.jobs.length && live.length < limit) {
      const i = next++;
      events.push({ at: t, kind: `job ${i} starts` });
      live.push({ i, start: t, end: t + run.jobs[i].ms });
    }
  };
  const abort = (job: Live, t: number, why: 'timeout' | 'run stopped') => {
    if (job.abortedAt !== undefined) return;
    job.abortedAt = t;
    job.why = why;
    job.end = t + run.jobs[job.i].cleanupMs;
    events.push({ at: t, kind: `job ${job.i} aborted (${why})` });
  };
  const stopAll = (t: number) => {
    stopped = true;
    for (const job of live) abort(job, t, 'run stopped');
  };
  if (run.abortAt === 0) return { events: [{ at: 0, kind: 'orchestrate rejects' }], ambiguous };
  startJobs(0);
  for (let guard = 0; live.length > 0 && guard < 1_000; guard++) {
    // The next instant something happens: a job ends (or has stopped), a timeout fires, the caller aborts.
    const due = live.map((j) => ({ j, at: j.end, what: 'end' as const }));
    if (run.timeoutMs !== undefined) for (const j of live) if (j.abortedAt === undefined) due.push({ j, at: j.start + run.timeoutMs, what: 'timeout' as never });
    const callerAt = run.abortAt !== undefined && !stopped ? run.abortAt : Infinity;
    const t = Math.min(callerAt, ...due.map((d) => d.at));
    const now = due.filter((d) => d.at === t);
    if (now.length + (callerAt === t ? 1 : 0) > 1 && !now.every((d) => d.j.abortedAt !== undefined && d.j.abortedAt === now[0].j.abortedAt)) ambiguous = true;
    if (callerAt === t) {
      stopAll(t);
      failure = true; // the run ends with the caller's reason
      continue;
    }
    const d = now[0];
    if ((d.what as string) === 'timeout') {
      if (d.j.end === t) ambiguous = true; // ends at the very instant it times out
      abort(d.j, t, 'timeout');
      // Does the failure count from the timeout or from when the job has stopped? The rules leave it open: no cleanup then.
      if (run.mode === 'fail-fast' && !stopped && run.jobs[d.j.i].cleanupMs > 0) ambiguous = true;
      if (run.mode === 'fail-fast' && !stopped) {
        failure = true;
        stopAll(t);
      }
      continue;
    }
    live.splice(live.indexOf(d.j), 1);
    const job = run.jobs[d.j.i];
    const failed = d.j.why === 'timeout' || (d.j.abortedAt === undefined && job.fails);
    events.push({ at: t, kind: `job ${d.j.i} settles` });
    if (failed && run.mode === 'fail-fast' && !stopped) {
      failure = true;
      stopAll(t);
    }
    startJobs(t);
  }
  const end = Math.max(0, ...events.map((e) => e.at));
  events.push({ at: end, kind: failure ? 'orchestrate rejects' : 'orchestrate resolves' });
  return { events, ambiguous };
}

/** Effects of one run, sorted within each instant (the order of simultaneous effects is not a rule). */
const canonical = (events: TraceEvent[]) =>
  [...events].sort((a, b) => a.at - b.at || (a.kind.startsWith('orchestrate') ? 1 : 0) - (b.kind.startsWith('orchestrate') ? 1 : 0) || a.kind.localeCompare(b.kind));

check(
  3,
  'orchestrate follows its rules effect by effect: every start, abort and settle, and its own end, on the virtual clock',
  () =>
    holdsOnClock(
      fc.record({
        jobs: fc.array(fc.record({ ms: delays({ max: 2_000 }), fails: fc.integer({ min: 0, max: 3 }).map((k) => k === 0), cleanupMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 })) }), {
          minLength: 1,
          maxLength: 7,
        }),
        limit: limits(3),
        mode: fc.constantFrom('fail-fast' as const, 'settle' as const),
        timeoutMs: fc.option(delays({ max: 2_000 }), { nil: undefined }),
        abortPermille: fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined, freq: 3 }),
      }),
      async (s, { clock, timeline, fakes }) => {
        const unaborted = orchestrateModel({ ...s, abortAt: undefined });
        const end = unaborted.events.at(-1)!.at;
        const abortAt = s.abortPermille === undefined ? undefined : Math.floor((end * s.abortPermille) / 1000);
        const model = orchestrateModel({ ...s, abortAt });
        fc.pre(!model.ambiguous && !unaborted.ambiguous && (abortAt === undefined || abortAt === 0 || !unaborted.events.some((e) => e.at === abortAt)));
        const ops = s.jobs.map((j, i) =>
          fakes.op(label(i), { ms: j.ms, result: j.fails ? { error: new Error(`job ${i} failed`) } : { value: i }, throwsSync: false, thenable: false, onAbort: 'stop', cleanupMs: j.cleanupMs }),
        );
        const caller = fakes.callerSignal(abortAt === undefined ? { when: 'never' } : abortAt === 0 ? { when: 'before' } : { when: 'after', at: abortAt }, new Error('the caller gave up'));
        const options = { concurrency: s.limit, mode: s.mode, timeoutMs: s.timeoutMs, signal: caller.signal };
        const outcome = await clock.run(() => orchestrate(ops, options));
        if (outcome.status === 'rejected') reasonOf(outcome, 'orchestrate'); // passes "not implemented" through
        await clock.advance(10_000); // anything still running shows up too
        const observed: TraceEvent[] = [];
        ops.forEach((op, i) =>
          op.records.forEach((r) => {
            observed.push({ at: r.startedAt, kind: `job ${i} starts` });
            if (r.abortedAt !== undefined) observed.push({ at: r.abortedAt, kind: `job ${i} aborted (${r.abortReason instanceof TimeoutError ? 'timeout' : 'run stopped'})` });
            if (r.settledAt !== undefined) observed.push({ at: r.settledAt, kind: `job ${i} settles` });
          }),
        );
        observed.push({ at: outcome.at, kind: outcome.status === 'pending' ? 'orchestrate never settles' : `orchestrate ${outcome.status === 'fulfilled' ? 'resolves' : 'rejects'}` });
        const settings = `${s.jobs.length} jobs, { mode: '${s.mode}', concurrency: ${s.limit}, timeoutMs: ${s.timeoutMs}${abortAt === undefined ? '' : `, signal aborted at ${abortAt} ms`} }`;
        ensureSameTrace(canonical(observed), canonical(model.events), {
          what: `orchestrate(${settings})`,
          picture: timeline,
          hint: (i) => {
            const e = canonical(model.events)[i];
            if (!e) return 'Nothing may start or stop once orchestrate has settled, and nothing it started may still be running then.';
            if (e.kind.includes('starts')) return 'Jobs start in input order, up to the limit, each the moment a slot frees, and never after a failure (fail-fast) or the caller\'s abort.';
            if (e.kind.includes('(timeout)')) return "A job's timeout counts from its own start and aborts that job only (with a TimeoutError).";
            if (e.kind.includes('(run stopped)')) return 'A failure (fail-fast, a timeout included) or the caller\'s abort aborts every running job at that instant.';
            if (e.kind.startsWith('orchestrate')) return 'orchestrate settles once every job it started has settled: resolve if nothing failed (or in settle mode), otherwise reject.';
            return undefined;
          },
        });
      },
      { numRuns: 60 },
    ),
  { rules: ['orch-start-order', 'orch-limit', 'orch-refill', 'orch-ff-abort', 'orch-ff-no-new', 'orch-ff-waits', 'orch-timeout-start', 'orch-timeout-fail-fast', 'orch-caller-abort'] },
);

// --------------------------------------------------------------- TaskGroup

/** A child behaviour: its own end after `ms`, and how it reacts to an abort. */
const childBehaviour = (ms: number, result: Behaviour['result'], extra: Partial<Behaviour> = {}): Behaviour => ({
  ms,
  result,
  throwsSync: false,
  thenable: false,
  onAbort: 'stop',
  cleanupMs: 0,
  ...extra,
});

/** Spawn a child that runs `task` and, if `then` is given, spawns `then` as its last act. */
const spawnChain = (group: TaskGroup, task: FakeOp, then?: FakeOp) =>
  group.spawn(async (signal) => {
    const value = await task(signal);
    if (then) quietly(group.spawn(then as (signal: AbortSignal) => Promise<unknown>));
    return value;
  });

check(
  3,
  'TaskGroup.wait() settles only after every child has settled, including children spawned while it waits',
  () =>
    holdsOnClock(
      fc.array(fc.record({ ms: delays({ max: 3_000 }), grandchild: fc.option(delays({ max: 3_000 }), { nil: undefined }) }), { maxLength: 5 }),
      async (plan, { clock, timeline, fakes }) => {
        const group = new TaskGroup();
        const children = plan.map((p, i) => fakes.op(`child ${i}`, childBehaviour(p.ms, { value: i })));
        const grandchildren = plan.map((p, i) => (p.grandchild === undefined ? undefined : fakes.op(`grandchild ${i}`, childBehaviour(p.grandchild, { value: i }))));
        const outcome = await clock.run(async () => {
          plan.forEach((_, i) => quietly(spawnChain(group, children[i], grandchildren[i])));
          await group.wait();
        });
        valueOf(outcome, 'group.wait()');
        const last = Math.max(0, ...plan.map((p) => p.ms + (p.grandchild ?? 0)));
        if (outcome.at !== last) {
          const straggler = timeline.spans.find((s) => s.end === undefined || s.end > outcome.at);
          await clock.advance(6_000); // let the stragglers finish, so the picture shows when they really ended
          fail(
            `group.wait() resolved at ${outcome.at} ms`,
            straggler
              ? `${straggler.label} was still running then: wait() settles only when every child has settled, even one spawned after wait() was called`
              : `the last child settled at ${last} ms`,
            'Count the running children (spawn adds one, each settle removes one) and resolve when the count reaches 0; ' +
              'a Promise.all over the children that exist when wait() is called misses the ones spawned later.',
            timeline,
          );
        }
      },
    ),
  { rules: ['group-waits-for-all'] },
);

check(
  1,
  "TaskGroup.spawn returns a promise of that child's own result",
  () =>
    holdsOnClock(
      fc.array(delays({ max: 3_000 }), { minLength: 1, maxLength: 5 }).chain((ms) => fc.tuple(fc.constant(ms), sharedDomain(domainValues, ms.length))),
      async ([plan, values], { clock, fakes }) => {
        const group = new TaskGroup();
        const calledAt: number[] = [];
        const outcome = await clock.run(async () => {
          const results = plan.map((ms, i) => {
            const child = fakes.op(`child ${i}`, childBehaviour(ms, { value: values[i] }));
            const p = group.spawn(child as (signal: AbortSignal) => Promise<unknown>);
            calledAt.push(child.calls);
            return p;
          });
          await group.wait();
          return Promise.all(results);
        });
        const got = valueOf(outcome, 'group.spawn(child) then group.wait()');
        ensure(
          calledAt.every((n) => n === 1),
          'spawn(fn) should call fn(signal) at once, before it returns (like asyncio.create_task, the child starts right away).',
        );
        ensure(
          sameItems(got, values),
          `Awaiting the promises spawn() returned gave ${show(got)}, but each should resolve with its own child's result itself, ` +
            `${show(values)}. Return the child's promise from spawn (like asyncio's create_task returns the task).`,
        );
      },
      { numRuns: 15 },
    ),
  { rules: ['group-spawn'] },
);

type ChildPlan = { ms: number; fails: boolean; ignoresAbort: boolean; cleanupMs: number };
const childPlans = fc
  .uniqueArray(
    fc.record({ ms: delays({ max: 3_000 }), fails: fc.boolean(), ignoresAbort: fc.boolean(), cleanupMs: fc.integer({ min: 0, max: 500 }) }),
    { minLength: 2, maxLength: 6, selector: (c) => c.ms },
  )
  .filter((plan) => plan.some((c) => c.fails))
  .chain((plan) => fc.tuple(fc.constant(plan), fc.array(domainReasons, { minLength: plan.length, maxLength: plan.length })));

/** Start every child of `plan` in a new group; returns what a check needs. */
function startGroup({ fakes }: ClockScene, [plan, reasons]: [ChildPlan[], unknown[]], honourCleanup: boolean) {
  const children = plan.map((c, i) =>
    fakes.op(
      `child ${i}`,
      childBehaviour(c.ms, c.fails ? { error: reasons[i] } : { value: i }, { onAbort: c.ignoresAbort ? 'ignore' : 'stop', cleanupMs: honourCleanup ? c.cleanupMs : 0 }),
    ),
  );
  const failAt = Math.min(...plan.filter((c) => c.fails).map((c) => c.ms));
  return { errors: reasons, children, failAt };
}

const spawnAll = (group: TaskGroup, children: FakeOp[]) => children.forEach((child) => quietly(attempt(() => group.spawn(child as (signal: AbortSignal) => Promise<unknown>))));

check(
  3,
  "a TaskGroup's first failure aborts every running sibling's signal at that instant",
  () =>
    holdsOnClock(childPlans, async (scenario, scene) => {
      const [plan] = scenario;
      const { clock, timeline } = scene;
      const { children, failAt, errors } = startGroup(scene, scenario, false);
      const group = new TaskGroup();
      const outcome = await clock.run(async () => {
        spawnAll(group, children);
        await group.wait();
      });
      reasonOf(outcome, 'group.wait()', 'A child failed, so wait() should reject.');
      ensureSignals(children, true);
      children.forEach((child, i) => {
        const r = child.records[0];
        if (plan[i].ms > failAt && r.abortedAt !== failAt) {
          fail(
            `child ${i} was still running when a sibling failed at ${failAt} ms, and its signal ${
              r.abortedAt === undefined ? 'was never aborted' : `aborted at ${r.abortedAt} ms`
            }`,
            "the group's first failure should abort every running child's signal at once",
            'Keep one AbortController for the group, give its signal to every child, and abort it when a child first rejects.',
            timeline,
          );
        }
        if (r.abortedAt !== undefined) {
          ensure(
            !errors.some((e) => Object.is(e, r.abortReason)),
            `child ${i}'s signal aborted with ${showReason(r.abortReason)}, the failing child's own reason: abort with a reason object of your own, ` +
              "so a child that rejects with it can be told apart from one that failed (it was cancelled).",
          );
        }
      });
    }),
  { rules: ['group-first-failure-aborts'] },
);

/** How a spawn() call ended: refused (threw, or returned a rejected promise) or accepted. */
function spawnOutcome(group: TaskGroup, fn: FakeOp): () => 'refused' | 'accepted' | 'pending' {
  let result: 'refused' | 'accepted' | 'pending' = 'pending';
  attempt(() => group.spawn(fn as (signal: AbortSignal) => Promise<unknown>)).then(
    () => (result = 'accepted'),
    () => (result = 'refused'),
  );
  return () => (fn.calls > 0 ? 'accepted' : result);
}

check(
  2,
  'once a TaskGroup has failed or finished, spawn refuses new tasks: it throws and never calls the function',
  () =>
    holdsOnClock(
      fc.tuple(delays({ min: 10, max: 1_000 }), delays({ min: 1, max: 1_000 }), fc.array(delays({ max: 1_000 }), { maxLength: 3 })),
      async ([failAt, later, finishedChildren], { clock, timeline, fakes }) => {
        const group = new TaskGroup();
        const late = fakes.op('late', childBehaviour(10, { value: 'late' }));
        let lateSpawn: (() => string) | undefined;
        const outcome = await clock.run(async () => {
          quietly(group.spawn(fakes.op('fails', childBehaviour(failAt, { error: new Error('boom') })) as (signal: AbortSignal) => Promise<unknown>));
          // A child that ignores its signal keeps the group busy, so the late spawn meets a group that is shutting down.
          quietly(group.spawn(fakes.op('slow', childBehaviour(failAt + later + 1_000, { value: 'slow' }, { onAbort: 'ignore' })) as (signal: AbortSignal) => Promise<unknown>));
          fakes.timer(() => (lateSpawn = spawnOutcome(group, late)), failAt + later);
          await group.wait();
        });
        reasonOf(outcome, 'group.wait()', 'A child failed, so wait() should reject.');
        await clock.advance(later + 1_000 + 20); // past the late spawn and the slow child, even if wait() settled early
        const verdict = lateSpawn?.();
        if (verdict !== 'refused') {
          fail(
            `spawn() at ${failAt + later} ms, after a child had failed at ${failAt} ms, ${
              verdict === 'accepted' ? 'started the new task' : verdict === 'pending' ? 'returned a promise that never settled' : 'was never reached'
            }`,
            'a failed group is shutting down: spawn must refuse new tasks (throw) and never call the function',
            'Remember that the group has failed, and make spawn throw an Error while it is shutting down.',
            timeline,
          );
        }
        // A group whose wait() has settled is finished too: with no child, or after its children all succeeded.
        const done = new TaskGroup();
        valueOf(
          await clock.run(async () => {
            finishedChildren.forEach((ms, i) => quietly(done.spawn(fakes.op(`finished ${i}`, childBehaviour(ms, { value: i })) as (signal: AbortSignal) => Promise<unknown>)));
            await done.wait();
          }),
          `wait() on a group with ${finishedChildren.length} child(ren) that succeed`,
        );
        const afterwards = spawnOutcome(done, fakes.op('spawned after wait', childBehaviour(10, { value: 'after' })));
        await clock.advance(10);
        ensure(
          afterwards() === 'refused',
          `spawn() on a group whose wait() had already settled (it had ${finishedChildren.length} child(ren), all done) did not throw. ` +
            "A finished group can't wait for a new task any more: spawn must throw, and never call the function.",
        );
      },
      { numRuns: 15 },
    ),
  { rules: ['group-refuses-after-failure', 'group-refuses-after-wait'] },
);

check(
  3,
  'TaskGroup.wait() rejects with an AggregateError of the real failures, only after every child has settled',
  () =>
    holdsOnClock(
      childPlans,
      async (scenario, scene) => {
        const { clock, timeline } = scene;
        const { children, errors } = startGroup(scene, scenario, true);
        const group = new TaskGroup();
        const outcome = await clock.run(async () => {
          spawnAll(group, children);
          await group.wait();
        });
        const reason = reasonOf(outcome, 'group.wait()', 'A child failed, so wait() should reject.');
        ensureSignals(children, true);
        await clock.advance(3_500); // let every child finish, to know when each really settled
        // Compared with what really happened to the children (aborting has its own check).
        const records = children.map((child, i) => ({ i, ...child.records[0] }));
        const last = records.reduce((a, b) => ((b.settledAt ?? Infinity) > (a.settledAt ?? Infinity) ? b : a));
        const lastAt = last.settledAt ?? Infinity;
        if (outcome.at < lastAt) {
          fail(
            `group.wait() rejected at ${outcome.at} ms`,
            `child ${last.i} was still running or cleaning up until ${lastAt} ms: ` + 'wait() settles only when every child has settled',
            'Do not reject on the first failure: abort the others, then wait for all of them, then throw.',
            timeline,
          );
        }
        if (outcome.at > lastAt) {
          fail(`group.wait() rejected at ${outcome.at} ms`, `every child had settled at ${lastAt} ms, and it should reject then`, undefined, timeline);
        }
        // Real failures: children that rejected with their own reason (not with the abort reason), in the order they failed.
        const real = records
          .filter((r) => r.settled === 'rejected')
          .sort((a, b) => (a.settledAt ?? 0) - (b.settledAt ?? 0))
          .map((r) => errors[r.i]);
        ensure(
          reason instanceof AggregateError,
          `group.wait() rejected with ${showReason(reason)}, but it should reject with an AggregateError whose .errors are the failures ` +
            `(like Python's ExceptionGroup): new AggregateError(errors, message).`,
        );
        const got = reason.errors;
        const cancelled = got.filter((e) => !errors.some((x) => Object.is(x, e)));
        ensure(
          cancelled.length === 0,
          `The AggregateError's errors include ${show(cancelled)}: what the group's own abort made a child reject with. ` +
            "A child that rejects with its signal's abort reason was cancelled, it did not fail: leave it out " +
            '(Python leaves CancelledError out of the ExceptionGroup). Abort with a reason object of your own and compare with ===.',
        );
        ensure(
          got.length === real.length && got.every((e, i) => Object.is(e, real[i])),
          `The AggregateError's errors are ${show(got)}, but they should be ${show(real)}: every child that really failed, with its reason itself ` +
            '(the first failure, and any child that went on and failed with a reason of its own, Error or not), in the order they failed.',
        );
      },
      { numRuns: 30 },
    ),
  { rules: ['group-aggregate', 'group-cancelled-left-out'] },
);

check(
  1,
  'a child that throws synchronously fails the group like one that rejects',
  () =>
    holdsOnClock(
      fc.tuple(fc.array(delays({ max: 2_000 }), { minLength: 0, maxLength: 4 }), fc.nat(), domainReasons),
      async ([siblings, seed, error], { clock, timeline, fakes }) => {
        const group = new TaskGroup();
        const at = seed % (siblings.length + 1); // where the throwing child is spawned among its siblings
        const ops = siblings.map((ms, i) => fakes.op(`child ${i}`, childBehaviour(ms, { value: i })));
        const thrower = fakes.op('thrower', childBehaviour(1, { error }, { throwsSync: true }));
        const order = [...ops.slice(0, at), thrower, ...ops.slice(at)];
        const outcome = await clock.run(async () => {
          spawnAll(group, order);
          await group.wait();
        });
        const reason = reasonOf(outcome, 'group.wait() after a child threw synchronously', 'A child that throws has failed: wait() should reject.');
        ensure(
          reason instanceof AggregateError && reason.errors.length === 1 && Object.is(reason.errors[0], error),
          `group.wait() rejected with ${showReason(reason)}, but it should reject with an AggregateError holding exactly the thrown ${showReason(error)}. ` +
            'Call each child inside an async wrapper, (async () => fn(signal))(), so a throw becomes its rejection.',
        );
        ops.slice(0, at).forEach((op, i) => {
          if (op.records[0]?.abortedAt !== 0) {
            fail(
              `child ${i} was running when the thrower failed at 0 ms, and its signal ${op.records[0]?.abortedAt === undefined ? 'was never aborted' : `aborted at ${op.records[0].abortedAt} ms`}`,
              'a synchronous throw is a failure: it aborts every running sibling at once',
              undefined,
              timeline,
            );
          }
        });
      },
    ),
  { rules: ['group-sync-throw'] },
);

check(
  1,
  'several callers can wait on one TaskGroup: every wait() settles the same way, when the last child settles',
  () =>
    holdsOnClock(
      fc.tuple(fc.array(delays({ max: 2_000 }), { minLength: 1, maxLength: 4 }), fc.boolean(), fc.integer({ min: 2, max: 3 }), fc.nat({ max: 2_500 })),
      async ([plan, oneFails, waiters, secondAt], { clock, timeline, fakes }) => {
        const group = new TaskGroup();
        const error = new Error('child 0 failed');
        const children = plan.map((ms, i) => fakes.op(`child ${i}`, childBehaviour(ms, i === 0 && oneFails ? { error } : { value: i })));
        // A failure aborts the others at once (they stop at once): everything is over when child 0 fails.
        const endsAt = oneFails ? plan[0] : Math.max(...plan);
        const ends: Array<{ how: string; at: number } | undefined> = Array.from({ length: waiters }, () => undefined);
        const watch = (k: number) =>
          attempt(() => group.wait()).then(
            () => (ends[k] = { how: 'resolved', at: clock.now }),
            (reason: unknown) => (ends[k] = { how: reason instanceof AggregateError ? 'rejected with an AggregateError' : `rejected with ${showReason(reason)}`, at: clock.now }),
          );
        const outcome = await clock.run(async () => {
          spawnAll(group, children);
          watch(0);
          // The other callers come later, while the children run (or just as the first one settles).
          for (let k = 1; k < waiters; k++) fakes.timer(() => void watch(k), Math.floor((Math.min(secondAt, endsAt) * k) / waiters));
          await new Promise<void>((resolve) => fakes.timer(resolve, endsAt + 1));
        });
        valueOf(outcome, 'the waiting callers');
        const want = { how: oneFails ? 'rejected with an AggregateError' : 'resolved', at: endsAt };
        ends.forEach((end, k) =>
          ensure(
            end !== undefined && end.how === want.how && end.at === want.at,
            () =>
              `wait() call ${k + 1} of ${waiters} ${end === undefined ? 'never settled' : `${end.how} at ${end.at} ms`}, but every caller's wait() should have ` +
              `${want.how} at ${want.at} ms, when the last child settled. Keep one promise (or a list of waiters) for all callers: ` +
              'a second wait() must not replace the first one\'s resolver.\n\n' +
              timeline.render(),
          ),
        );
      },
    ),
  { rules: ['group-several-waiters'] },
);

check(
  1,
  "a TaskGroup handles every child's failure: a dropped spawn() promise never goes unhandled",
  () =>
    holdsOnClock(
      fc.array(fc.record({ ms: delays({ max: 2_000 }), fails: fc.boolean() }), { minLength: 1, maxLength: 5 }).filter((plan) => plan.some((c) => c.fails)),
      async (plan, { clock, fakes, unhandled }) => {
        const group = new TaskGroup();
        const children = plan.map((c, i) => fakes.op(`child ${i}`, childBehaviour(c.ms, c.fails ? { error: new Error(`child ${i} failed`) } : { value: i })));
        const outcome = await clock.run(async () => {
          // As the lesson's own example does: spawn's promise is dropped, only wait() is awaited.
          for (const child of children) {
            try {
              void group.spawn(child as (signal: AbortSignal) => Promise<unknown>);
            } catch {
              // spawn refused (the group already failed): nothing was started
            }
          }
          await group.wait();
        });
        reasonOf(outcome, 'group.wait()', 'A child failed, so wait() should reject.');
        await clock.advance(2_500);
        await clock.advance(0);
        ensure(
          unhandled.length === 0,
          () =>
            `With spawn()'s promises dropped (as in the lesson's example), ${unhandled.length} rejection(s) went unhandled (${unhandled.map(showReason).join(', ')}): ` +
            'in a real program Node would crash. The group already reports failures through wait(), so it must handle each child\'s promise itself; ' +
            'note that promise.finally(...) and promise.then(onValue) make new promises that reject unhandled.',
        );
      },
    ),
  { rules: ['group-no-unhandled'] },
);

check(
  2,
  '`await using` a TaskGroup waits for its children and throws like wait()',
  () =>
    holdsOnClock(
      fc.tuple(fc.array(delays({ max: 3_000 }), { minLength: 1, maxLength: 5 }), fc.boolean()),
      async ([plan, oneFails], { clock, timeline, fakes }) => {
        const error = new Error('child 0 failed');
        const children = plan.map((ms, i) => fakes.op(`child ${i}`, childBehaviour(ms, i === 0 && oneFails ? { error } : { value: i })));
        const ran = await clock.run(async () => {
          await using group = new TaskGroup();
          spawnAll(group, children);
        });
        // When both the block and the disposal throw, `await using` wraps them in a SuppressedError: report the disposal's.
        const outcome =
          ran.status === 'rejected' && (ran.reason as Error)?.name === 'SuppressedError' ? { ...ran, reason: (ran.reason as { error: unknown }).error } : ran;
        if (outcome.status === 'rejected' && outcome.reason instanceof TypeError && /dispos/i.test(String(outcome.reason.message))) {
          fail(
            '`await using group = new TaskGroup()` threw ' + showReason(outcome.reason),
            'TaskGroup should have a [Symbol.asyncDispose]() method that does what wait() does',
            'Add: async [Symbol.asyncDispose]() { await this.wait(); }',
          );
        }
        await clock.advance(3_000); // let every child finish, to know when the last one really settled
        const last = Math.max(...children.map((child) => child.records[0]?.settledAt ?? Infinity));
        if (oneFails) {
          const reason = reasonOf(outcome, 'the `await using` block', 'Its child failed, so leaving the block should throw.');
          ensure(reason instanceof AggregateError && reason.errors.includes(error), `Leaving the block threw ${showReason(reason)}, but it should throw an AggregateError holding ${show(error)}.`);
        } else {
          valueOf(outcome, 'the `await using` block');
        }
        if (outcome.at !== last) {
          fail(
            `the \`await using\` block ended at ${outcome.at} ms`,
            `its last child settled at ${last} ms, and leaving the block should wait for it`,
            '[Symbol.asyncDispose] must return the promise of wait() (did you forget `await` or `return`?).',
            timeline,
          );
        }
      },
      { numRuns: 20 },
    ),
  { rules: ['group-async-dispose'] },
);
