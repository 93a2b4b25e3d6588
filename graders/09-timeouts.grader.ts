// Grader for 09-timeouts. Lesson: a timeout is a cancellation with a clock
// behind it. withTimeout aborts the work and stops waiting at the exact
// instant; retry backs off by a documented formula and stops when told to;
// a deadline carries one budget through nested calls. All on the fake clock,
// with every timer accounted for.
import { deadline, retry, TimeoutError, withTimeout, type RetryEvent, type RetryOptions } from '@exercise/09-timeouts';
import {
  abortables,
  abortAt,
  abortSignalTimeoutHint,
  check,
  delays,
  ensure,
  exact,
  fail,
  fc,
  holds,
  onVirtualClock,
  plural,
  reasonOf,
  show,
  showReason,
  Timeline,
  valueOf,
  type AbortableTask,
  type CallRecord,
  type VirtualClock,
} from './support';


function kitOn(clock: VirtualClock) {
  const timeline = new Timeline(() => clock.now);
  return { timeline, ...abortables(clock, timeline) };
}

const TIMER_HINT =
  'Start the timer with setTimeout, abort an AbortController when it fires, and clearTimeout it as soon as the race is decided.';

// ------------------------------------------------------------ withTimeout

check(3, 'withTimeout rejects with a TimeoutError at exactly ms when the operation is slower', () =>
  holds(
    fc.asyncProperty(delays(), delays(), fc.boolean(), (ms, extra, ignoresAbort) =>
      onVirtualClock(async (clock) => {
        const { timeline, task } = kitOn(clock);
        const op = task('operation', ms + extra, { value: 'too late' }, { ignoresAbort });
        const outcome = await clock.run(() => withTimeout(op, ms));
        const what = `withTimeout(op, ${ms}) with an operation that needs ${ms + extra} ms${ignoresAbort ? ' and ignores its signal' : ''}`;
        const reason = reasonOf(outcome, what, `It should reject with a TimeoutError at ${ms} ms.`);
        if (outcome.at !== ms) {
          fail(
            `${what} rejected at ${outcome.at} ms`,
            `it should reject at exactly ${ms} ms`,
            outcome.at > ms && ignoresAbort
              ? 'Did you wait for the operation to finish after aborting it? It may ignore its signal: reject at the timeout, at once.'
              : TIMER_HINT + abortSignalTimeoutHint(),
            timeline,
          );
        }
        ensure(
          reason instanceof TimeoutError,
          `${what} rejected with ${showReason(reason)}, but it should reject with a TimeoutError (the class exported by timeout.ts), ` +
            `so callers can tell "too slow" from "failed".${abortSignalTimeoutHint()}`,
        );
      }),
    ),
  ),
);

check(2, "withTimeout settles with the operation's own result when it finishes first, and aborts nothing", () =>
  holds(
    fc.asyncProperty(delays({ min: 2 }), fc.boolean(), fc.nat(), (ms, fails, seed) =>
      onVirtualClock(async (clock) => {
        const { timeline, task } = kitOn(clock);
        const takes = 1 + (seed % (ms - 1)); // strictly within the limit
        const error = new Error('the operation failed');
        const op = task('operation', takes, fails ? { error } : { value: { answer: seed } });
        const outcome = await clock.run(() => withTimeout(op, ms));
        const what = `withTimeout(op, ${ms}) with an operation that ${fails ? 'fails' : 'succeeds'} after ${takes} ms`;
        if (fails) {
          const reason = reasonOf(outcome, what, 'The operation failed, so withTimeout should reject with its error.');
          ensure(
            reason === error,
            `${what} rejected with ${showReason(reason)}, but it should reject with the operation's own error, ${show(error)}: ` +
              'only running out of time is a TimeoutError.',
          );
        } else {
          const value = valueOf(outcome, what);
          ensure(exact(value) === exact({ answer: seed }), `${what} resolved with ${show(value)}, but the operation resolved with ${show({ answer: seed })}.`);
        }
        if (outcome.at !== takes) fail(`${what} settled at ${outcome.at} ms`, `the operation settled at ${takes} ms`, undefined, timeline);
        const aborted = op.records[0]?.abortedAt;
        ensure(aborted === undefined, () => `The operation finished in time, yet its signal was aborted at ${aborted} ms. Abort only when time runs out.`);
      }),
    ),
  ),
);

check(3, "withTimeout aborts the operation's signal at the timeout, with the TimeoutError as the reason", () =>
  holds(
    fc.asyncProperty(delays(), delays(), (ms, extra) =>
      onVirtualClock(async (clock) => {
        const { timeline, task } = kitOn(clock);
        const op = task('operation', ms + extra, { value: 'too late' });
        const outcome = await clock.run(() => withTimeout(op, ms));
        const reason = reasonOf(outcome, `withTimeout(op, ${ms})`);
        const record = op.records[0];
        ensure(record !== undefined, 'withTimeout never called the operation.');
        ensure(
          record.signal !== undefined,
          `The operation was called with ${show(record.args[0])} instead of an AbortSignal: call op(signal), or it can never be told to stop.`,
        );
        if (record.abortedAt !== ms) {
          fail(
            `the operation's signal ${record.abortedAt === undefined ? 'was never aborted' : `aborted at ${record.abortedAt} ms`}`,
            `it should abort at ${ms} ms, when time runs out: the operation must hear that nobody waits for it any more`,
            'Racing the operation against a timer stops the waiting, not the work. Abort the controller whose signal you gave it.',
            timeline,
          );
        }
        ensure(
          record.abortReason === reason && reason instanceof TimeoutError,
          `The operation's signal aborted with ${showReason(record.abortReason)}, and withTimeout rejected with ${showReason(reason)}: both should be ` +
            'the same TimeoutError object. Create it once, abort with it (controller.abort(error)) and reject with it.' +
            abortSignalTimeoutHint(),
        );
      }),
    ),
  ),
);

check(2, 'withTimeout leaves no timer behind after success, failure or timeout', () =>
  holds(
    fc.asyncProperty(delays({ min: 2 }), fc.constantFrom('success', 'failure', 'timeout'), (ms, how) =>
      onVirtualClock(async (clock) => {
        const { task } = kitOn(clock);
        const takes = how === 'timeout' ? ms + 100 : ms - 1;
        const op = task('operation', takes, how === 'failure' ? { error: new Error('failed') } : { value: 'done' });
        const outcome = await clock.run(() => withTimeout(op, ms));
        if (outcome.status !== 'fulfilled') reasonOf(outcome, `withTimeout(op, ${ms})`); // surfaces "not implemented"
        ensure(op.records[0]?.settledAt !== undefined, 'The operation was still running when withTimeout settled: it was never aborted.');
        // Checked at once: our operation has settled (it stops when aborted), so any timer left is the code under test's,
        // and waiting would let a forgotten timer fire and hide.
        const left = clock.pendingTimers();
        ensure(
          left === 0,
          `After withTimeout(op, ${ms}) settled by ${how} and the operation was over, ${left} timer(s) were still scheduled. ` +
            `${how === 'timeout' ? 'Once the timer has fired nothing should remain' : 'When the operation settles first, clearTimeout your timer'}: ` +
            `a forgotten timer keeps the process alive and fires long after the work is done.${abortSignalTimeoutHint()}`,
        );
      }),
    ),
  ),
);

check(2, "withTimeout obeys the caller's signal: aborting it aborts the operation at once and rejects with its reason", () =>
  holds(
    fc.asyncProperty(delays({ min: 2 }), fc.nat(), (ms, seed) =>
      onVirtualClock(async (clock) => {
        const { timeline, task } = kitOn(clock);
        const at = seed % ms; // before the timeout; 0 = already aborted when withTimeout is called
        const why = new Error('the caller gave up');
        const controller = at === 0 ? new AbortController() : abortAt(at, why);
        if (at === 0) controller.abort(why);
        const op = task('operation', ms + 100, { value: 'too late' });
        const outcome = await clock.run(() => withTimeout(op, ms, { signal: controller.signal }));
        const what = `withTimeout(op, ${ms}, { signal }) with the signal aborted at ${at} ms`;
        const reason = reasonOf(outcome, what, "It should reject with the signal's reason.");
        ensure(
          reason === why,
          `${what} rejected with ${showReason(reason)}, but it should reject with the caller's reason itself, ${show(why)}` +
            (reason instanceof TimeoutError ? ': it is the caller who gave up, not the timer.' : '.'),
        );
        if (outcome.at !== at) {
          fail(`${what} rejected at ${outcome.at} ms`, `it should reject at ${at} ms, when the caller aborted`, 'Listen for "abort" on options.signal, or combine it with yours: AbortSignal.any([options.signal, controller.signal]).', timeline);
        }
        const record = op.records[0];
        if (record && record.abortedAt !== at) {
          fail(
            `the operation's signal ${record.abortedAt === undefined ? 'was never aborted' : `aborted at ${record.abortedAt} ms`}`,
            `the caller aborted at ${at} ms, and the operation should hear of it at once`,
            "Give the operation a signal that follows the caller's: AbortSignal.any([options.signal, yours]).",
            timeline,
          );
        }
        await clock.advance(ms + 100);
        ensure(clock.pendingTimers() === 0, `After the caller aborted, ${clock.pendingTimers()} timer(s) were left: clear yours when the caller aborts too.`);
      }),
    ),
  ),
);

// ------------------------------------------------------------------ retry

/** The formula the README documents, computed here independently. */
const expectedDelay = (n: number, o: RetryOptions, r: number) =>
  Math.round(Math.min(o.maxMs ?? Infinity, o.baseMs * (o.factor ?? 2) ** (n - 1)) * (1 - (o.jitter ?? 0) * r));

/**
 * Backoff settings. maxMs is tied to baseMs (1 to 4 times it) so the cap
 * really binds in most runs; left out in a quarter of them (no cap).
 */
const backoffOptions = fc
  .record({
    retries: fc.integer({ min: 1, max: 5 }),
    baseMs: fc.integer({ min: 1, max: 1_000 }),
    factor: fc.constantFrom(1, 1.5, 2, 3),
    capPercent: fc.option(fc.integer({ min: 100, max: 400 }), { nil: undefined, freq: 4 }),
  })
  .map(({ capPercent, ...o }): RetryOptions => ({ ...o, maxMs: capPercent === undefined ? undefined : Math.round((o.baseMs * capPercent) / 100) }));

/**
 * Numbers in [0, 1) spread evenly. (fc.double draws evenly over representable
 * doubles, so most of its values are tiny and would hide a misplaced jitter.)
 */
const unit = fc.integer({ min: 0, max: 9_999 }).map((k) => k / 10_000);
const randoms = fc.array(unit, { minLength: 6, maxLength: 6 });

/** Name the likely mistake behind a wrong wait n, by trying the usual wrong formulas. */
function backoffHint(observed: number, n: number, o: RetryOptions, r: number): string {
  const { baseMs, factor = 2, maxMs = Infinity, jitter = 0 } = o;
  const raw = baseMs * factor ** (n - 1);
  const guesses: Array<[number, string]> = [
    [Math.round(raw * (1 - jitter * r)), 'maxMs was not applied: cap each wait with Math.min(maxMs, ...).'],
    [Math.round(Math.min(maxMs, raw * (1 - jitter * r))), 'The cap came after the jitter: cap first, then take the random share off the capped wait.'],
    [Math.round(Math.min(maxMs, raw)), 'The jitter was not applied: multiply by (1 - jitter * r), with r from options.random().'],
    [Math.round(Math.min(maxMs, baseMs * factor ** n) * (1 - jitter * r)), 'The exponent is off by one: the wait before retry 1 is baseMs (factor ** 0).'],
    [Math.floor(Math.min(maxMs, raw) * (1 - jitter * r)), 'Rounded down: use Math.round, once, at the very end.'],
    [Math.ceil(Math.min(maxMs, raw) * (1 - jitter * r)), 'Rounded up: use Math.round, once, at the very end.'],
  ];
  const match = guesses.find(([d]) => d === observed);
  return match
    ? match[1]
    : 'wait n = Math.round(Math.min(maxMs, baseMs * factor ** (n - 1)) * (1 - jitter * r)): the cap applies before the jitter, and n starts at 1.';
}

/** A fake operation that fails every attempt, each with its own error; attempts take `ms[i]`. */
function alwaysFails(kit: ReturnType<typeof kitOn>, attempts: number, ms: (i: number) => number) {
  const errors = Array.from({ length: attempts }, (_, i) => new Error(`attempt ${i + 1} failed`));
  const op = kit.script(
    'attempt',
    errors.map((error, i) => ({ ms: ms(i), result: { error } })),
  );
  return { op, errors };
}

/** Observed waits between attempts: next start − previous settle. */
const waitsOf = (records: CallRecord[]) => records.slice(1).map((r, i) => r.startedAt - (records[i].settledAt ?? NaN));

/** A scripted random(): returns the given numbers in order and counts its calls. */
function scriptedRandom(values: number[]) {
  const random = Object.assign(() => values[Math.min(random.calls++, values.length - 1)] ?? 0.5, { calls: 0 });
  return random;
}

function describe(o: RetryOptions): string {
  const parts = Object.entries(o).filter(([k, v]) => v !== undefined && typeof v !== 'function' && k !== 'signal');
  return `{ ${parts.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
}

function ensureWaits(op: AbortableTask<unknown>, options: RetryOptions, rs: number[], timeline: Timeline): void {
  const observed = waitsOf(op.records);
  const expected = Array.from({ length: Math.min(options.retries, op.calls - 1) }, (_, i) => expectedDelay(i + 1, options, rs[i] ?? 0));
  ensure(
    options.retries === 0 || op.calls > 1,
    `retry(op, ${describe(options)}) called the operation once and never retried, but it allows ${options.retries} retries.`,
  );
  const wrong = expected.findIndex((d, i) => observed[i] !== d);
  if (wrong !== -1) {
    fail(
      `with ${describe(options)}${options.jitter ? ` and random() = ${show(rs.slice(0, expected.length))}` : ''}, retry waited ${show(observed.slice(0, expected.length))} ms between attempts`,
      `the documented formula gives ${show(expected)} ms (wait ${wrong + 1} is ${observed[wrong]} ms instead of ${expected[wrong]} ms)`,
      backoffHint(observed[wrong], wrong + 1, options, rs[wrong] ?? 0),
      timeline,
    );
  }
}

check(3, 'retry backs off exponentially: baseMs × factor^(n−1) before retry n, capped at maxMs', () =>
  holds(
    fc.asyncProperty(backoffOptions, fc.array(delays({ max: 300 }), { minLength: 7, maxLength: 7 }), (options, ms) =>
      onVirtualClock(async (clock) => {
        const kit = kitOn(clock);
        const { op } = alwaysFails(kit, options.retries + 2, (i) => ms[i]);
        const outcome = await clock.run(() => retry(op, options));
        reasonOf(outcome, `retry(op, ${describe(options)})`, 'Every attempt failed.');
        ensureWaits(op, options, [], kit.timeline);
      }),
    ),
  ),
);

check(2, 'retry applies jitter exactly as documented, calling the injected random() once per wait', () =>
  holds(
    fc.asyncProperty(
      backoffOptions,
      fc.integer({ min: 1, max: 100 }).map((k) => k / 100),
      randoms,
      (base, jitter, rs) =>
        onVirtualClock(async (clock) => {
          const kit = kitOn(clock);
          const random = scriptedRandom(rs);
          const options: RetryOptions = { ...base, jitter, random };
          const { op } = alwaysFails(kit, options.retries + 2, () => 10);
          const outcome = await clock.run(() => retry(op, options));
          reasonOf(outcome, `retry(op, ${describe(options)})`, 'Every attempt failed.');
          const waits = Math.min(options.retries, op.calls - 1);
          ensure(
            random.calls === waits,
            `random() was called ${plural(random.calls, 'time')} for ${plural(waits, 'wait')}. Call it exactly once per wait, when computing that wait ` +
              '(the grader feeds it a known sequence and checks each wait).',
          );
          ensureWaits(op, options, rs, kit.timeline);
        }),
    ),
  ),
);

check(3, 'retry makes exactly retries + 1 attempts, then rejects with the last error', () =>
  holds(
    fc.asyncProperty(fc.integer({ min: 0, max: 5 }), delays({ max: 500 }), (retries, baseMs) =>
      onVirtualClock(async (clock) => {
        const kit = kitOn(clock);
        const { op, errors } = alwaysFails(kit, retries + 3, () => 50);
        const outcome = await clock.run(() => retry(op, { retries, baseMs }));
        const reason = reasonOf(outcome, `retry(op, { retries: ${retries}, baseMs: ${baseMs} })`, 'Every attempt failed.');
        if (op.calls !== retries + 1) {
          fail(
            `with retries: ${retries}, every attempt failing, retry called the operation ${plural(op.calls, 'time')}`,
            `it should make the first attempt and ${plural(retries, 'retry', 'retries')}: ${plural(retries + 1, 'attempt')}`,
            op.calls > retries + 1 ? 'Off by one: give up when attempt === retries + 1 (or count retries, not attempts).' : undefined,
            kit.timeline,
          );
        }
        ensure(
          reason === errors[retries],
          `retry rejected with ${showReason(reason)}, but it should reject with the last attempt's own error, ${show(errors[retries])}.`,
        );
      }),
    ),
    { numRuns: 30 },
  ),
);

check(1, 'retry stops at the first success and resolves with its value', () =>
  holds(
    fc.asyncProperty(fc.integer({ min: 0, max: 5 }), fc.nat(), (retries, seed) =>
      onVirtualClock(async (clock) => {
        const kit = kitOn(clock);
        const failures = seed % (retries + 1); // the attempt after these succeeds, within the budget
        const steps = [
          ...Array.from({ length: failures }, (_, i) => ({ ms: 20, result: { error: new Error(`attempt ${i + 1} failed`) } as const })),
          { ms: 20, result: { value: `success ${seed}` } },
        ];
        const op = kit.script('attempt', steps);
        const outcome = await clock.run(() => retry(op, { retries, baseMs: 100 }));
        const value = valueOf(outcome, `retry(op, { retries: ${retries}, baseMs: 100 }) with attempt ${failures + 1} succeeding`);
        await clock.advance(10_000);
        ensure(
          op.calls === failures + 1,
          `Attempt ${failures + 1} succeeded, but retry called the operation ${op.calls} time(s). Return the value as soon as an attempt succeeds.`,
        );
        ensure(value === `success ${seed}`, `retry resolved with ${show(value)}, but the successful attempt resolved with ${show(`success ${seed}`)}.`);
      }),
    ),
    { numRuns: 30 },
  ),
);

check(2, 'retry gives up at once on an error that shouldRetry rejects', () =>
  holds(
    fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.nat(), (retries, seed) =>
      onVirtualClock(async (clock) => {
        const kit = kitOn(clock);
        const fatal = 1 + (seed % retries); // the attempt whose error is final, while retries remain
        const { op, errors } = alwaysFails(kit, retries + 2, () => 30);
        const calls: Array<[unknown, unknown]> = [];
        const shouldRetry = (error: unknown, attempt: number) => {
          calls.push([error, attempt]);
          return error !== errors[fatal - 1];
        };
        const outcome = await clock.run(() => retry(op, { retries, baseMs: 100, shouldRetry }));
        const reason = reasonOf(outcome, 'retry(op, { shouldRetry })');
        ensure(
          op.calls === fatal,
          `shouldRetry returned false for attempt ${fatal}'s error, but retry called the operation ${op.calls} time(s). ` +
            'A non-retryable error is final: stop at once.',
        );
        ensure(reason === errors[fatal - 1], `retry rejected with ${showReason(reason)}, but it should reject with the final error itself, ${show(errors[fatal - 1])}.`);
        ensure(
          outcome.at === fatal * 30 + Array.from({ length: fatal - 1 }, (_, i) => expectedDelay(i + 1, { retries, baseMs: 100 }, 0)).reduce((a, b) => a + b, 0),
          `retry rejected at ${outcome.at} ms: it should reject as soon as the final error arrives, without waiting first.`,
        );
        ensure(
          calls.every(([error, attempt], i) => error === errors[i] && attempt === i + 1),
          `shouldRetry was called with ${show(calls)}: it should get each failed attempt's (error, attempt number), in order.`,
        );
      }),
    ),
    { numRuns: 30 },
  ),
);

check(3, 'retry stops as soon as its signal aborts, even in the middle of a backoff, and leaves no timer', () =>
  holds(
    fc.asyncProperty(fc.integer({ min: 1, max: 4 }), delays({ max: 500 }), fc.array(delays({ max: 300 }), { minLength: 6, maxLength: 6 }), fc.nat(), (retries, baseMs, ms, seed) =>
      onVirtualClock(async (clock) => {
        const kit = kitOn(clock);
        const options: RetryOptions = { retries, baseMs };
        // The reference timeline: attempt i runs [start, end), then the wait before attempt i + 1.
        const events: Array<{ start: number; end: number }> = [];
        let t = 0;
        for (let i = 0; i <= retries; i++) {
          events.push({ start: t, end: t + ms[i] });
          t += ms[i] + (i < retries ? expectedDelay(i + 1, options, 0) : 0);
        }
        const at = seed % t; // 0 = aborted before retry is called
        fc.pre(!events.some((e) => e.start === at || e.end === at) || at === 0);
        const why = new Error('the user gave up');
        const controller = at === 0 ? new AbortController() : abortAt(at, why);
        if (at === 0) controller.abort(why);
        const { op } = alwaysFails(kit, retries + 2, (i) => ms[i]);
        const outcome = await clock.run(() => retry(op, { ...options, signal: controller.signal }));
        const where = at === 0 ? 'before retry was called' : events.some((e) => e.start < at && at < e.end) ? 'during an attempt' : 'during a backoff wait';
        const what = `retry(op, { retries: ${retries}, baseMs: ${baseMs}, signal }) with the signal aborted at ${at} ms (${where})`;
        const reason = reasonOf(outcome, what, "It should reject with the signal's reason.");
        const due = events.filter((e) => e.start < at).length;
        if (op.calls !== due) {
          fail(
            `${what} made ${op.calls} attempt(s)`,
            `it should have made ${due}: none may start once the signal has aborted`,
            'Check the signal before each attempt, and make the wait itself abortable.',
            kit.timeline,
          );
        }
        if (outcome.at !== at) {
          fail(
            `${what} rejected at ${outcome.at} ms`,
            `it should reject at ${at} ms, at once`,
            where === 'during a backoff wait'
              ? "A plain setTimeout wait doesn't hear the abort. Use setTimeout from node:timers/promises with { signal }, or clear your timer in an abort listener."
              : where === 'during an attempt'
                ? 'Pass the signal to the attempt, and stop waiting for it when the signal aborts.'
                : 'An already-aborted signal means: make no attempt, reject with signal.reason.',
            kit.timeline,
          );
        }
        ensure(
          reason === why,
          `${what} rejected with ${showReason(reason)}, but it should reject with the signal's reason itself, ${show(why)}. ` +
            "(setTimeout from node:timers/promises rejects with an AbortError whose cause is the reason: rethrow signal.reason.)",
        );
        const running = op.records.find((r) => r.settledAt === undefined || r.settledAt > at);
        if (running && running.abortedAt !== at) {
          fail(
            `attempt ${running.call} was running when the signal aborted at ${at} ms, but it ${running.abortedAt === undefined ? 'never heard of it' : `heard at ${running.abortedAt} ms`}`,
            'each attempt should get the signal: op(signal, attempt)',
            undefined,
            kit.timeline,
          );
        }
        await clock.advance(1_000);
        const left = clock.pendingTimers();
        ensure(
          left === 0,
          `After retry was aborted, ${left} timer(s) were still scheduled: the backoff timer must be cleared when the signal aborts.` +
            abortSignalTimeoutHint(),
        );
      }),
    ),
  ),
);

check(2, 'retry reports each retry to onRetry: the failed attempt number, its error and the delay', () =>
  holds(
    fc.asyncProperty(backoffOptions, randoms, (base, rs) =>
      onVirtualClock(async (clock) => {
        const kit = kitOn(clock);
        const events: RetryEvent[] = [];
        const options: RetryOptions = { ...base, jitter: 0.5, random: scriptedRandom(rs), onRetry: (e) => void events.push({ ...e }) };
        const { op, errors } = alwaysFails(kit, base.retries + 2, () => 10);
        const outcome = await clock.run(() => retry(op, options));
        reasonOf(outcome, `retry(op, ${describe(options)})`, 'Every attempt failed.');
        const expected = Array.from({ length: base.retries }, (_, i) => ({ attempt: i + 1, error: errors[i], delayMs: expectedDelay(i + 1, options, rs[i]) }));
        ensure(
          events.length === expected.length && events.every((e, i) => e.attempt === expected[i].attempt && e.error === expected[i].error && e.delayMs === expected[i].delayMs),
          `onRetry received ${exact(events)}, but with ${plural(base.retries, 'retry', 'retries')} it should receive ${exact(expected)}: one call per retry, ` +
            'before its wait, with the attempt that just failed (1-based), its error object, and the wait about to happen.',
        );
        const numbers = op.records.map((r) => r.args[1]);
        ensure(
          numbers.every((n, i) => n === i + 1),
          `The attempts were called with attempt numbers ${show(numbers)}: call op(signal, attempt) with 1, 2, 3...`,
        );
      }),
    ),
  ),
);

// --------------------------------------------------------------- deadline

/** When `signal` aborts, on the virtual clock. */
function abortTime(clock: VirtualClock, signal: AbortSignal): () => number | undefined {
  let at: number | undefined = signal.aborted ? clock.now : undefined;
  signal.addEventListener('abort', () => (at ??= clock.now), { once: true });
  return () => at;
}

check(2, "deadline's signal aborts with a TimeoutError when the budget runs out, and remaining() counts down to 0", () =>
  holds(
    fc.asyncProperty(delays({ min: 2 }), fc.nat(), (ms, seed) =>
      onVirtualClock(async (clock) => {
        const early = 1 + (seed % (ms - 1));
        const d = deadline(ms);
        const abortedAt = abortTime(clock, d.signal);
        await clock.advance(early);
        ensure(
          d.remaining() === ms - early,
          `deadline(${ms}).remaining() was ${show(d.remaining())} after ${early} ms, but ${ms - early} ms were left. ` +
            'Remember when it ends (Date.now() + ms) and subtract the time now; Date and performance run on the grader\'s clock.',
        );
        ensure(!d.signal.aborted, `deadline(${ms}).signal had already aborted after ${early} ms.`);
        await clock.advance(ms - early);
        ensure(
          abortedAt() === ms,
          `deadline(${ms}).signal ${abortedAt() === undefined ? 'had not aborted' : `aborted at ${abortedAt()} ms`} at ${ms} ms: it should abort exactly when the budget runs out.` +
            abortSignalTimeoutHint(),
        );
        ensure(
          d.signal.reason instanceof TimeoutError,
          `deadline(${ms}).signal aborted with ${showReason(d.signal.reason)}, but its reason should be a TimeoutError (the class in timeout.ts): ` +
            `controller.abort(new TimeoutError(...)). Without a reason, abort() uses a DOMException named AbortError.${abortSignalTimeoutHint()}`,
        );
        await clock.advance(early);
        ensure(d.remaining() === 0, `deadline(${ms}).remaining() was ${show(d.remaining())} after the budget ran out: it should be 0, never negative.`);
        d.clear();
      }),
    ),
  ),
);

check(3, 'nested deadlines: the earlier one wins, for the signal and for remaining()', () =>
  holds(
    fc.asyncProperty(delays({ min: 2, max: 5_000 }), delays({ max: 5_000 }), fc.nat(), (outerMs, innerMs, seed) =>
      onVirtualClock(async (clock) => {
        const createdAt = seed % outerMs; // the inner deadline starts while the outer one is running
        fc.pre(createdAt + innerMs !== outerMs);
        const outer = deadline(outerMs);
        const outerAt = abortTime(clock, outer.signal);
        await clock.advance(createdAt);
        const inner = deadline(innerMs, { parent: outer });
        const innerAt = abortTime(clock, inner.signal);
        const left = Math.min(innerMs, outerMs - createdAt);
        const outerWins = outerMs < createdAt + innerMs;
        const setting = `outer = deadline(${outerMs}); ${createdAt} ms later, inner = deadline(${innerMs}, { parent: outer })`;
        ensure(
          inner.remaining() === left,
          `${setting}: inner.remaining() was ${show(inner.remaining())}, but only ${left} ms are left${outerWins ? " (the outer budget is the smaller one)" : ''}. ` +
            "remaining() is the smaller of yours and the parent's.",
        );
        await clock.advance(Math.max(outerMs - createdAt, innerMs) + 1);
        const innerDue = Math.min(outerMs, createdAt + innerMs);
        ensure(
          innerAt() === innerDue,
          `${setting}: inner.signal ${innerAt() === undefined ? 'never aborted' : `aborted at ${innerAt()} ms`}, but it should abort at ${innerDue} ms, ` +
            `when the ${outerWins ? 'outer' : 'inner'} budget runs out. ${outerWins ? "Combine the parent's signal into yours: AbortSignal.any([parent.signal, yours])." : ''}`,
        );
        ensure(
          outerAt() === outerMs,
          `${setting}: outer.signal ${outerAt() === undefined ? 'never aborted' : `aborted at ${outerAt()} ms`}, but it should abort at ${outerMs} ms: ` +
            'a nested deadline must not change its parent.',
        );
        ensure(
          outerWins ? inner.signal.reason === outer.signal.reason : inner.signal.reason instanceof TimeoutError,
          `${setting}: inner.signal aborted with ${showReason(inner.signal.reason)}, but it should abort with ` +
            `${outerWins ? "the parent's reason (AbortSignal.any passes it on)" : 'a TimeoutError of its own'}.`,
        );
        inner.clear();
        outer.clear();
      }),
    ),
  ),
);

check(1, 'deadline.clear() and `using` stop its timer without aborting: no timer is left', () =>
  holds(
    fc.asyncProperty(delays(), delays(), (ms, parentMs) =>
      onVirtualClock(async (clock) => {
        let signal: AbortSignal | undefined;
        {
          using d = deadline(ms);
          signal = d.signal;
        }
        const left = clock.pendingTimers();
        ensure(
          left === 0,
          `After \`using d = deadline(${ms})\` left its block, ${left} timer(s) were still scheduled. [Symbol.dispose]() should clear the timer ` +
            `(the work is done; nothing should fire later).${abortSignalTimeoutHint()}`,
        );
        const parent = deadline(parentMs);
        const child = deadline(ms, { parent });
        child.clear();
        parent.clear();
        ensure(
          clock.pendingTimers() === 0,
          `After clear() on a deadline and on its parent, ${clock.pendingTimers()} timer(s) were still scheduled. clear() should clearTimeout.` +
            abortSignalTimeoutHint(),
        );
        await clock.advance(Math.max(ms, parentMs) + 1);
        ensure(!signal.aborted && !child.signal.aborted, 'A cleared deadline aborted its signal later on: clear() should stop the timer, not fire it.');
      }),
    ),
    { numRuns: 20 },
  ),
);
