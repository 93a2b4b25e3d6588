// Grader for 06-orchestrator. Lesson: structured fan-out → fan-in. Jobs run
// side by side under a limit, every job gets an AbortSignal, a failure or the
// caller cancels the rest, and nothing outlives the call (asyncio.TaskGroup).
// Every timing here is virtual (fake clock); the fake jobs honour their signal.
import { orchestrate, TaskGroup, TimeoutError } from '@exercise/06-orchestrator';
import {
  abortables,
  abortAt,
  abortSignalTimeoutHint,
  attempt,
  check,
  delays,
  ensure,
  exact,
  fail,
  fc,
  holds,
  onVirtualClock,
  reasonOf,
  show,
  showReason,
  Timeline,
  valueOf,
  type AbortableOptions,
  type AbortableTask,
  type VirtualClock,
} from './support';

// ------------------------------------------------------------------ plans

type JobPlan = { ms: number; fails: boolean };

const valueFor = (i: number) => `value ${i}`;
/** Mark a promise (or whatever spawn returned) as handled: the checks read outcomes elsewhere. */
const quietly = (value: unknown) => void Promise.resolve(value).catch(() => undefined);
const label = (i: number) => `job ${i}`;

/** Random jobs: durations up to 3 s, some failing if `failures`. */
const jobPlans = (options: { failures: boolean; minLength?: number; maxLength?: number }) =>
  fc.array(
    fc.record({ ms: delays({ max: 3_000 }), fails: options.failures ? fc.boolean() : fc.constant(false) }),
    { minLength: options.minLength ?? 1, maxLength: options.maxLength ?? 7 },
  );

/** A concurrency limit, or none. */
const limits = fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined });

/**
 * Where each job starts and ends when jobs start in input order, each as soon
 * as one of `limit` slots is free (list scheduling). The reference timeline.
 */
function listSchedule(ms: number[], limit = Infinity): Array<{ start: number; end: number }> {
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

/** No two jobs end at the same instant, so "who was running when" has one answer. */
const distinctEnds = (ms: number[], limit?: number) => {
  const ends = listSchedule(ms, limit).map((s) => s.end);
  return new Set(ends).size === ends.length;
};

/** One run's fake jobs on a fresh timeline. */
function setup(clock: VirtualClock, plan: JobPlan[], options: (i: number) => AbortableOptions = () => ({})) {
  const timeline = new Timeline(() => clock.now);
  const kit = abortables(clock, timeline);
  const errors = plan.map((_, i) => new Error(`job ${i} failed`));
  const jobs = plan.map((p, i) => kit.task(label(i), p.ms, p.fails ? { error: errors[i] } : { value: valueFor(i) }, options(i)));
  return { timeline, kit, errors, jobs };
}

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

/** Every job must have received an AbortSignal. */
function ensureSignals(jobs: Array<AbortableTask<unknown>>): void {
  jobs.forEach((job, i) =>
    job.records.forEach((r) =>
      ensure(
        r.signal !== undefined,
        `${label(i)} was called with ${show(r.args[0])} instead of an AbortSignal. Call every job as job(signal): ` +
          'without a signal a job cannot be told to stop.',
      ),
    ),
  );
}

/** Jobs that should have been started exactly once, the rest never. */
function ensureStarted(jobs: Array<AbortableTask<unknown>>, shouldStart: (i: number) => boolean, timeline: Timeline, why: string): void {
  jobs.forEach((job, i) => {
    if (shouldStart(i) && job.calls !== 1) {
      fail(`${label(i)} was called ${job.calls} time(s)`, 'it should have been called exactly once', why, timeline);
    }
    if (!shouldStart(i) && job.calls !== 0) {
      fail(`${label(i)} was started at ${job.records[0].startedAt} ms`, 'it should never have started', why, timeline);
    }
  });
}

// ---------------------------------------------------------- fan-out timing

check(3, 'orchestrate with no limit runs every job at once: n one-second jobs take 1 s', () =>
  holds(
    fc.asyncProperty(fc.integer({ min: 1, max: 8 }), (n) =>
      onVirtualClock(async (clock) => {
        const { timeline, jobs } = setup(clock, Array.from({ length: n }, () => ({ ms: 1_000, fails: false })));
        const outcome = await clock.run(() => orchestrate(jobs));
        const values = valueOf(outcome, `orchestrate(${n} jobs)`);
        if (outcome.at !== 1_000) {
          fail(`${n} one-second jobs took ${outcome.at} ms`, 'with no limit they all run together and take 1000 ms', SEQUENTIAL_HINT, timeline);
        }
        ensure(
          exact(values) === exact(jobs.map((_, i) => valueFor(i))),
          `orchestrate resolved with ${show(values)}, but it should resolve with every job's value in input order.`,
        );
      }),
    ),
    { numRuns: 15 },
  ),
);

check(3, 'orchestrate with concurrency c runs n one-second jobs in ceil(n/c) seconds', () =>
  holds(
    fc.asyncProperty(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 5 }), (n, c) =>
      onVirtualClock(async (clock) => {
        const { timeline, jobs } = setup(clock, Array.from({ length: n }, () => ({ ms: 1_000, fails: false })));
        const outcome = await clock.run(() => orchestrate(jobs, { concurrency: c }));
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
      }),
    ),
    { numRuns: 25 },
  ),
);

check(4, 'orchestrate keeps min(c, queued) jobs in flight: never more than c, and a freed slot is refilled at once', () =>
  holds(
    fc.asyncProperty(
      jobPlans({ failures: false, minLength: 2, maxLength: 8 }),
      fc.integer({ min: 1, max: 4 }),
      (plan, c) =>
        onVirtualClock(async (clock) => {
          fc.pre(distinctEnds(plan.map((p) => p.ms), c));
          const { timeline, jobs } = setup(clock, plan);
          valueOf(await clock.run(() => orchestrate(jobs, { concurrency: c })), `orchestrate(jobs, { concurrency: ${c} })`);
          ensureWithinLimit(timeline, c);
          ensureStarted(jobs, () => true, timeline, 'Every job runs exactly once.');
          const expected = listSchedule(plan.map((p) => p.ms), c);
          jobs.forEach((job, i) => {
            const started = job.records[0].startedAt;
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
        }),
    ),
  ),
);

check(2, 'orchestrate resolves with every value in input order, whatever order the jobs finish in', () =>
  holds(
    fc.asyncProperty(jobPlans({ failures: false, maxLength: 8 }), limits, (plan, limit) =>
      onVirtualClock(async (clock) => {
        const { jobs } = setup(clock, plan);
        const values = valueOf(await clock.run(() => orchestrate(jobs, { concurrency: limit })), `orchestrate(jobs, { concurrency: ${limit} })`);
        const expected = plan.map((_, i) => valueFor(i));
        ensure(
          exact(values) === exact(expected),
          `orchestrate resolved with ${show(values)}, but it should resolve with ${show(expected)}: each job's value at its ` +
            "job's index. Did you push values as jobs finished? Store each one at its index.",
        );
      }),
    ),
  ),
);

// ------------------------------------------------------------- fail-fast

check(4, 'fail-fast: the first failure aborts every running job at that instant and starts no new job', () =>
  holds(
    fc.asyncProperty(jobPlans({ failures: true, minLength: 2, maxLength: 8 }), limits, (plan, limit) =>
      onVirtualClock(async (clock) => {
        fc.pre(distinctEnds(plan.map((p) => p.ms), limit) && plan.some((p) => p.fails));
        const { timeline, jobs, errors } = setup(clock, plan);
        const first = firstFailure(plan, limit);
        const outcome = await clock.run(() => orchestrate(jobs, { concurrency: limit }));
        const reason = reasonOf(outcome, `orchestrate(jobs, { concurrency: ${limit} })`, 'In fail-fast mode the first failure rejects the whole call.');
        ensureWithinLimit(timeline, limit);
        ensureSignals(jobs);
        ensureStarted(
          jobs,
          (i) => first.schedule[i].start < first.at,
          timeline,
          `${label(first.index)} failed at ${first.at} ms (${limitText(limit)}): jobs due before then start, and after it no new job may start. ` +
            'Check for the failure before taking the next job from the queue.',
        );
        jobs.forEach((job, i) => {
          const { start, end } = first.schedule[i];
          if (start < first.at && end > first.at && job.records[0].abortedAt !== first.at) {
            fail(
              `${label(i)} was running when ${label(first.index)} failed at ${first.at} ms, and its signal ${
                job.records[0].abortedAt === undefined ? 'was never aborted' : `aborted only at ${job.records[0].abortedAt} ms`
              }`,
              'every running job should be aborted at the instant of the first failure',
              ABORT_HINT,
              timeline,
            );
          }
        });
        ensure(
          reason === errors[first.index],
          `orchestrate rejected with ${showReason(reason)}, but it should reject with the first failure itself: ${show(errors[first.index])} ` +
            `from ${label(first.index)}.`,
        );
        if (outcome.at !== first.at) {
          fail(`orchestrate rejected at ${outcome.at} ms`, `the first failure happened at ${first.at} ms and every other job stopped then`, undefined, timeline);
        }
      }),
    ),
  ),
);

check(2, 'fail-fast rejects with the first failure only after the aborted jobs have finished cleaning up', () =>
  holds(
    fc.asyncProperty(
      jobPlans({ failures: true, minLength: 2, maxLength: 7 }),
      limits,
      fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 7, maxLength: 7 }),
      (plan, limit, cleanup) =>
        onVirtualClock(async (clock) => {
          fc.pre(distinctEnds(plan.map((p) => p.ms), limit) && plan.some((p) => p.fails));
          const { timeline, jobs } = setup(clock, plan, (i) => ({ cleanupMs: cleanup[i] }));
          const outcome = await clock.run(() => orchestrate(jobs, { concurrency: limit }));
          reasonOf(outcome, `orchestrate(jobs, { concurrency: ${limit} })`);
          ensureWithinLimit(timeline, limit);
          await clock.advance(3_500); // let every job of ours finish, to know when each really settled
          // Compared with what really happened, so this check is about waiting only (aborting has its own check).
          const settled = jobs.flatMap((job, i) => job.records.map((r) => ({ i, at: r.settledAt ?? Infinity })));
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
        }),
    ),
  ),
);

// ------------------------------------------------------------------ settle

check(3, 'settle mode runs every job and returns every outcome in input order', () =>
  holds(
    fc.asyncProperty(jobPlans({ failures: true, maxLength: 8 }), limits, (plan, limit) =>
      onVirtualClock(async (clock) => {
        fc.pre(distinctEnds(plan.map((p) => p.ms), limit));
        const { timeline, jobs, errors } = setup(clock, plan);
        const outcome = await clock.run(() => orchestrate(jobs, { concurrency: limit, mode: 'settle' }));
        const result = valueOf(outcome, `orchestrate(jobs, { mode: 'settle' }) (it must not reject when jobs fail)`);
        ensureWithinLimit(timeline, limit);
        ensureStarted(jobs, () => true, timeline, 'In settle mode a failure stops nothing: every job runs.');
        const aborted = jobs.findIndex((job) => job.records[0].abortedAt !== undefined);
        if (aborted !== -1) {
          fail(`${label(aborted)}'s signal was aborted at ${jobs[aborted].records[0].abortedAt} ms`, 'settle mode aborts nothing', undefined, timeline);
        }
        const expected = plan.map((p, i) => (p.fails ? { status: 'rejected', reason: errors[i] } : { status: 'fulfilled', value: valueFor(i) }));
        ensure(
          Array.isArray(result) && exact(result) === exact(expected),
          `orchestrate resolved with ${show(result)}, but it should resolve with ${show(expected)}: one { status, value } or ` +
            '{ status, reason } per job, in input order (the shape of Promise.allSettled).',
        );
        ensure(
          result.every((r, i) => !plan[i].fails || (r as PromiseRejectedResult).reason === errors[i]),
          "A rejected outcome's reason should be the job's error object itself, not a copy or a new Error.",
        );
        const makespan = Math.max(...listSchedule(plan.map((p) => p.ms), limit).map((s) => s.end));
        if (outcome.at !== makespan) {
          fail(`orchestrate took ${outcome.at} ms`, `its jobs, run with ${limitText(limit)}, end at ${makespan} ms`, SEQUENTIAL_HINT, timeline);
        }
      }),
    ),
  ),
);

// ---------------------------------------------------------- cancellation

check(3, 'aborting the outer signal aborts every running job at once, starts nothing more, and rejects with its reason', () =>
  holds(
    fc.asyncProperty(
      jobPlans({ failures: false, minLength: 1, maxLength: 7 }),
      limits,
      fc.constantFrom('fail-fast' as const, 'settle' as const),
      fc.integer({ min: 0, max: 6_000 }),
      (plan, limit, mode, at) =>
        onVirtualClock(async (clock) => {
          const ends = listSchedule(plan.map((p) => p.ms), limit);
          fc.pre(at < Math.max(...ends.map((s) => s.end)) && !ends.some((s) => s.end === at || (at > 0 && s.start === at)));
          const { timeline, jobs } = setup(clock, plan);
          const why = new Error('the user pressed cancel');
          // at === 0: the signal is aborted before orchestrate is even called.
          const controller = at === 0 ? new AbortController() : abortAt(at, why);
          if (at === 0) controller.abort(why);
          const schedule = listSchedule(plan.map((p) => p.ms), limit);
          const outcome = await clock.run(() => orchestrate(jobs, { concurrency: limit, mode, signal: controller.signal }));
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
          ensureSignals(jobs);
          ensureStarted(
            jobs,
            (i) => schedule[i].start < at,
            timeline,
            at === 0
              ? 'The signal was already aborted when orchestrate was called: start nothing (signal.throwIfAborted() does it).'
              : `The signal aborted at ${at} ms: no job may start after that.`,
          );
          jobs.forEach((job, i) => {
            if (schedule[i].start < at && schedule[i].end > at && job.records[0].abortedAt !== at) {
              fail(
                `${label(i)} was running when the caller aborted at ${at} ms, and its signal ${
                  job.records[0].abortedAt === undefined ? 'was never aborted' : `aborted at ${job.records[0].abortedAt} ms`
                }`,
                'aborting the outer signal should abort every running job at once',
                "Combine the caller's signal into every job's signal: AbortSignal.any([options.signal, yours]).",
                timeline,
              );
            }
          });
          ensure(outcome.reason === why, `${what} rejected with ${showReason(outcome.reason)}, but it should reject with the signal's reason, ${show(why)}.`);
          if (outcome.at !== at) {
            fail(`${what} rejected at ${outcome.at} ms`, `the signal aborted at ${at} ms and every job stopped at once`, undefined, timeline);
          }
        }),
    ),
    { numRuns: 30 },
  ),
);

check(3, "a per-job timeout aborts that job's signal with a TimeoutError, counted from the job's own start", () =>
  holds(
    fc.asyncProperty(jobPlans({ failures: false, minLength: 1, maxLength: 7 }), limits, delays({ max: 3_000 }), (plan, limit, timeoutMs) =>
      onVirtualClock(async (clock) => {
        fc.pre(plan.every((p) => p.ms !== timeoutMs) && distinctEnds(plan.map((p) => Math.min(p.ms, timeoutMs)), limit));
        const { timeline, jobs } = setup(clock, plan);
        const effective = plan.map((p) => Math.min(p.ms, timeoutMs));
        const schedule = listSchedule(effective, limit);
        const outcome = await clock.run(() => orchestrate(jobs, { concurrency: limit, timeoutMs, mode: 'settle' }));
        const result = valueOf(outcome, `orchestrate(jobs, { timeoutMs: ${timeoutMs}, mode: 'settle' })`);
        ensureWithinLimit(timeline, limit);
        ensureSignals(jobs);
        ensureStarted(jobs, () => true, timeline, 'In settle mode a timed-out job stops only itself.');
        plan.forEach((p, i) => {
          const record = jobs[i].records[0];
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
            slot?.status === 'rejected' && slot.reason instanceof TimeoutError,
            `${label(i)} timed out, so its outcome should be { status: 'rejected', reason: <the TimeoutError> }, but it is ${exact(slot)}.`,
          );
        });
        const makespan = Math.max(...schedule.map((s) => s.end));
        if (outcome.at !== makespan) {
          fail(`orchestrate took ${outcome.at} ms`, `with every job cut at ${timeoutMs} ms it should take ${makespan} ms`, undefined, timeline);
        }
      }),
    ),
    { numRuns: 30 },
  ),
);

check(2, 'orchestrate leaves no timers behind once it settles (success, failure, timeout)', () =>
  holds(
    fc.asyncProperty(
      jobPlans({ failures: true, maxLength: 6 }),
      limits,
      fc.constantFrom('fail-fast' as const, 'settle' as const),
      fc.constantFrom(500, 10_000),
      (plan, limit, mode, timeoutMs) =>
        onVirtualClock(async (clock) => {
          const { jobs } = setup(clock, plan);
          const outcome = await clock.run(() => orchestrate(jobs, { concurrency: limit, mode, timeoutMs }));
          if (outcome.status === 'pending') valueOf(outcome, 'orchestrate(jobs)');
          if (outcome.status === 'rejected' && !plan.some((p) => p.fails || p.ms > timeoutMs)) reasonOf(outcome, 'orchestrate(jobs)');
          await clock.advance(3_000); // let any job of ours that is still running finish: only the code under test's timers remain
          const left = clock.pendingTimers();
          ensure(
            left === 0,
            `After orchestrate(jobs, { mode: '${mode}', timeoutMs: ${timeoutMs} }) settled and every job was over, ${left} timer(s) ` +
              'were still scheduled. Clear each job\'s timeout timer (clearTimeout, in a finally block) as soon as that job settles: ' +
              `a forgotten timer keeps the process alive and fires long after the work is done.${abortSignalTimeoutHint()}`,
          );
        }),
    ),
    { numRuns: 30 },
  ),
);

// --------------------------------------------------------------- TaskGroup

/** Spawn a child that runs `task` and, if `then` is given, spawns `then` as its last act. */
const spawnChain = (group: TaskGroup, task: AbortableTask<unknown>, then?: AbortableTask<unknown>) =>
  group.spawn(async (signal) => {
    const value = await task(signal);
    if (then) quietly(group.spawn(then));
    return value;
  });

check(3, 'TaskGroup.wait() settles only after every child has settled, including children spawned while it waits', () =>
  holds(
    fc.asyncProperty(
      fc.array(fc.record({ ms: delays({ max: 3_000 }), grandchild: fc.option(delays({ max: 3_000 }), { nil: undefined }) }), { maxLength: 5 }),
      (plan) =>
        onVirtualClock(async (clock) => {
          const timeline = new Timeline(() => clock.now);
          const kit = abortables(clock, timeline);
          const group = new TaskGroup();
          const children = plan.map((p, i) => kit.task(`child ${i}`, p.ms, { value: i }));
          const grandchildren = plan.map((p, i) => (p.grandchild === undefined ? undefined : kit.task(`grandchild ${i}`, p.grandchild, { value: i })));
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
        }),
    ),
  ),
);

check(1, "TaskGroup.spawn returns a promise of that child's own result", () =>
  holds(
    fc.asyncProperty(fc.array(delays({ max: 3_000 }), { minLength: 1, maxLength: 5 }), (plan) =>
      onVirtualClock(async (clock) => {
        const kit = abortables(clock, new Timeline(() => clock.now));
        const group = new TaskGroup();
        const outcome = await clock.run(async () => {
          const results = plan.map((ms, i) => group.spawn(kit.task(`child ${i}`, ms, { value: `result ${i}` })));
          await group.wait();
          return Promise.all(results);
        });
        const values = valueOf(outcome, 'group.spawn(child) then group.wait()');
        ensure(
          exact(values) === exact(plan.map((_, i) => `result ${i}`)),
          `Awaiting the promises spawn() returned gave ${show(values)}, but each should resolve with its own child's result, ` +
            `${show(plan.map((_, i) => `result ${i}`))}. Return the child's promise from spawn (like asyncio's create_task returns the task).`,
        );
      }),
    ),
    { numRuns: 15 },
  ),
);

type ChildPlan = { ms: number; fails: boolean; ignoresAbort: boolean; cleanupMs: number };
const childPlans = fc
  .uniqueArray(
    fc.record({ ms: delays({ max: 3_000 }), fails: fc.boolean(), ignoresAbort: fc.boolean(), cleanupMs: fc.integer({ min: 0, max: 500 }) }),
    { minLength: 2, maxLength: 6, selector: (c) => c.ms },
  )
  .filter((plan) => plan.some((c) => c.fails));

/** Start every child of `plan` in a new group; returns what a check needs. */
function startGroup(clock: VirtualClock, plan: ChildPlan[], honourCleanup: boolean) {
  const timeline = new Timeline(() => clock.now);
  const kit = abortables(clock, timeline);
  const errors = plan.map((_, i) => new Error(`child ${i} failed`));
  const children = plan.map((c, i) =>
    kit.task(`child ${i}`, c.ms, c.fails ? { error: errors[i] } : { value: i }, {
      ignoresAbort: c.ignoresAbort,
      cleanupMs: honourCleanup ? c.cleanupMs : 0,
    }),
  );
  const failAt = Math.min(...plan.filter((c) => c.fails).map((c) => c.ms));
  return { timeline, kit, errors, children, failAt };
}

check(3, "a TaskGroup's first failure aborts every running sibling's signal at that instant", () =>
  holds(
    fc.asyncProperty(childPlans, (plan) =>
      onVirtualClock(async (clock) => {
        const { timeline, children, failAt } = startGroup(clock, plan, false);
        const group = new TaskGroup();
        const outcome = await clock.run(async () => {
          children.forEach((child) => quietly(group.spawn(child)));
          await group.wait();
        });
        reasonOf(outcome, 'group.wait()', 'A child failed, so wait() should reject.');
        ensureSignals(children);
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
        });
      }),
    ),
  ),
);

/** How a spawn() call ended: refused (threw, or returned a rejected promise) or accepted. */
function spawnOutcome(group: TaskGroup, fn: AbortableTask<unknown>): () => 'refused' | 'accepted' | 'pending' {
  let result: 'refused' | 'accepted' | 'pending' = 'pending';
  attempt(() => group.spawn(fn)).then(
    () => (result = 'accepted'),
    () => (result = 'refused'),
  );
  return () => (fn.calls > 0 ? 'accepted' : result);
}

check(2, 'once a TaskGroup has failed or finished, spawn refuses new tasks: it throws and never calls the function', () =>
  holds(
    fc.asyncProperty(delays({ min: 10, max: 1_000 }), delays({ min: 1, max: 1_000 }), (failAt, later) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const kit = abortables(clock, timeline);
        const group = new TaskGroup();
        const late = kit.task('late', 10, { value: 'late' });
        let lateSpawn: (() => string) | undefined;
        const outcome = await clock.run(async () => {
          quietly(group.spawn(kit.task('fails', failAt, { error: new Error('boom') })));
          // A child that ignores its signal keeps the group busy, so the late spawn meets a group that is shutting down.
          quietly(group.spawn(kit.task('slow', failAt + later + 1_000, { value: 'slow' }, { ignoresAbort: true })));
          setTimeout(() => (lateSpawn = spawnOutcome(group, late)), failAt + later);
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
        // A group whose wait() has settled is finished too.
        const done = new TaskGroup();
        valueOf(await clock.run(() => done.wait()), 'wait() on a group with no children');
        const afterwards = spawnOutcome(done, kit.task('spawned after wait', 10, { value: 'after' }));
        await clock.advance(10);
        ensure(
          afterwards() === 'refused',
          "spawn() on a group whose wait() had already settled did not throw. A finished group can't wait for a new task any more: " +
            'spawn must throw, and never call the function.',
        );
      }),
    ),
    { numRuns: 15 },
  ),
);

check(3, 'TaskGroup.wait() rejects with an AggregateError of the real failures, only after every child has settled', () =>
  holds(
    fc.asyncProperty(childPlans, (plan) =>
      onVirtualClock(async (clock) => {
        const { timeline, children, errors } = startGroup(clock, plan, true);
        const group = new TaskGroup();
        const outcome = await clock.run(async () => {
          children.forEach((child) => quietly(group.spawn(child)));
          await group.wait();
        });
        const reason = reasonOf(outcome, 'group.wait()', 'A child failed, so wait() should reject.');
        ensureSignals(children);
        await clock.advance(3_500); // let every child finish, to know when each really settled
        // Compared with what really happened to the children (aborting has its own check).
        const records = children.map((child, i) => ({ i, ...child.records[0] }));
        const last = records.reduce((a, b) => ((b.settledAt ?? Infinity) > (a.settledAt ?? Infinity) ? b : a));
        const lastAt = last.settledAt ?? Infinity;
        if (outcome.at < lastAt) {
          fail(
            `group.wait() rejected at ${outcome.at} ms`,
            `child ${last.i} was still running or cleaning up until ${lastAt} ms: ` +
              'wait() settles only when every child has settled',
            'Do not reject on the first failure: abort the others, then wait for all of them, then throw.',
            timeline,
          );
        }
        if (outcome.at > lastAt) {
          fail(`group.wait() rejected at ${outcome.at} ms`, `every child had settled at ${lastAt} ms, and it should reject then`, undefined, timeline);
        }
        // Real failures: children that rejected with their own error (not with the abort reason), in the order they failed.
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
        const cancelled = got.filter((e) => !errors.includes(e as Error));
        ensure(
          cancelled.length === 0,
          `The AggregateError's errors include ${show(cancelled)}: what the group's own abort made a child reject with. ` +
            "A child that rejects with its signal's abort reason was cancelled, it did not fail: leave it out " +
            "(Python leaves CancelledError out of the ExceptionGroup). Abort with a reason object of your own and compare with ===.",
        );
        ensure(
          got.length === real.length && got.every((e, i) => e === real[i]),
          `The AggregateError's errors are ${show(got)}, but they should be ${show(real)}: every child that really failed ` +
            '(the first failure, and any child that went on and failed with an error of its own), in the order they failed.',
        );
      }),
    ),
    { numRuns: 30 },
  ),
);

check(2, '`await using` a TaskGroup waits for its children and throws like wait()', () =>
  holds(
    fc.asyncProperty(fc.array(delays({ max: 3_000 }), { minLength: 1, maxLength: 5 }), fc.boolean(), (plan, oneFails) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const kit = abortables(clock, timeline);
        const error = new Error('child 0 failed');
        const children = plan.map((ms, i) => kit.task(`child ${i}`, ms, i === 0 && oneFails ? { error } : { value: i }));
        const ran = await clock.run(async () => {
          await using group = new TaskGroup();
          children.forEach((child) => quietly(group.spawn(child)));
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
      }),
    ),
    { numRuns: 20 },
  ),
);
