// Grader for 08-scheduler. Lesson: time-driven concurrency. Jobs start at their
// due time, by priority then first in first out, under a concurrency cap;
// recurring jobs keep a fixed rate without overlapping themselves; retries back
// off by a formula; cancel, pause, drain and stop leave nothing behind. All on
// the fake clock, with every timer counted at the moment it matters.
import { CancelledError, Scheduler, type ScheduleOptions } from '@exercise/08-scheduler';
import { check, ensure, fail, fc, holds, isNotImplemented, onVirtualClock, peek, settle, show, showReason, Timeline, type VirtualClock } from './support';
import { expectedTicks, heldJob, ruleOrder, timedJob, watch } from './08-scheduler/fixtures';
import { schedulerFollowsTheModel } from './08-scheduler/model';

function kitOn(clock: VirtualClock) {
  return { timeline: new Timeline(() => clock.now) };
}

const ORDER_HINT =
  'Keep ONE list of waiting jobs; whenever a slot frees or a due time comes, take every job due by now and start the best ones: ' +
  'sort by priority (higher first), then due time, then schedule() order. One wake-up timer for the earliest future due time ' +
  'compares jobs that fall due at the same instant together; a timer per job that starts its own job does not.';

// ------------------------------------------------------------------ model

check(6, 'Scheduler follows the model through random schedule, cancel, time passing, pause, resume, complete, fail, drain and stop', () =>
  holds(schedulerFollowsTheModel(), { numRuns: 60 }),
  { rules: ['due-time', 'priority-first', 'fifo', 'concurrency-cap', 'retry-backoff', 'done-outcome', 'cancel-waiting', 'cancel-running', 'cancel-settled', 'pause', 'drain', 'stop-rejects', 'stop-clears-timers', 'no-idle-timer'], timeoutMs: 20_000 },
);

// ------------------------------------------------------- due time and cap

check(3, 'a job starts at its due time, or as soon as a slot frees; never more than concurrency at once', () =>
  holds(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 3 }),
      fc.array(fc.record({ delayMs: fc.integer({ min: 0, max: 300 }), ms: fc.integer({ min: 1, max: 250 }), useAt: fc.boolean() }), { minLength: 1, maxLength: 8 }),
      (concurrency, specs) =>
        onVirtualClock(async (clock) => {
          const { timeline } = kitOn(clock);
          const scheduler = new Scheduler({ concurrency });
          const jobs = specs.map((s, i) => {
            const j = timedJob(clock, timeline, `job ${i + 1}`, s.ms);
            // `at` is on the Date.now() scale, which starts at 0 on the grader's clock; a negative `at` is already past.
            const options: ScheduleOptions = s.useAt ? { at: s.delayMs - 50 } : { delayMs: s.delayMs };
            watch(scheduler.schedule(j.job, options));
            return { ...j, dueAt: s.useAt ? Math.max(0, s.delayMs - 50) : s.delayMs, options };
          });
          await clock.advance(300 + 250 * specs.length + 1);
          const ends = jobs.flatMap((j) => j.ends);
          const setting = `new Scheduler({ concurrency: ${concurrency} }) and ${jobs.map((j, i) => `job ${i + 1} ${show(j.options)} taking ${specs[i].ms} ms`).join(', ')}`;
          for (const [i, j] of jobs.entries()) {
            const at = j.starts[0];
            if (at === undefined) fail(`With ${setting}, job ${i + 1} never started`, `it was due at ${j.dueAt} ms`, ORDER_HINT, timeline);
            if (at < j.dueAt) fail(`With ${setting}, job ${i + 1} started at ${at} ms`, `it was due at ${j.dueAt} ms: never start a job early`, undefined, timeline);
            if (at > j.dueAt && !ends.includes(at)) {
              fail(
                `With ${setting}, job ${i + 1} (due at ${j.dueAt} ms) started at ${at} ms, when no slot freed`,
                'a job starts at its due time, or at the instant a slot frees',
                ORDER_HINT,
                timeline,
              );
            }
            for (const t of at > j.dueAt ? [j.dueAt, ...ends.filter((e) => e > j.dueAt && e < at)] : []) {
              if (timeline.liveAt(t) < concurrency) {
                fail(
                  `With ${setting}, job ${i + 1} was due at ${j.dueAt} ms but waited until ${at} ms while only ${timeline.liveAt(t)} of ${concurrency} slots were busy at ${t} ms`,
                  'a due job starts as soon as a slot is free',
                  'When a job ends, start the next due job at once; when a due time comes, start what fits.',
                  timeline,
                );
              }
            }
          }
          ensure(
            timeline.maxLive() <= concurrency,
            () => `With ${setting}, ${timeline.maxLive()} jobs ran at once, but concurrency is ${concurrency}.\n\n${timeline.render()}`,
          );
        }),
    ),
    { numRuns: 60 },
  ),
  { rules: ['due-time', 'concurrency-cap'] },
);

// ------------------------------------------------------------ order rules

/** Jobs that all become due while every slot is busy (or at one shared instant), then start one batch at a time. */
function orderScenario(options: { equalPriorities: boolean }) {
  return fc.record({
    concurrency: fc.integer({ min: 1, max: 2 }),
    blocked: fc.boolean(),
    jobs: fc.array(
      fc.record({
        delayMs: fc.constantFrom(10, 10, 20, 50, 50, 90),
        priority: options.equalPriorities ? fc.constant(0) : fc.integer({ min: -2, max: 3 }),
        // Scheduled later, at its due time, with an `at` already past: it is due when scheduled (not earlier), and comes after those scheduled before it.
        late: fc.boolean(),
      }),
      { minLength: 2, maxLength: 7 },
    ),
  });
}

async function startOrder(clock: VirtualClock, s: { concurrency: number; blocked: boolean; jobs: Array<{ delayMs: number; priority: number; late?: boolean }> }) {
  const { timeline } = kitOn(clock);
  const scheduler = new Scheduler({ concurrency: s.concurrency });
  const run = 30;
  // Blocked: blockers hold every slot until 100 ms, so all jobs are due and waiting by then.
  // Not blocked: every job is due at the same instant (the first delay), with every slot free.
  if (s.blocked) for (let b = 0; b < s.concurrency; b++) watch(scheduler.schedule(timedJob(clock, timeline, `blocker ${b + 1}`, 100).job, { priority: 100 }));
  const jobs = s.jobs.map((spec, i) => {
    const delayMs = s.blocked ? spec.delayMs : s.jobs[0].delayMs;
    const late = s.blocked && spec.late === true;
    const j = timedJob(clock, timeline, `p${spec.priority} #${i + 1}`, run);
    if (late) setTimeout(() => watch(scheduler.schedule(j.job, { at: delayMs - 7, priority: spec.priority })), delayMs);
    else watch(scheduler.schedule(j.job, { delayMs, priority: spec.priority }));
    // The order of the schedule() calls: the late ones after all those made at 0 ms, by time, then by number.
    const called = late ? 1_000 + delayMs * 10 + i : i;
    const label = late
      ? `job ${i + 1} (priority ${spec.priority}, scheduled at ${delayMs} ms with { at: ${delayMs - 7} }, so due ${delayMs} ms)`
      : `job ${i + 1} (priority ${spec.priority}, due ${delayMs} ms)`;
    return { ...j, id: i, called, priority: spec.priority, dueAt: delayMs, label };
  });
  await clock.advance(100 + run * s.jobs.length + 1);
  const begin = s.blocked ? 100 : s.jobs[0].delayMs;
  const expected = ruleOrder(jobs.map((j) => ({ priority: j.priority, dueAt: j.dueAt, id: j.called, j }))).map(({ j }, k) => ({ j, at: begin + Math.floor(k / s.concurrency) * run }));
  const setting =
    `concurrency ${s.concurrency}; ${s.blocked ? 'every slot busy until 100 ms; ' : ''}` + `jobs: ${jobs.map((j) => j.label).join(', ')}`;
  const got = jobs.map((j) => j.starts[0]);
  const wrong = expected.find(({ j, at }) => got[j.id] !== at);
  if (wrong) {
    const order = [...jobs].filter((j) => j.starts[0] !== undefined).sort((a, b) => a.starts[0] - b.starts[0] || a.id - b.id);
    fail(
      `With ${setting}: they started in the order ${order.map((j) => `job ${j.id + 1}`).join(', ')} (${wrong.j.label} at ${show(got[wrong.j.id])} ms)`,
      `the rules start them in the order ${expected.map(({ j }) => `job ${j.id + 1}`).join(', ')} (${wrong.j.label} at ${wrong.at} ms)`,
      ORDER_HINT,
      timeline,
    );
  }
}

check(3, 'among due jobs, a higher priority starts first, also among jobs that fall due at the same instant', () =>
  holds(fc.asyncProperty(orderScenario({ equalPriorities: false }), (s) => onVirtualClock((clock) => startOrder(clock, s))), { numRuns: 45 }),
  { rules: ['priority-first'] },
);

/**
 * A job that ran once and is due again (a retry after its backoff, or its next tick) ties with jobs
 * scheduled after it, some of them before it came back: it was scheduled first, so it starts first.
 */
const comebackScenario = fc.record({
  concurrency: fc.integer({ min: 1, max: 2 }),
  again: fc.constantFrom('retry', 'tick'),
  firstMs: fc.integer({ min: 1, max: 40 }),
  dueAt: fc.integer({ min: 50, max: 120 }),
  scheduledAt: fc.array(fc.integer({ min: 0, max: 49 }), { minLength: 1, maxLength: 4 }),
});

async function comebackOrder(clock: VirtualClock, s: { concurrency: number; again: string; firstMs: number; dueAt: number; scheduledAt: number[] }) {
  const { timeline } = kitOn(clock);
  const scheduler = new Scheduler({ concurrency: s.concurrency });
  const run = 30;
  const first = timedJob(clock, timeline, 'job 1', (k) => (k === 1 ? s.firstMs : run), (k) => s.again === 'retry' && k === 1);
  const firstOptions: ScheduleOptions = s.again === 'retry' ? { retries: 1, backoff: { baseMs: s.dueAt - s.firstMs } } : { everyMs: s.dueAt };
  const firstHandle = scheduler.schedule(first.job, firstOptions);
  watch(firstHandle);
  const others: Array<ReturnType<typeof timedJob> & { scheduledAt: number }> = [];
  for (const at of [...s.scheduledAt].sort((a, b) => a - b)) {
    await clock.advance(at - clock.now);
    const j = timedJob(clock, timeline, `job ${others.length + 2}`, run);
    watch(scheduler.schedule(j.job, { at: s.dueAt }));
    others.push({ ...j, scheduledAt: at });
  }
  await clock.advance(s.dueAt + run * (others.length + 1) + 1 - clock.now);
  firstHandle.cancel();
  const got = [first.starts[1], ...others.map((j) => j.starts[0])];
  const expected = got.map((_, k) => s.dueAt + Math.floor(k / s.concurrency) * run);
  if (show(got) !== show(expected)) {
    const how = s.again === 'retry' ? `fails after ${s.firstMs} ms and is retried (backoff ${s.dueAt - s.firstMs} ms)` : `runs ${s.firstMs} ms, every ${s.dueAt} ms`;
    fail(
      `With concurrency ${s.concurrency}, job 1 ${show(firstOptions)} ${how}, so it is due again at ${s.dueAt} ms; jobs 2–${others.length + 1} were scheduled at ${show(others.map((j) => j.scheduledAt))} ms with { at: ${s.dueAt} }. ` +
        `At ${s.dueAt} ms, jobs 1–${others.length + 1} started at ${show(got)} ms`,
      `the rules start them at ${show(expected)} ms: equal priority and due time, so the one scheduled first (job 1) starts first`,
      'A retry or a next tick keeps its place: order by the job\'s schedule() order (its id), not by when it went back into the queue.',
      timeline,
    );
  }
}

check(2, 'among due jobs of equal priority: earlier due time first, then first scheduled first', () =>
  holds(
    fc.asyncProperty(fc.oneof(orderScenario({ equalPriorities: true }).map((order) => ({ order })), comebackScenario.map((comeback) => ({ comeback }))), (s) =>
      onVirtualClock((clock) => ('order' in s ? startOrder(clock, s.order) : comebackOrder(clock, s.comeback))),
    ),
    { numRuns: 80 },
  ),
  { rules: ['fifo'] },
);

// -------------------------------------------------------------- recurring

check(3, 'a recurring job runs at a fixed rate: ticks at start + k·everyMs, never counted from the end of a run', () =>
  holds(
    fc.asyncProperty(
      fc.integer({ min: 20, max: 500 }),
      fc.integer({ min: 0, max: 300 }),
      fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 4, maxLength: 6 }),
      (everyMs, delayMs, percents) =>
        onVirtualClock(async (clock) => {
          const { timeline } = kitOn(clock);
          const durations = percents.map((p) => Math.max(1, Math.floor(((everyMs - 1) * p) / 100))); // each run ends before the next tick
          const j = timedJob(clock, timeline, 'recurring', (k) => durations[k - 1] ?? 1);
          const scheduler = new Scheduler({ concurrency: 1 });
          const handle = scheduler.schedule(j.job, { delayMs, everyMs });
          watch(handle);
          const expected = expectedTicks(delayMs, everyMs, durations);
          await clock.advance(expected[expected.length - 1] + 1);
          const got = j.starts.slice(0, expected.length);
          if (show(got) !== show(expected)) {
            const drift = got.length > 1 && got[1] === (j.ends[0] ?? NaN) + everyMs;
            fail(
              `schedule(job, { delayMs: ${delayMs}, everyMs: ${everyMs} }) with runs of ${show(durations)} ms started at ${show(got)} ms`,
              `a fixed rate starts them at ${show(expected)} ms (start + k·${everyMs})`,
              drift
                ? 'The next run was counted from the END of the previous one, so the schedule drifts by each run\'s length. Count ticks from the first due time: start + k·everyMs.'
                : 'Compute each next due time from the first due time: start + k·everyMs.',
              timeline,
            );
          }
          handle.cancel();
        }),
    ),
    { numRuns: 50 },
  ),
  { rules: ['fixed-rate'] },
);

check(3, 'a recurring job whose run outlasts several ticks never overlaps itself and skips the missed ticks', () =>
  holds(
    fc.asyncProperty(
      fc.integer({ min: 20, max: 200 }),
      fc.array(fc.oneof(fc.integer({ min: 1, max: 350 }), fc.integer({ min: 1, max: 3 }).map((k) => -k)), { minLength: 3, maxLength: 6 }),
      (everyMs, raw) =>
        onVirtualClock(async (clock) => {
          const { timeline } = kitOn(clock);
          // A negative draw -k: the run lasts exactly k ticks and ends ON a tick (that tick is not missed).
          const durations = raw.map((d) => (d < 0 ? -d * everyMs : Math.max(1, Math.round((d * everyMs) / 100))));
          const j = timedJob(clock, timeline, 'recurring', (k) => durations[k - 1] ?? 1);
          const scheduler = new Scheduler({ concurrency: 2 });
          const handle = scheduler.schedule(j.job, { everyMs });
          watch(handle);
          const expected = expectedTicks(0, everyMs, durations);
          await clock.advance(expected[expected.length - 1] + 1);
          const runs = timeline.spans;
          const overlap = runs.findIndex((s, i) => i > 0 && s.start < (runs[i - 1].end ?? Infinity));
          if (overlap !== -1) {
            fail(
              `With everyMs: ${everyMs} and runs of ${show(durations)} ms, run ${overlap + 1} started at ${runs[overlap].start} ms while run ${overlap} was still going`,
              'a recurring job never overlaps itself, even with free slots',
              'Schedule the next run when the current one ENDS (at the next tick not yet passed), not when a tick comes.',
              timeline,
            );
          }
          const got = j.starts.slice(0, expected.length);
          if (show(got) !== show(expected)) {
            fail(
              `With everyMs: ${everyMs} and runs of ${show(durations)} ms, the runs started at ${show(got)} ms`,
              `they should start at ${show(expected)} ms: ticks missed while a run goes on are skipped, and the next run waits for the first tick at or after its end`,
              got.some((t, i) => i > 0 && t === j.ends[i - 1] && (t % everyMs) !== 0)
                ? 'A run started the moment the previous one ended, off the grid: the missed ticks were queued and caught up. Skip them: next tick = the first start + k·everyMs ≥ the end.'
                : 'next tick = the first start + k·everyMs that is ≥ the end of the run (and after the tick that just ran).',
              timeline,
            );
          }
          handle.cancel();
        }),
    ),
    { numRuns: 60 },
  ),
  { rules: ['no-overlap', 'skip-missed'] },
);

// ---------------------------------------------------------------- retries

const backoffs = fc.record({
  baseMs: fc.integer({ min: 0, max: 400 }),
  factor: fc.constantFrom(1, 1.5, 2, 3),
  maxMs: fc.option(fc.integer({ min: 0, max: 800 }), { nil: undefined, freq: 3 }),
});
const formula = (n: number, b: { baseMs: number; factor?: number; maxMs?: number }) => Math.round(Math.min(b.maxMs ?? Infinity, b.baseMs * (b.factor ?? 2) ** (n - 1)));
/** The lesson's stated default (DEFAULT_BACKOFF), written out: the grader does not take the learner's constant on trust. */
const stated = { baseMs: 1_000, factor: 2, maxMs: Infinity };

check(3, 'a failed attempt is retried after the backoff formula; done rejects with the last error, or resolves with the value', () =>
  holds(
    fc.asyncProperty(
      fc.integer({ min: 0, max: 4 }),
      fc.integer({ min: 0, max: 6 }),
      fc.option(backoffs, { nil: undefined, freq: 4 }),
      fc.array(fc.integer({ min: 1, max: 90 }), { minLength: 7, maxLength: 7 }),
      fc.boolean(),
      (retries, failures, backoff, ms, throwsNow) =>
      onVirtualClock(async (clock) => {
        const { timeline } = kitOn(clock);
        // throwsNow: a failing attempt throws at the call instead of rejecting later; the rule counts both as a failure.
        const j = timedJob(clock, timeline, 'flaky', (k) => ms[k - 1], (k) => k <= failures, throwsNow);
        const scheduler = new Scheduler({ concurrency: 1 });
        const options: ScheduleOptions = backoff === undefined ? { retries } : { retries, backoff };
        const what = `schedule(job, ${show(options)}) with a job whose first ${failures} attempt(s) ${throwsNow ? 'throw synchronously' : 'reject'}`;
        let done: ReturnType<typeof watch> | undefined;
        try {
          done = watch(scheduler.schedule(j.job, options));
          await clock.advance(20_000);
        } catch (error) {
          if (isNotImplemented(error)) throw error;
          fail(`${what}: the scheduler threw ${showReason(error)}`, 'an attempt that throws at the call is a failed attempt like a rejection: catch it, then retry or reject done', undefined, timeline);
        }
        const attempts = Math.min(failures + 1, retries + 1);
        if (j.starts.length !== attempts) {
          fail(
            `${what} made ${j.starts.length} attempt(s)`,
            `it should make ${attempts}: ${failures > retries ? `1 + ${retries} retries` : 'up to the first success'}`,
            j.starts.length > attempts ? 'Off by one: attempt n may be retried only while n ≤ retries.' : 'Retry a failed attempt while retries remain.',
            timeline,
          );
        }
        const waits = j.starts.slice(1).map((t, i) => t - j.ends[i]);
        const expected = waits.map((_, i) => formula(i + 1, backoff ?? stated));
        if (show(waits) !== show(expected)) {
          fail(
            `${what} waited ${show(waits)} ms between attempts`,
            `the formula Math.round(Math.min(maxMs, baseMs * factor ** (n - 1))) gives ${show(expected)} ms`,
            backoff === undefined
              ? 'Without a backoff option, use DEFAULT_BACKOFF: baseMs 1000, factor 2, maxMs Infinity.'
              : 'Wait n (before retry n) starts at the failure; n = 1 is baseMs. Defaults: factor 2, maxMs Infinity.',
            timeline,
          );
        }
        const state = done!.state;
        if (failures > retries) {
          ensure(
            state.status === 'rejected' && state.reason === j.errors[retries],
            () => `${what}: done is ${state.status}${state.status === 'rejected' ? ` with ${showReason(state.reason)}` : ''}, but after the last retry it should reject with the last attempt's own error, ${showReason(j.errors[retries])}.`,
          );
        } else {
          ensure(
            state.status === 'fulfilled' && state.value === 'flaky done',
            () => `${what}: done is ${state.status}${state.status !== 'pending' ? ` with ${show('value' in state ? state.value : state.reason)}` : ''}, but attempt ${failures + 1} succeeded with "flaky done".`,
          );
        }
        ensure(clock.pendingTimers() === 0, () => `The job is over, yet ${clock.pendingTimers()} timer(s) were still scheduled.`);
      }),
    ),
    { numRuns: 60 },
  ),
  { rules: ['retry-backoff', 'done-outcome'] },
);

check(2, 'a recurring job gets its retries anew for each run: a run that needed retries leaves the next run its full budget', () =>
  holds(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 3 }),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 5 }),
      (retries, wanted) =>
        onVirtualClock(async (clock) => {
          const { timeline } = kitOn(clock);
          // Run k fails its first failing[k] attempts (never more than retries), then succeeds: every run succeeds in the end.
          const failing = wanted.map((f) => Math.min(f, retries));
          const everyMs = 1_000;
          const attemptMs = 5;
          const baseMs = 10; // factor 1: every retry waits 10 ms
          const plan: Array<{ run: number; fails: boolean }> = failing.flatMap((f, run) => [...Array(f).fill(true), false].map((fails) => ({ run, fails })));
          const j = timedJob(clock, timeline, 'recurring', attemptMs, (k) => plan[k - 1]?.fails ?? false);
          const scheduler = new Scheduler({ concurrency: 1 });
          const options: ScheduleOptions = { everyMs, retries, backoff: { baseMs, factor: 1 } };
          const handle = scheduler.schedule(j.job, options);
          const done = watch(handle);
          const expected = failing.flatMap((f, run) => Array.from({ length: f + 1 }, (_, a) => run * everyMs + a * (attemptMs + baseMs)));
          await clock.advance(failing.length * everyMs - 1);
          const got = j.starts.slice(0, expected.length + 1);
          if (show(got) !== show(expected)) {
            fail(
              `schedule(job, ${show(options)}) whose runs fail their first ${show(failing)} attempt(s) then succeed: attempts started at ${show(got)} ms`,
              `they should start at ${show(expected)} ms: every run has its own ${retries} retr${retries === 1 ? 'y' : 'ies'}`,
              'Retries belong to a run: when a run succeeds (or a new tick starts), count attempts from 1 again.',
              timeline,
            );
          }
          const state = done.state;
          ensure(state.status === 'pending', () => `After ${failing.length} runs that each succeeded in the end, done is ${state.status}: a recurring job's done settles only when it is cancelled, stopped, or a run fails for good.`);
          handle.cancel();
        }),
    ),
    { numRuns: 40 },
  ),
  { rules: ['retry-backoff'] },
);

// ----------------------------------------------------------------- cancel

check(2, 'cancel() before a job starts: it never runs, done rejects with a CancelledError, and its timer is cleared at once', () =>
  holds(
    fc.asyncProperty(fc.array(fc.record({ delayMs: fc.integer({ min: 1, max: 500 }), everyMs: fc.option(fc.integer({ min: 10, max: 100 }), { nil: undefined }) }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 2 }), (specs, ranFirst) =>
      onVirtualClock(async (clock) => {
        const { timeline } = kitOn(clock);
        const scheduler = new Scheduler({ concurrency: 3 });
        const jobs = specs.map((s, i) => {
          const j = timedJob(clock, timeline, `job ${i + 1}`, 1);
          const options: ScheduleOptions = { delayMs: s.delayMs, ...(s.everyMs !== undefined ? { everyMs: s.everyMs } : {}) };
          const handle = scheduler.schedule(j.job, options);
          return { ...j, handle, done: watch(handle), options };
        });
        // Let recurring jobs run a few times first: their cancel() falls between runs.
        const until = Math.min(...specs.map((s) => s.delayMs)) - 1 + ranFirst * 150;
        await clock.advance(until);
        // Runs take 1 ms: step onto an instant where nothing runs, so every timer left is the scheduler's.
        while (timeline.spans.some((s) => s.end === undefined)) await clock.advance(1);
        const pendingBefore = jobs.filter((j) => j.done.state.status === 'pending');
        const runsBefore = jobs.map((j) => j.starts.length);
        for (const j of pendingBefore) {
          const got = j.handle.cancel();
          ensure(got === true, `cancel() on a job that had not settled (${show(j.options)}) returned ${show(got)}: it should return true.`);
        }
        const left = clock.pendingTimers();
        ensure(
          left === 0,
          `At ${clock.now} ms every waiting job was cancelled (${pendingBefore.map((j) => show(j.options)).join(', ')}), yet ${left} timer(s) were still scheduled. ` +
            'cancel() must clear the timer that would start the job (or re-arm your wake-up timer for the jobs left).',
        );
        for (const j of pendingBefore) {
          const seen = await peek(j.handle.done, clock);
          ensure(
            seen.status === 'rejected' && seen.reason instanceof CancelledError,
            `After cancel(), done of ${show(j.options)} was ${seen.status}${seen.status === 'rejected' ? ` with ${showReason(seen.reason)}` : ''}: it should reject at once with a CancelledError.`,
          );
        }
        await clock.advance(1_000);
        jobs.forEach((j, i) => {
          if (j.starts.length !== runsBefore[i]) {
            fail(
              `job ${i + 1} ${show(j.options)} was cancelled before ${until + 2} ms but ran again at ${j.starts[runsBefore[i]]} ms`,
              'a cancelled job never runs again (no run, no retry, no tick)',
              undefined,
              timeline,
            );
          }
        });
      }),
    ),
    { numRuns: 50 },
  ),
  { rules: ['cancel-waiting', 'cancel-recurring'] },
);

check(2, 'cancel() of a running job: it keeps its slot until it ends, done rejects at once, and nothing follows; cancel() after done returns false', () =>
  holds(
    fc.asyncProperty(fc.integer({ min: 10, max: 300 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), fc.boolean(), (ms, tenth, fails, recurring) =>
      onVirtualClock(async (clock) => {
        const { timeline } = kitOn(clock);
        const scheduler = new Scheduler({ concurrency: 1 });
        const a = timedJob(clock, timeline, 'A', ms, () => fails);
        const b = timedJob(clock, timeline, 'B', 10);
        const optionsA: ScheduleOptions = { retries: 2, backoff: { baseMs: 5 }, ...(recurring ? { everyMs: ms * 2 } : {}) };
        const handleA = scheduler.schedule(a.job, optionsA);
        const handleB = scheduler.schedule(b.job);
        const doneB = watch(handleB);
        const at = Math.max(1, Math.floor((ms * tenth) / 10));
        await clock.advance(at);
        const got = handleA.cancel();
        ensure(got === true, `cancel() on job A ${show(optionsA)} while it runs returned ${show(got)}: its done had not settled, so it should return true.`);
        const seen = await peek(handleA.done, clock);
        ensure(
          seen.status === 'rejected' && seen.reason instanceof CancelledError,
          `After cancel() of a running job, its done was ${seen.status}${seen.status === 'rejected' ? ` with ${showReason(seen.reason)}` : ''}: it should reject at once with a CancelledError.`,
        );
        await clock.advance(ms * 6);
        if (b.starts[0] !== ms) {
          fail(
            `With concurrency 1, job A ${show(optionsA)} running 0–${ms} ms and cancelled at ${at} ms, job B started at ${show(b.starts[0])} ms`,
            `it should start at ${ms} ms, when A's run really ends: a cancelled run is not interrupted and keeps its slot`,
            'Do not free the slot in cancel(): free it when the job\'s promise settles.',
            timeline,
          );
        }
        ensure(
          a.starts.length === 1,
          () => `Job A ${show(optionsA)} was cancelled during its first run, but ran again at ${a.starts[1]} ms: nothing follows a cancelled run (no retry, no tick).\n\n${timeline.render()}`,
        );
        ensure(doneB.state.status === 'fulfilled', `Job B's done is ${doneB.state.status}, but B ran and succeeded.`);
        const again = handleB.cancel();
        ensure(again === false, `cancel() on job B after its done resolved returned ${show(again)}: done has settled, so it should return false.`);
        const after = await peek(handleB.done, clock);
        ensure(after.status === 'fulfilled', 'cancel() after done resolved changed done: it must change nothing.');
        ensure(clock.pendingTimers() === 0, () => `Every job is over, yet ${clock.pendingTimers()} timer(s) were still scheduled.`);
      }),
    ),
    { numRuns: 40 },
  ),
  { rules: ['cancel-running', 'cancel-settled'] },
);

// ------------------------------------------------------- pause and resume

check(2, 'pause() starts nothing until resume(); due jobs wait, none is dropped, and they start on resume() in order', () =>
  holds(
    fc.asyncProperty(
      fc.array(fc.record({ delayMs: fc.integer({ min: 0, max: 200 }), priority: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 1, max: 2 }),
      fc.integer({ min: 201, max: 400 }),
      (specs, concurrency, resumeAt) =>
        onVirtualClock(async (clock) => {
          const { timeline } = kitOn(clock);
          const scheduler = new Scheduler({ concurrency });
          const running = timedJob(clock, timeline, 'running', 150);
          const runningDone = watch(scheduler.schedule(running.job, { priority: 100 }));
          scheduler.pause();
          const jobs = specs.map((s, i) => {
            const j = timedJob(clock, timeline, `job ${i + 1}`, 20);
            watch(scheduler.schedule(j.job, s));
            return { ...j, id: i, priority: s.priority, dueAt: s.delayMs };
          });
          await clock.advance(resumeAt);
          const early = jobs.find((j) => j.starts.length > 0);
          if (early) fail(`Job ${early.id + 1} started at ${early.starts[0]} ms while the scheduler was paused`, 'pause() starts nothing new until resume()', undefined, timeline);
          ensure(runningDone.state.status === 'fulfilled', 'The job that was running when pause() was called never finished: pause() lets running jobs go on.');
          scheduler.resume();
          await clock.advance(20 * specs.length + 1);
          const expected = ruleOrder(jobs).map((j, k) => ({ j, at: resumeAt + Math.floor(k / concurrency) * 20 }));
          const missing = jobs.find((j) => j.starts.length === 0);
          if (missing) {
            fail(
              `Job ${missing.id + 1} (due at ${missing.dueAt} ms, during the pause) never started after resume() at ${resumeAt} ms`,
              'jobs that fall due while paused wait and start on resume()',
              'pause() must not drop due jobs: keep them in the queue and start them when resume() is called.',
              timeline,
            );
          }
          const wrong = expected.find(({ j, at }) => j.starts[0] !== at);
          if (wrong) {
            fail(
              `After resume() at ${resumeAt} ms, job ${wrong.j.id + 1} (priority ${wrong.j.priority}, due ${wrong.j.dueAt} ms) started at ${wrong.j.starts[0]} ms`,
              `by the rules it starts at ${wrong.at} ms (order: ${expected.map(({ j }) => `job ${j.id + 1}`).join(', ')})`,
              'resume() starts what is due at once, in the usual order.',
              timeline,
            );
          }
        }),
    ),
    { numRuns: 50 },
  ),
  { rules: ['pause'] },
);

// ------------------------------------------------------------------ drain

check(2, 'drain() resolves at the first moment nothing runs and nothing is due, and leaves no timer when nothing waits', () =>
  holds(
    fc.asyncProperty(
      fc.array(fc.record({ delayMs: fc.integer({ min: 0, max: 200 }), ms: fc.integer({ min: 1, max: 200 }) }), { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 0, max: 250 }),
      fc.boolean(),
      (specs, concurrency, callAt, later) =>
        onVirtualClock(async (clock) => {
          const { timeline } = kitOn(clock);
          const scheduler = new Scheduler({ concurrency });
          const jobs = specs.map((s, i) => {
            const j = timedJob(clock, timeline, `job ${i + 1}`, s.ms);
            watch(scheduler.schedule(j.job, { delayMs: s.delayMs }));
            return j;
          });
          // Optionally a job due much later: it must not hold drain().
          const far = timedJob(clock, timeline, 'far later', 1);
          const farHandle = later ? scheduler.schedule(far.job, { delayMs: 1_000_000 }) : undefined;
          if (farHandle) watch(farHandle);
          await clock.advance(callAt);
          const outcome = await clock.run(() => scheduler.drain(), { limitMs: 5_000 });
          if (outcome.status === 'rejected' && isNotImplemented(outcome.reason)) throw outcome.reason;
          const drainedAt = outcome.status === 'fulfilled' ? callAt + outcome.at : undefined;
          // The first idle moment by the rules, from drain()'s call on: is any job running or due?
          const spans = jobs.map((j, i) => ({ end: j.ends[0] ?? Infinity, due: specs[i].delayMs }));
          const candidates = [callAt, ...spans.map((s) => s.end).filter((e) => e >= callAt && e !== Infinity)].sort((a, b) => a - b);
          const idleAt = candidates.find((t) => spans.every((s) => s.end <= t || s.due > t));
          const settingText = `${specs.length} job(s) ${show(specs)} with concurrency ${concurrency}${later ? ' and one more due at 1,000,000 ms' : ''}`;
          if (drainedAt !== idleAt) {
            fail(
              `drain() called at ${callAt} ms with ${settingText} ${drainedAt === undefined ? `never resolved (${outcome.status === 'rejected' ? `it rejected with ${showReason(outcome.reason)}` : 'in 5,000 ms'})` : `resolved at ${drainedAt} ms`}`,
              idleAt === undefined ? 'it should not resolve while a job runs or is due' : `it should resolve at ${idleAt} ms, the first moment nothing runs and nothing is due`,
              drainedAt !== undefined && (idleAt === undefined || drainedAt < idleAt)
                ? 'Running jobs count too: resolve only when nothing is running AND nothing due is waiting.'
                : 'Check after every job ends (and after cancel) whether anything is running or due; jobs due later do not count.',
              timeline,
            );
          }
          // Counted at once when every job is over (drain() resolved after the last one): nothing may be left.
          if (jobs.every((j) => j.ends.length === 1)) {
            if (farHandle) farHandle.cancel();
            const left = clock.pendingTimers();
            ensure(
              left === 0,
              `drain() resolved at ${drainedAt} ms after the last job ended${later ? ', and the job due later was cancelled' : ''}, yet ${left} timer(s) were still scheduled. ` +
                'Clear the wake-up timer when no job waits for a later time.',
            );
          }
        }),
    ),
    { numRuns: 40 },
  ),
  { rules: ['drain'] },
);

// ------------------------------------------------------------------- stop

check(3, 'stop() rejects every pending done at once, clears every timer at once (even in a retry backoff), lets running jobs finish, and takes no new job', () =>
  holds(
    fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 5 }), (concurrency, baseMs, waiting) =>
      onVirtualClock(async (clock) => {
        const { timeline } = kitOn(clock);
        const scheduler = new Scheduler({ concurrency });
        // A job that fails at once and waits out its backoff; held jobs that run until we say; jobs due later; a recurring one.
        const flaky = heldJob(clock, timeline, 'retrying');
        const handles = [scheduler.schedule(flaky.job, { retries: 3, backoff: { baseMs } })];
        await settle(clock);
        flaky.runs[0]?.finish(false);
        const held = Array.from({ length: concurrency }, (_, i) => heldJob(clock, timeline, `running ${i + 1}`));
        for (const h of held) handles.push(scheduler.schedule(h.job));
        const laters = Array.from({ length: waiting }, (_, i) => heldJob(clock, timeline, `later ${i + 1}`));
        for (const [i, l] of laters.entries()) handles.push(scheduler.schedule(l.job, { delayMs: 10 * (i + 1), everyMs: i === 0 ? 50 : undefined }));
        await settle(clock);
        const states = handles.map(watch);
        let stopped = false;
        const stopping = scheduler.stop();
        void stopping.then(() => (stopped = true), () => (stopped = true));
        const left = clock.pendingTimers();
        ensure(
          left === 0,
          `Right after stop() (with a job in its ${baseMs} ms retry backoff and ${waiting} job(s) due later), ${left} timer(s) were still scheduled. ` +
            'stop() clears every timer at once: the wake-up timer, retry waits, next ticks.',
        );
        await settle(clock);
        const notRejected = states.findIndex((s) => !(s.state.status === 'rejected' && s.state.reason instanceof CancelledError));
        if (notRejected !== -1) {
          const s = states[notRejected].state;
          fail(
            `After stop(), the done of job ${notRejected + 1} (${notRejected === 0 ? 'in its retry backoff' : notRejected <= concurrency ? 'running' : 'due later'}) was ${s.status}${s.status === 'rejected' ? ` with ${showReason(s.reason)}` : ''}`,
            'stop() rejects every done that has not settled, at once, with a CancelledError (running jobs included: nobody waits for them any more)',
          );
        }
        ensure(!stopped, "stop()'s promise resolved while jobs were still running: it resolves when the last running job ends.");
        let threw = false;
        try {
          scheduler.schedule(() => 'late');
        } catch (error) {
          if (isNotImplemented(error)) throw error;
          threw = true;
        }
        ensure(threw, 'schedule() after stop() returned normally: it should throw, a stopped scheduler takes no new jobs.');
        for (const h of held) h.runs[0]?.finish();
        await clock.advance(baseMs * 10 + 1_000);
        ensure(held.every((h) => h.runs.length === 1), 'The running jobs did not run exactly once.');
        ensure(stopped, "Every running job has ended, yet stop()'s promise is still pending: resolve it when the last one ends.");
        ensure(
          flaky.runs.length === 1 && laters.every((l) => l.runs.length === 0),
          () => `A job started after stop():\n\n${timeline.render()}\nNothing starts after stop(): no retry, no tick, no job due later.`,
        );
      }),
    ),
    { numRuns: 40 },
  ),
  { rules: ['stop-rejects', 'stop-clears-timers', 'stop-lets-running-finish'] },
);

// ------------------------------------------------------------ bad options

const badSchedule: Array<[string, ScheduleOptions]> = [
  ['delayMs', { delayMs: -1 }],
  ['delayMs', { delayMs: NaN }],
  ['delayMs', { delayMs: Infinity }],
  ['at', { at: NaN }],
  ['priority', { priority: NaN }],
  ['everyMs', { everyMs: 0 }],
  ['everyMs', { everyMs: -10 }],
  ['everyMs', { everyMs: NaN }],
  ['retries', { retries: -1 }],
  ['retries', { retries: 1.5 }],
  ['retries', { retries: NaN }],
  ['backoff.baseMs', { retries: 1, backoff: { baseMs: -5 } }],
  ['backoff.baseMs', { retries: 1, backoff: { baseMs: NaN } }],
  ['backoff.factor', { retries: 1, backoff: { baseMs: 10, factor: 0.5 } }],
  ['backoff.factor', { retries: 1, backoff: { baseMs: 10, factor: NaN } }],
  ['backoff.maxMs', { retries: 1, backoff: { baseMs: 10, maxMs: -1 } }],
  ['backoff.maxMs', { retries: 1, backoff: { baseMs: 10, maxMs: NaN } }],
  ['backoff.maxMs', { retries: 1, backoff: { baseMs: 10, maxMs: '100' as unknown as number } }], // a string is not a number, even one that compares
  ['delayMs and at', { delayMs: 10, at: 10 }], // both together: the message names both
];

check(2, 'bad options throw a RangeError naming the option, before anything is scheduled; edge values that are valid are accepted', () =>
  onVirtualClock(async (clock) => {
    // Also with concurrency missing, or no options object at all (plain JavaScript callers).
    for (const options of [...[0, -1, 1.5, NaN, Infinity].map((concurrency) => ({ concurrency })), {}, undefined]) {
      let error: unknown;
      try {
        new Scheduler(options as { concurrency: number });
      } catch (e) {
        error = e;
      }
      if (isNotImplemented(error)) throw error;
      const call = options === undefined ? 'new Scheduler()' : `new Scheduler(${show(options).replace(/null/g, 'NaN')})`;
      ensure(
        error instanceof RangeError && /concurrency/.test(error.message),
        `${call} ${error === undefined ? 'did not throw' : `threw ${showReason(error)}`}: it should throw a RangeError whose message names "concurrency".`,
      );
    }
    const scheduler = new Scheduler({ concurrency: 1 });
    let calls = 0;
    const job = () => void (calls += 1);
    for (const [name, options] of badSchedule) {
      let error: unknown;
      try {
        scheduler.schedule(job, options);
      } catch (e) {
        error = e;
      }
      if (isNotImplemented(error)) throw error;
      const names = name.split(' and ');
      ensure(
        error instanceof RangeError && names.every((n) => error.message.includes(n)),
        `schedule(job, ${show(options).replace(/null/g, 'NaN')}) ${error === undefined ? 'did not throw' : `threw ${showReason(error)}`}: it should throw a RangeError whose message names ${names.map((n) => `"${n}"`).join(' and ')}.`,
      );
    }
    for (const notAJob of [42, 'job', undefined, { run: () => 1 }] as unknown[]) {
      let error: unknown;
      try {
        scheduler.schedule(notAJob as () => unknown);
      } catch (e) {
        error = e;
      }
      if (isNotImplemented(error)) throw error;
      ensure(
        error instanceof TypeError,
        `schedule(${show(notAJob)}) ${error === undefined ? 'did not throw' : `threw ${showReason(error)}`}: a job that is not a function should throw a TypeError at once, before anything is scheduled.`,
      );
    }
    ensure(clock.pendingTimers() === 0 && calls === 0, 'A schedule() call with bad options (or a job that is not a function) left a timer or ran the job: validate everything before scheduling anything.');
    // Valid edges: zero delay, negative priority, at in the past, maxMs Infinity, retries 0.
    const valid: ScheduleOptions[] = [{ delayMs: 0 }, { priority: -3 }, { at: -100 }, { retries: 0, backoff: { baseMs: 0, factor: 1, maxMs: Infinity } }];
    for (const options of valid) {
      const outcome = await clock.run(() => scheduler.schedule(job, options).done);
      if (outcome.status === 'rejected') {
        if (isNotImplemented(outcome.reason)) throw outcome.reason;
        fail(`schedule(job, ${show(options)}) threw ${showReason(outcome.reason)}`, 'these options are valid: the job should run');
      }
      ensure(outcome.status === 'fulfilled', `schedule(job, ${show(options)}): done never settled, but the job is due now and should run at once.`);
    }
  }),
  { rules: ['bad-options'] },
);
