// Grader for 09-timeouts. Lesson: a timeout is a cancellation with a clock
// behind it. withTimeout aborts the work and stops waiting at the exact
// instant; retry backs off by a documented formula and stops when told to;
// a deadline carries one budget through nested calls. All on the fake clock,
// with every timer and every listener on a caller's signal accounted for at
// the instant the race is decided. Operations are adversarial: they ignore
// their signal, fail after an abort, resolve late, throw synchronously, return
// thenables, and settle with any value or reason.
import { backoffDelay, deadline, retry, TimeoutError, withTimeout, type RetryEvent, type RetryOptions } from '@exercise/09-timeouts';
import {
  abortListeners,
  abortReasons,
  abortSignalTimeoutHint,
  behaviours,
  check,
  delays,
  describeTiming,
  domainReasons,
  domainValues,
  ensure,
  ensureSameTrace,
  fail,
  fc,
  holds,
  holdsOnClock,
  plural,
  reasonOf,
  sameFields,
  show,
  showReason,
  valueOf,
  type AbortTiming,
  type Behaviour,
  type ClockScene,
  type FakeCall,
  type FakeOp,
  type TraceEvent,
  type VirtualClock,
} from './support';

const TIMER_HINT =
  'Start the timer with setTimeout, abort an AbortController when it fires, and clearTimeout it as soon as the race is decided.';

/** A behaviour that fails (with any reason) or succeeds (with any value) by itself after `ms`. */
const ownResult = (ms: number, result: Behaviour['result'], extra: Partial<Behaviour> = {}): Behaviour => ({
  ms,
  result,
  throwsSync: false,
  thenable: false,
  onAbort: 'stop',
  cleanupMs: 0,
  ...extra,
});

/** Operations that react to an abort in every way the lesson warns about. */
const adversarialOps = (maxMs = 5_000) =>
  behaviours({ maxMs, thenables: true, onAbort: ['stop', 'ignore', 'fail', 'late-value'], maxCleanupMs: 300 });

// ------------------------------------------------------------ withTimeout

check(
  3,
  'withTimeout rejects with a TimeoutError at exactly ms when the operation is slower',
  () =>
    holdsOnClock(fc.tuple(delays(), delays(), adversarialOps()), async ([ms, extra, b], { clock, timeline, fakes }) => {
      const op = fakes.op('operation', { ...b, ms: ms + extra });
      const outcome = await clock.run(() => withTimeout(op, ms));
      const what = `withTimeout(op, ${ms}) with an operation that needs ${ms + extra} ms and, when aborted, ${
        { stop: 'stops', ignore: 'ignores its signal', fail: 'fails with an error of its own', 'late-value': 'resolves with a value' }[b.onAbort]
      }${b.cleanupMs ? ` after ${b.cleanupMs} ms of cleanup` : ''}`;
      const reason = reasonOf(outcome, what, `It should reject with a TimeoutError at ${ms} ms.`);
      if (outcome.at !== ms) {
        fail(
          `${what} rejected at ${outcome.at} ms`,
          `it should reject at exactly ${ms} ms`,
          outcome.at > ms
            ? 'Did you wait for the operation to finish after aborting it? It may ignore its signal or need time to stop: reject at the timeout, at once.'
            : TIMER_HINT + abortSignalTimeoutHint(),
          timeline,
        );
      }
      ensure(
        reason instanceof TimeoutError,
        `${what} rejected with ${showReason(reason)}, but it should reject with a TimeoutError (the class exported by timeout.ts), ` +
          `so callers can tell "too slow" from "failed", whatever the operation does once aborted.${abortSignalTimeoutHint()}`,
      );
    }),
  { rules: ['timeout-at-ms'] },
);

check(
  2,
  "withTimeout settles with the operation's own result when it finishes first, and aborts nothing",
  () =>
    holdsOnClock(
      fc.tuple(delays({ min: 2 }), fc.nat(), fc.oneof(domainValues.map((value) => ({ value })), domainReasons.map((error) => ({ error }))), fc.boolean()),
      async ([ms, seed, result, thenable], { clock, timeline, fakes }) => {
        const takes = 1 + (seed % (ms - 1)); // strictly within the limit
        const op = fakes.op('operation', ownResult(takes, result, { thenable }));
        const outcome = await clock.run(() => withTimeout(op, ms));
        const fails = 'error' in result;
        const what = `withTimeout(op, ${ms}) with an operation that ${fails ? 'rejects' : 'resolves'} after ${takes} ms`;
        if (fails) {
          const reason = reasonOf(outcome, what, 'The operation failed, so withTimeout should reject with its reason.');
          ensure(
            Object.is(reason, result.error),
            `${what} rejected with ${showReason(reason)}, but it should reject with the operation's own reason itself, ${showReason(result.error)} ` +
              '(whatever it is, an Error or not): only running out of time is a TimeoutError.',
          );
        } else {
          const value = valueOf(outcome, what);
          ensure(
            Object.is(value, result.value),
            `${what} resolved with ${show(value)}, but the operation resolved with ${show(result.value)}: settle with that value itself ` +
              '(0, "", false, null and undefined are values too).',
          );
        }
        if (outcome.at !== takes) fail(`${what} settled at ${outcome.at} ms`, `the operation settled at ${takes} ms`, undefined, timeline);
        // Read from the signal itself, at the instant withTimeout settled: an abort right after the operation settled counts too.
        const signal = op.records[0]?.signal;
        ensure(
          !signal?.aborted,
          () => `The operation finished in time, yet its signal was aborted (with ${showReason(signal?.reason)}). Abort only when time runs out.`,
        );
      },
    ),
  { rules: ['op-result-kept'] },
);

check(
  3,
  "withTimeout aborts the operation's signal at the timeout, with the TimeoutError as the reason",
  () =>
    holdsOnClock(fc.tuple(delays(), delays(), adversarialOps()), async ([ms, extra, b], { clock, timeline, fakes }) => {
      const op = fakes.op('operation', { ...b, ms: ms + extra });
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
  { rules: ['timeout-aborts-op'] },
);

type Path = 'success' | 'failure' | 'timeout' | 'synchronous throw';

check(
  2,
  'withTimeout leaves no timer behind after success, failure or timeout',
  () =>
    holdsOnClock(
      fc.tuple(delays({ min: 2 }), fc.constantFrom<Path>('success', 'failure', 'timeout', 'synchronous throw'), adversarialOps()),
      async ([ms, how, b], { clock, fakes }) => {
        const op = fakes.op('operation', {
          ...b,
          ms: how === 'timeout' ? ms + 100 : ms - 1,
          result: how === 'failure' || how === 'synchronous throw' ? { error: new Error('failed') } : { value: 'done' },
          throwsSync: how === 'synchronous throw',
        });
        const outcome = await clock.run(() => withTimeout(op, ms));
        if (outcome.status !== 'fulfilled') reasonOf(outcome, `withTimeout(op, ${ms})`); // surfaces "not implemented"
        // Counted at the instant withTimeout settled, before any further advance: a forgotten timer has not fired yet.
        // The operation's own timers (it may ignore its signal and run on) are the grader's and are not counted.
        const left = fakes.learnerTimers();
        ensure(
          left === 0,
          `When withTimeout(op, ${ms}) settled by ${how} at ${outcome.at} ms, ${left} timer(s) of yours were still scheduled. ` +
            `${how === 'timeout' ? 'Once the timer has fired nothing of yours should remain' : 'When the operation settles (or throws) first, clearTimeout your timer'}: ` +
            `a forgotten timer keeps the process alive and fires long after the work is done.${abortSignalTimeoutHint()}`,
        );
      },
    ),
  { rules: ['no-timer-on-success', 'no-timer-on-failure', 'no-timer-on-timeout', 'no-timer-on-sync-throw'] },
);

/** A caller timing strictly before the timeout: before the call, right after it, or at 1..ms-1. */
const callerTimings = (ms: number): fc.Arbitrary<AbortTiming> =>
  fc.oneof(
    fc.constant<AbortTiming>({ when: 'before' }),
    fc.constant<AbortTiming>({ when: 'at' }),
    ...(ms > 1 ? [fc.integer({ min: 1, max: ms - 1 }).map((at): AbortTiming => ({ when: 'after', at }))] : []),
  );

check(
  2,
  "withTimeout obeys the caller's signal: aborting it aborts the operation at once and rejects with its reason",
  () =>
    holdsOnClock(
      delays({ min: 2 }).chain((ms) => fc.tuple(fc.constant(ms), callerTimings(ms), abortReasons, fc.integer({ min: 1, max: 3 }), adversarialOps())),
      async ([ms, timing, why, waiters, b], { clock, timeline, fakes }) => {
        const at = timing.when === 'after' ? timing.at : 0;
        const caller = fakes.callerSignal(timing, why);
        const ops = Array.from({ length: waiters }, (_, i) => fakes.op(`operation ${i}`, { ...b, ms: ms + 100 }));
        const what = `${waiters === 1 ? 'withTimeout(op' : `each of ${waiters} withTimeout(op`}, ${ms}, { signal }) with the signal ${describeTiming(timing)}`;
        // Several calls share the caller's signal (as under one deadline): each must obey it.
        const outcome = await clock.run(() => {
          const calls = ops.map((op) => withTimeout(op, ms, { signal: caller.signal }));
          caller.afterCall();
          return Promise.allSettled(calls);
        });
        const settled = valueOf(outcome, what);
        // Counted at the instant the calls settled, before any further advance.
        const left = fakes.learnerTimers();
        for (const [i, result] of settled.entries()) {
          ensure(result.status === 'rejected', `${what}: call ${i} fulfilled, but it should reject with the caller's reason.`);
          const reason = result.reason;
          ensure(
            Object.is(reason, why),
            `${what} rejected with ${showReason(reason)}, but it should reject with the caller's reason itself, ${showReason(why)}` +
              (reason instanceof TimeoutError ? ': it is the caller who gave up, not the timer.' : ' (whatever it is, an Error or not).'),
          );
        }
        if (outcome.at !== at) {
          fail(
            `${what} rejected at ${outcome.at} ms`,
            `it should reject at ${at} ms, when the caller aborted`,
            timing.when === 'before'
              ? 'The signal was already aborted: reject with signal.reason straight away.'
              : 'Listen for "abort" on options.signal, or combine it with yours: AbortSignal.any([options.signal, controller.signal]).',
            timeline,
          );
        }
        for (const op of ops) {
          const record = op.records[0];
          if (record && record.abortedAt !== at) {
            fail(
              `the operation's signal ${record.abortedAt === undefined ? 'was never aborted' : `aborted at ${record.abortedAt} ms`}`,
              `the caller aborted at ${at} ms, and the operation should hear of it at once`,
              "Give the operation a signal that follows the caller's: AbortSignal.any([options.signal, yours]).",
              timeline,
            );
          }
        }
        ensure(
          left === 0,
          `When withTimeout rejected because the caller aborted at ${at} ms, ${left} timer(s) of yours were still scheduled: ` +
            `clear your timer when the caller aborts too (and start none when the signal is already aborted).${abortSignalTimeoutHint()}`,
        );
      },
    ),
  { rules: ['caller-abort', 'caller-already-aborted', 'no-timer-on-caller-abort'] },
);

check(
  1,
  'withTimeout rejects with the error of an operation that throws synchronously',
  () =>
    holdsOnClock(fc.tuple(delays(), domainReasons), async ([ms, error], { clock, fakes }) => {
      const op = fakes.op('operation', ownResult(1, { error }, { throwsSync: true }));
      let threw: { error: unknown } | undefined;
      const outcome = await clock.run(() => {
        try {
          return withTimeout(op, ms);
        } catch (e) {
          threw = { error: e };
          return 'threw';
        }
      });
      ensure(
        threw === undefined,
        `withTimeout(op, ${ms}) threw ${showReason(threw?.error)} at the caller when op threw synchronously, but it should return a promise ` +
          'that rejects: call op inside an async wrapper, (async () => op(signal))().',
      );
      const reason = reasonOf(outcome, `withTimeout(op, ${ms}) with an operation that throws synchronously`);
      ensure(Object.is(reason, error), `withTimeout rejected with ${showReason(reason)}, but the operation threw ${showReason(error)}: reject with that itself.`);
      ensure(outcome.at === 0, `withTimeout rejected at ${outcome.at} ms, but the operation threw at 0 ms: reject at once.`);
    }),
  { rules: ['op-sync-throw'] },
);

check(
  1,
  "withTimeout leaves no listener on the caller's signal once it has settled",
  () =>
    holdsOnClock(
      delays({ min: 2 }).chain((ms) =>
        fc.tuple(fc.constant(ms), fc.constantFrom<Path | 'caller abort'>('success', 'failure', 'timeout', 'synchronous throw', 'caller abort'), fc.integer({ min: 1, max: ms - 1 })),
      ),
      async ([ms, how, t], { clock, fakes }) => {
        const caller = fakes.callerSignal(how === 'caller abort' ? { when: 'after', at: t } : { when: 'never' }, new Error('the caller gave up'));
        const op = fakes.op('operation', ownResult(how === 'timeout' || how === 'caller abort' ? ms + 100 : t, how === 'success' ? { value: 1 } : { error: new Error('failed') }, { throwsSync: how === 'synchronous throw' }));
        const outcome = await clock.run(() => withTimeout(op, ms, { signal: caller.signal }));
        if (outcome.status !== 'fulfilled') reasonOf(outcome, `withTimeout(op, ${ms}, { signal })`);
        const left = abortListeners(caller.signal);
        ensure(
          left === 0,
          `When withTimeout(op, ${ms}, { signal }) settled by ${how} at ${outcome.at} ms, ${left} 'abort' listener(s) of yours were still on the caller's signal. ` +
            "The caller's signal usually outlives the call (a deadline shared by many calls): each call that leaves a listener behind leaks memory " +
            'and runs its listener on the next abort. removeEventListener when the race is decided, or use AbortSignal.any, which adds none.',
        );
      },
    ),
  { rules: ['no-listener-left'] },
);

check(
  1,
  'once the operation has won, the time limit passing later aborts nothing',
  () =>
    holdsOnClock(
      delays({ min: 3 }).chain((ms) => fc.tuple(fc.constant(ms), fc.integer({ min: 1, max: ms - 2 }), domainValues)),
      async ([ms, takes, value], { clock, timeline, fakes }) => {
        const op = fakes.op('operation', ownResult(takes, { value }));
        const outcome = await clock.run(() => withTimeout(op, ms));
        ensure(Object.is(valueOf(outcome, `withTimeout(op, ${ms})`), value), `withTimeout should resolve with the operation's value ${show(value)}.`);
        await clock.advance(2 * ms); // the time limit passes after the operation has won
        // Read from the signal itself: the operation has stopped listening, but its signal must still not be aborted.
        const signal = op.records[0]?.signal;
        if (signal?.aborted) {
          fail(
            `the operation won at ${takes} ms, yet by ${clock.now} ms its signal had been aborted (with ${showReason(signal.reason)})`,
            'once the race is decided nothing may abort the operation any more: not your timer, not a clean-up abort',
            'When the operation settles first, clear your timer (clearTimeout) and leave its signal alone.',
            timeline,
          );
        }
      },
    ),
  { rules: ['won-stays-won'] },
);

// ------------------------------------------------------------------ retry

/** The formula the README documents, computed here independently. */
const expectedDelay = (n: number, o: RetryOptions, r: number) =>
  Math.round(Math.min(o.maxMs ?? Infinity, o.baseMs * (o.factor ?? 2) ** (n - 1)) * (1 - (o.jitter ?? 0) * r));

/**
 * Backoff settings. maxMs is tied to baseMs (0 to 4 times it) so the cap
 * really binds in most runs; left out in a quarter of them (no cap). Edge
 * values the lesson defines: baseMs 0, factor 1, a cap below baseMs.
 */
const backoffOptions = fc
  .record({
    retries: fc.integer({ min: 1, max: 5 }),
    baseMs: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 1_000 }), weight: 9 }, { arbitrary: fc.constant(0), weight: 1 }),
    factor: fc.constantFrom(1, 1.5, 2, 3),
    // A cap of 0 (every wait 0) in some runs: `maxMs || Infinity` would ignore it.
    capPercent: fc.option(fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 1, max: 400 }), weight: 5 }), { nil: undefined, freq: 4 }),
  })
  .map(({ capPercent, ...o }): RetryOptions => ({ ...o, maxMs: capPercent === undefined ? undefined : Math.round((o.baseMs * capPercent) / 100) }));

/**
 * Numbers in [0, 1) spread evenly, with the ends 0 and 0.9999 often. (fc.double
 * draws evenly over representable doubles, so most of its values are tiny and would hide a misplaced jitter.)
 */
const unit = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 9_999 }).map((k) => k / 10_000), weight: 4 }, { arbitrary: fc.constantFrom(0, 0.9999), weight: 1 });
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

/** A fake operation that fails every attempt, each with its own error; attempts take `ms(i)`. */
function alwaysFails(fakes: ClockScene['fakes'], attempts: number, ms: (i: number) => number) {
  const errors = Array.from({ length: attempts }, (_, i) => new Error(`attempt ${i + 1} failed`));
  const op = fakes.op(
    'attempt',
    errors.map((error, i) => ownResult(ms(i), { error })),
  );
  return { op, errors };
}

/** Observed waits between attempts: next start − previous settle. */
const waitsOf = (records: FakeCall[]) => records.slice(1).map((r, i) => r.startedAt - (records[i].settledAt ?? NaN));

/** A scripted random(): returns the given numbers in order and counts its calls. */
function scriptedRandom(values: number[], onCall?: () => void) {
  const random = Object.assign(
    () => {
      onCall?.();
      return values[Math.min(random.calls++, values.length - 1)] ?? 0.5;
    },
    { calls: 0 },
  );
  return random;
}

function describe(o: RetryOptions): string {
  const parts = Object.entries(o).filter(([k, v]) => v !== undefined && typeof v !== 'function' && k !== 'signal');
  return `{ ${parts.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
}

function ensureWaits(op: FakeOp, options: RetryOptions, rs: number[], picture: string): void {
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
      picture,
    );
  }
}

check(
  1,
  'backoffDelay computes the documented formula exactly, edge values included',
  () =>
    holds(
      // A pure function: no clock needed, so many runs are cheap.
      fc.property(fc.tuple(backoffOptions, fc.integer({ min: 1, max: 8 }), fc.constantFrom(0, 0.25, 0.5, 1), unit, fc.boolean()), ([o, n, jitter, r, defaults]) => {
        // Defaults left out (factor 2, no cap, no jitter) in some runs.
        const options: RetryOptions = defaults ? { retries: o.retries, baseMs: o.baseMs } : { ...o, jitter };
        const got = backoffDelay(n, options, r);
        const want = expectedDelay(n, options, r);
        ensure(
          Object.is(got, want),
          `backoffDelay(${n}, ${describe(options)}, ${r}) returned ${show(got)}, but the formula gives ${want}. ${backoffHint(got, n, options, r)}`,
        );
      }),
      { numRuns: 200 },
    ),
  { rules: ['backoff-formula'] },
);

check(
  3,
  'retry backs off exponentially: baseMs × factor^(n−1) before retry n, capped at maxMs',
  () =>
    holdsOnClock(fc.tuple(backoffOptions, fc.array(delays({ max: 300 }), { minLength: 7, maxLength: 7 })), async ([options, ms], { clock, timeline, fakes }) => {
      const { op } = alwaysFails(fakes, options.retries + 2, (i) => ms[i]);
      const outcome = await clock.run(() => retry(op, options));
      reasonOf(outcome, `retry(op, ${describe(options)})`, 'Every attempt failed.');
      ensureWaits(op, options, [], timeline.render());
    }),
  { rules: ['backoff-formula', 'retry-waits'] },
);

check(
  2,
  'retry applies jitter exactly as documented, calling the injected random() once per wait',
  () =>
    holdsOnClock(
      fc.tuple(backoffOptions, fc.oneof(fc.integer({ min: 1, max: 100 }).map((k) => k / 100), fc.constant(1)), randoms),
      async ([base, jitter, rs], { clock, timeline, fakes }) => {
        const random = scriptedRandom(rs);
        const options: RetryOptions = { ...base, jitter, random };
        const { op } = alwaysFails(fakes, options.retries + 2, () => 10);
        const outcome = await clock.run(() => retry(op, options));
        reasonOf(outcome, `retry(op, ${describe(options)})`, 'Every attempt failed.');
        const waits = Math.min(options.retries, op.calls - 1);
        ensure(
          random.calls === waits,
          `random() was called ${plural(random.calls, 'time')} for ${plural(waits, 'wait')}. Call it exactly once per wait, when computing that wait ` +
            '(the grader feeds it a known sequence and checks each wait).',
        );
        ensureWaits(op, options, rs, timeline.render());
      },
    ),
  { rules: ['backoff-formula', 'retry-random-once'] },
);

check(
  3,
  'retry makes exactly retries + 1 attempts, then rejects with the last error',
  () =>
    holdsOnClock(fc.tuple(fc.integer({ min: 0, max: 5 }), delays({ max: 500 }), domainReasons), async ([retries, baseMs, last], { clock, timeline, fakes }) => {
      // The last attempt's reason is drawn from the whole domain (an Error or not, falsy or not).
      const reasons: unknown[] = Array.from({ length: retries + 3 }, (_, i) => (i === retries ? last : new Error(`attempt ${i + 1} failed`)));
      const script = fakes.op('attempt', reasons.map((error) => ownResult(50, { error })));
      const outcome = await clock.run(() => retry(script, { retries, baseMs }));
      const reason = reasonOf(outcome, `retry(op, { retries: ${retries}, baseMs: ${baseMs} })`, 'Every attempt failed.');
      if (script.calls !== retries + 1) {
        fail(
          `with retries: ${retries}, every attempt failing, retry called the operation ${plural(script.calls, 'time')}`,
          `it should make the first attempt and ${plural(retries, 'retry', 'retries')}: ${plural(retries + 1, 'attempt')}`,
          script.calls > retries + 1 ? 'Off by one: give up when attempt === retries + 1 (or count retries, not attempts).' : undefined,
          timeline,
        );
      }
      ensure(
        Object.is(reason, last),
        `retry rejected with ${showReason(reason)}, but it should reject with the last attempt's own reason itself, ${showReason(last)} (whatever it is).`,
      );
      const lastSettled = script.records[retries]?.settledAt;
      ensure(outcome.at === lastSettled, `retry rejected at ${outcome.at} ms, but the last attempt failed at ${lastSettled} ms: give up at once, without a wait.`);
    }),
  { rules: ['retry-attempts'] },
);

check(
  1,
  'retry stops at the first success and resolves with its value',
  () =>
    holdsOnClock(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.nat(), domainValues), async ([retries, seed, value], { clock, fakes }) => {
      const failures = seed % (retries + 1); // the attempt after these succeeds, within the budget
      const op = fakes.op('attempt', [
        ...Array.from({ length: failures }, (_, i) => ownResult(20, { error: new Error(`attempt ${i + 1} failed`) })),
        ownResult(20, { value }),
      ]);
      const outcome = await clock.run(() => retry(op, { retries, baseMs: 100 }));
      const got = valueOf(outcome, `retry(op, { retries: ${retries}, baseMs: 100 }) with attempt ${failures + 1} succeeding`);
      const at = outcome.at;
      await clock.advance(10_000);
      ensure(
        op.calls === failures + 1,
        `Attempt ${failures + 1} succeeded, but retry called the operation ${op.calls} time(s). Return the value as soon as an attempt succeeds.`,
      );
      ensure(Object.is(got, value), `retry resolved with ${show(got)}, but the successful attempt resolved with ${show(value)}: resolve with that value itself.`);
      ensure(at === op.records[failures].settledAt, `retry resolved at ${at} ms, but the successful attempt resolved at ${op.records[failures].settledAt} ms: resolve at once.`);
    }),
  { rules: ['retry-success'] },
);

check(
  2,
  'retry gives up at once on an error that shouldRetry rejects',
  () =>
    holdsOnClock(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.nat()), async ([retries, seed], { clock, fakes }) => {
      const fatal = 1 + (seed % retries); // the attempt whose error is final, while retries remain
      const { op, errors } = alwaysFails(fakes, retries + 2, () => 30);
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
  { rules: ['retry-should-retry'] },
);

check(
  3,
  'retry stops as soon as its signal aborts, even in the middle of a backoff, and leaves no timer',
  () =>
    holdsOnClock(
      fc.tuple(fc.integer({ min: 1, max: 4 }), delays({ max: 500 }), fc.array(delays({ max: 300 }), { minLength: 6, maxLength: 6 }), fc.nat(), abortReasons, fc.constantFrom<Behaviour['onAbort']>('stop', 'ignore', 'fail', 'late-value')),
      async ([retries, baseMs, ms, seed, why, onAbort], { clock, timeline, fakes }) => {
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
        const caller = fakes.callerSignal(at === 0 ? { when: 'before' } : { when: 'after', at }, why);
        const op = fakes.op(
          'attempt',
          ms.map((d, i) => ownResult(d, { error: new Error(`attempt ${i + 1} failed`) }, { onAbort })),
        );
        const outcome = await clock.run(() => retry(op, { ...options, signal: caller.signal }));
        // Counted at the instant retry settled, before any further advance: a forgotten backoff timer has not fired yet.
        const left = fakes.learnerTimers();
        const where = at === 0 ? 'before retry was called' : events.some((e) => e.start < at && at < e.end) ? 'during an attempt' : 'during a backoff wait';
        const what = `retry(op, { retries: ${retries}, baseMs: ${baseMs}, signal }) with the signal aborted at ${at} ms (${where})`;
        const reason = reasonOf(outcome, what, "It should reject with the signal's reason.");
        const due = events.filter((e) => e.start < at).length;
        if (op.calls !== due) {
          fail(
            `${what} made ${op.calls} attempt(s)`,
            `it should have made ${due}: none may start once the signal has aborted`,
            'Check the signal before each attempt, and make the wait itself abortable.',
            timeline,
          );
        }
        if (outcome.at !== at) {
          fail(
            `${what} rejected at ${outcome.at} ms`,
            `it should reject at ${at} ms, at once`,
            where === 'during a backoff wait'
              ? "A plain setTimeout wait doesn't hear the abort. Use setTimeout from node:timers/promises with { signal }, or clear your timer in an abort listener."
              : where === 'during an attempt'
                ? 'Pass the signal to the attempt, and stop waiting for it when the signal aborts: the attempt may ignore its signal or need time to stop.'
                : 'An already-aborted signal means: make no attempt, reject with signal.reason.',
            timeline,
          );
        }
        ensure(
          Object.is(reason, why),
          `${what} rejected with ${showReason(reason)}, but it should reject with the signal's reason itself, ${showReason(why)}. ` +
            '(setTimeout from node:timers/promises rejects with an AbortError whose cause is the reason: rethrow signal.reason.)',
        );
        const running = op.records.find((r) => r.abortedAt === undefined && (r.settledAt === undefined || r.settledAt > at));
        if (running) {
          fail(
            `attempt ${running.call} was running when the signal aborted at ${at} ms, but it never heard of it`,
            'each attempt should get the signal: op(signal, attempt)',
            undefined,
            timeline,
          );
        }
        ensure(
          left === 0,
          `When retry rejected after the abort at ${at} ms, ${left} timer(s) of yours were still scheduled: the backoff timer must be cleared when the signal aborts.` +
            abortSignalTimeoutHint(),
        );
      },
    ),
  { rules: ['retry-abort', 'retry-already-aborted', 'retry-no-timer-on-abort'] },
);

check(
  2,
  'retry reports each retry to onRetry: the failed attempt number, its error and the delay',
  () =>
    holdsOnClock(fc.tuple(backoffOptions, randoms), async ([base, rs], { clock, fakes }) => {
      const events: RetryEvent[] = [];
      const options: RetryOptions = { ...base, jitter: 0.5, random: scriptedRandom(rs), onRetry: (e) => void events.push({ ...e }) };
      const { op, errors } = alwaysFails(fakes, base.retries + 2, () => 10);
      const outcome = await clock.run(() => retry(op, options));
      reasonOf(outcome, `retry(op, ${describe(options)})`, 'Every attempt failed.');
      const expected = Array.from({ length: base.retries }, (_, i) => ({ attempt: i + 1, error: errors[i], delayMs: expectedDelay(i + 1, options, rs[i]) }));
      ensure(
        events.length === expected.length && events.every((e, i) => sameFields(e, expected[i])),
        `onRetry received ${show(events)}, but with ${plural(base.retries, 'retry', 'retries')} it should receive ${show(expected)}: one call per retry, ` +
          'before its wait, with exactly { attempt, error, delayMs }: the attempt that just failed (1-based), its error object, and the wait about to happen.',
      );
      const numbers = op.records.map((r) => r.args[1]);
      ensure(
        numbers.every((n, i) => n === i + 1),
        `The attempts were called with attempt numbers ${show(numbers)}: call op(signal, attempt) with 1, 2, 3...`,
      );
    }),
  { rules: ['retry-on-retry', 'retry-attempt-args'] },
);

// ----------------------------------------------------- retry, effect by effect

/** One attempt of a retry scenario: how long it takes and how it ends (a synchronous throw is a failure at its start). */
type AttemptPlan = { ms: number; ok: boolean; throwsSync: boolean; retryable: boolean };

const retryScenarios = fc.record({
  options: backoffOptions.chain((o) =>
    fc.record({ retries: fc.integer({ min: 0, max: 4 }), jitter: fc.constantFrom(0, 0.5, 1) }).map((x) => ({ ...o, ...x })),
  ),
  attempts: fc.array(
    fc.record({ ms: delays({ max: 400 }), ok: fc.integer({ min: 0, max: 3 }).map((k) => k === 0), throwsSync: fc.integer({ min: 0, max: 3 }).map((k) => k === 0), retryable: fc.integer({ min: 0, max: 3 }).map((k) => k > 0) }),
    { minLength: 6, maxLength: 6 },
  ),
  withShouldRetry: fc.boolean(),
  rs: randoms,
  // When the caller aborts, as a share (per mille) of the run's length without an abort; none in half the runs.
  abortPermille: fc.option(fc.integer({ min: 1, max: 999 }), { nil: undefined, freq: 2 }),
});

/**
 * The rules of retry as a model: the effects, in order, that the README fixes
 * for this scenario (attempt starts and ends are the operation's; shouldRetry,
 * random(), onRetry and the final settle are retry's).
 */
function retryModel(s: {
  options: RetryOptions;
  attempts: AttemptPlan[];
  withShouldRetry: boolean;
  rs: number[];
  abortAt?: number;
  errors: Error[];
  values: unknown[];
  why: unknown;
}): TraceEvent[] {
  const out: TraceEvent[] = [];
  let t = 0;
  let draws = 0;
  const aborted = (from: number, to: number) => s.abortAt !== undefined && from < s.abortAt && s.abortAt < to;
  for (let n = 1; ; n++) {
    const a = s.attempts[Math.min(n, s.attempts.length) - 1];
    out.push({ at: t, kind: `attempt #${n} starts`, value: n, detail: `(op called with attempt ${n})` });
    if (!a.throwsSync && aborted(t, t + a.ms)) {
      out.push({ at: s.abortAt!, kind: 'retry rejects', value: s.why, detail: `with the signal's reason ${showReason(s.why)}` });
      return out;
    }
    if (!a.throwsSync) t += a.ms;
    if (a.ok && !a.throwsSync) {
      out.push({ at: t, kind: `attempt #${n} resolves`, value: s.values[n - 1] });
      out.push({ at: t, kind: 'retry resolves', value: s.values[n - 1], detail: `with ${show(s.values[n - 1])}` });
      return out;
    }
    out.push({ at: t, kind: `attempt #${n} ${a.throwsSync ? 'throws synchronously' : 'fails'}`, value: s.errors[n - 1] });
    if (n === s.options.retries + 1) {
      out.push({ at: t, kind: 'retry rejects', value: s.errors[n - 1], detail: `with attempt ${n}'s error (no retries left)` });
      return out;
    }
    if (s.withShouldRetry) {
      out.push({ at: t, kind: `shouldRetry(error, ${n})`, value: s.errors[n - 1], detail: `→ ${a.retryable}` });
      if (!a.retryable) {
        out.push({ at: t, kind: 'retry rejects', value: s.errors[n - 1], detail: `with attempt ${n}'s error (shouldRetry said no)` });
        return out;
      }
    }
    const r = s.rs[Math.min(draws++, s.rs.length - 1)];
    out.push({ at: t, kind: 'random()', detail: `→ ${r}` });
    const delayMs = expectedDelay(n, s.options, r);
    out.push({ at: t, kind: `onRetry({ attempt: ${n}, delayMs: ${delayMs} })`, value: s.errors[n - 1], detail: 'with that error' });
    if (aborted(t, t + delayMs)) {
      out.push({ at: s.abortAt!, kind: 'retry rejects', value: s.why, detail: `with the signal's reason ${showReason(s.why)} (during the wait)` });
      return out;
    }
    t += delayMs;
  }
}

check(
  3,
  'retry follows its rules effect by effect: attempts, shouldRetry, random(), onRetry, waits and the end, on the virtual clock',
  () =>
    holdsOnClock(
      retryScenarios,
      async (s, { clock, timeline, fakes }) => {
        const errors = s.attempts.map((_, i) => new Error(`attempt ${i + 1} failed`));
        const values = s.attempts.map((_, i) => ({ from: `attempt ${i + 1}` }));
        const why = new Error('the caller gave up');
        const unaborted = retryModel({ ...s, errors, values, why });
        const end = unaborted.at(-1)!.at;
        const abortAt = s.abortPermille === undefined || end < 2 ? undefined : Math.max(1, Math.floor((end * s.abortPermille) / 1000));
        const model = retryModel({ ...s, abortAt, errors, values, why });
        // No tie between the abort and another effect: "which came first" would have no one answer.
        fc.pre(abortAt === undefined || !unaborted.some((e) => e.at === abortAt));
        const trace: TraceEvent[] = [];
        const note = (kind: string, value?: unknown, detail?: string) => trace.push({ at: clock.now, kind, value, detail });
        const raw = fakes.op(
          'attempt',
          s.attempts.map((a, i) => ownResult(a.ms, a.ok && !a.throwsSync ? { value: values[i] } : { error: errors[i] }, { throwsSync: a.throwsSync })),
        );
        const op = (signal: unknown, attempt: unknown) => {
          const n = raw.calls + 1;
          note(`attempt #${n} starts`, attempt, `(op called with attempt ${String(attempt)})`);
          let promise: Promise<unknown>;
          try {
            promise = raw(signal, attempt);
          } catch (error) {
            note(`attempt #${n} throws synchronously`, error);
            throw error;
          }
          // Noted before retry's own reactions run: the operation's end comes first in the trace.
          promise.then(
            (value) => note(`attempt #${n} resolves`, value),
            (error) => (raw.records[n - 1]?.settled === 'aborted' ? undefined : note(`attempt #${n} fails`, error)),
          );
          return promise;
        };
        const caller = fakes.callerSignal(abortAt === undefined ? { when: 'never' } : { when: 'after', at: abortAt }, why);
        let draws = 0;
        const options: RetryOptions = {
          ...s.options,
          signal: caller.signal,
          random: () => {
            const r = s.rs[Math.min(draws++, s.rs.length - 1)];
            note('random()', undefined, `→ ${r}`);
            return r;
          },
          onRetry: (e) => note(`onRetry({ attempt: ${e.attempt}, delayMs: ${e.delayMs} })`, e.error, 'with that error'),
          shouldRetry: s.withShouldRetry
            ? (error, n) => {
                const answer = s.attempts[n - 1]?.retryable ?? true;
                // Asking shouldRetry about the last attempt, or after the abort, is allowed (the answer must change nothing): not part of the trace.
                if (n >= s.options.retries + 1 || caller.signal.aborted) return answer;
                note(`shouldRetry(error, ${n})`, error, `→ ${answer}`);
                return answer;
              }
            : undefined,
        };
        const outcome = await clock.run(() => {
          const p = retry(op as never, options);
          p.then(
            (value) => note('retry resolves', value, `with ${show(value)}`),
            (reason) => note('retry rejects', reason, `with ${showReason(reason)}`),
          );
          return p;
        });
        if (outcome.status === 'rejected') reasonOf(outcome, 'retry'); // surfaces "not implemented"
        await clock.advance(20_000); // anything retry still does after settling shows up too
        ensureSameTrace(trace, model, {
          what: `retry(op, ${describe(s.options)}${s.withShouldRetry ? ' + shouldRetry' : ''}${abortAt === undefined ? '' : `, signal aborted at ${abortAt} ms`})`,
          picture: timeline,
          hint: (i) => {
            const e = model[i];
            if (!e) return 'Nothing more should happen once retry has settled: no attempt, no wait, no callback.';
            if (e.kind === 'random()') return 'random() is drawn once per wait, when the failed attempt is to be retried, after shouldRetry and before onRetry.';
            if (e.kind.startsWith('onRetry')) return 'onRetry comes right after random() and before the wait, with the wait it announces.';
            if (e.kind.startsWith('shouldRetry')) return 'shouldRetry(error, attempt) is asked about each failed attempt that still has a retry left, before anything else.';
            if (e.kind === 'retry rejects' || e.kind === 'retry resolves') return 'retry settles at once: with the value, with the final error (no retries left, or shouldRetry said no), or with the signal\'s reason the moment it aborts.';
            return undefined;
          },
        });
      },
      { numRuns: 60 },
    ),
  { rules: ['retry-waits', 'retry-random-once', 'retry-on-retry', 'retry-should-retry', 'retry-attempts', 'retry-success', 'retry-sync-throw', 'retry-abort'] },
);

check(
  1,
  "retry leaves no timer and no listener on the caller's signal once it has settled",
  () =>
    holdsOnClock(
      fc.tuple(fc.integer({ min: 0, max: 3 }), fc.nat(), delays({ max: 300 }), fc.boolean()),
      async ([retries, seed, baseMs, succeeds], { clock, fakes }) => {
        const failures = succeeds ? seed % (retries + 1) : retries + 1;
        const caller = fakes.callerSignal({ when: 'never' }, undefined);
        const op = fakes.op('attempt', [
          ...Array.from({ length: failures }, (_, i) => ownResult(20, { error: new Error(`attempt ${i + 1} failed`) })),
          ownResult(20, { value: 'ok' }),
        ]);
        const outcome = await clock.run(() => retry(op, { retries, baseMs, signal: caller.signal }));
        if (outcome.status !== 'fulfilled') reasonOf(outcome, 'retry');
        const timers = fakes.learnerTimers();
        const listeners = abortListeners(caller.signal);
        const how = succeeds ? `resolved after ${plural(failures + 1, 'attempt')}` : 'gave up';
        ensure(timers === 0, `When retry ${how} at ${outcome.at} ms, ${timers} timer(s) of yours were still scheduled: clear every wait's timer.`);
        ensure(
          listeners === 0,
          `When retry ${how} at ${outcome.at} ms, ${listeners} 'abort' listener(s) of yours were still on the caller's signal: ` +
            'remove each listener once its attempt or wait is over (or use { signal } APIs that do it for you).',
        );
      },
    ),
  { rules: ['retry-no-timer-on-settle', 'retry-no-listener-left'] },
);

// --------------------------------------------------------------- deadline

/** When `signal` aborts, on the virtual clock. */
function abortTime(clock: VirtualClock, signal: AbortSignal): () => number | undefined {
  let at: number | undefined = signal.aborted ? clock.now : undefined;
  signal.addEventListener('abort', () => (at ??= clock.now), { once: true });
  return () => at;
}

check(
  2,
  "deadline's signal aborts with a TimeoutError when the budget runs out, and remaining() counts down to 0",
  () =>
    holdsOnClock(fc.tuple(delays({ min: 2 }), fc.nat(), fc.nat({ max: 3 })), async ([ms, seed, idleBefore], { clock }) => {
      // The clock is not at 0 when the deadline is made: it counts from its call.
      await clock.advance(idleBefore * 100);
      const t0 = clock.now;
      const early = 1 + (seed % (ms - 1));
      const d = deadline(ms);
      const abortedAt = abortTime(clock, d.signal);
      await clock.advance(early);
      ensure(
        d.remaining() === ms - early,
        `deadline(${ms}).remaining() was ${show(d.remaining())} after ${early} ms, but ${ms - early} ms were left. ` +
          "Remember when it ends (Date.now() + ms, at the call) and subtract the time now; Date and performance run on the grader's clock.",
      );
      ensure(!d.signal.aborted, `deadline(${ms}).signal had already aborted after ${early} ms.`);
      await clock.advance(ms - early);
      ensure(
        abortedAt() === t0 + ms,
        `deadline(${ms}) made at ${t0} ms: its signal ${abortedAt() === undefined ? 'had not aborted' : `aborted at ${abortedAt()} ms`} at ${t0 + ms} ms: it should abort exactly when the budget runs out.` +
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
  { rules: ['deadline-aborts', 'deadline-remaining'] },
);

check(
  3,
  'nested deadlines: the earlier one wins, for the signal and for remaining()',
  () =>
    holdsOnClock(fc.tuple(delays({ min: 2, max: 5_000 }), delays({ max: 5_000 }), fc.nat()), async ([outerMs, innerMs, seed], { clock }) => {
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
        `${setting}: inner.remaining() was ${show(inner.remaining())}, but only ${left} ms are left${outerWins ? ' (the outer budget is the smaller one)' : ''}. ` +
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
      // A parent already out of time at the call: the child is born aborted, with the parent's reason.
      const spent = deadline(innerMs, { parent: outer });
      ensure(
        spent.signal.aborted && spent.signal.reason === outer.signal.reason && spent.remaining() === 0,
        `deadline(${innerMs}, { parent }) made after the parent had run out: its signal ${spent.signal.aborted ? `aborted with ${showReason(spent.signal.reason)}` : 'was not aborted'} ` +
          `and remaining() was ${show(spent.remaining())}, but it should be aborted already, with the parent's reason, and have 0 ms left.`,
      );
      spent.clear();
    }),
  { rules: ['deadline-parent-signal', 'deadline-parent-remaining', 'deadline-parent-untouched'] },
);

check(
  1,
  'deadline.clear() and `using` stop its timer without aborting: no timer is left',
  () =>
    holdsOnClock(
      fc.tuple(delays(), delays()),
      async ([ms, parentMs], { clock }) => {
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
        const before = abortListeners(parent.signal);
        const child = deadline(ms, { parent });
        child.clear();
        const listeners = abortListeners(parent.signal) - before;
        parent.clear();
        ensure(
          clock.pendingTimers() === 0,
          `After clear() on a deadline and on its parent, ${clock.pendingTimers()} timer(s) were still scheduled. clear() should clearTimeout.` +
            abortSignalTimeoutHint(),
        );
        ensure(
          listeners <= 0,
          `After child.clear(), ${listeners} 'abort' listener(s) of the child were still on its parent's signal: a parent outlives many children, ` +
            'so a cleared child must let go of it (removeEventListener in clear(), or AbortSignal.any, which adds none).',
        );
        await clock.advance(Math.max(ms, parentMs) + 1);
        ensure(!signal.aborted && !child.signal.aborted, 'A cleared deadline aborted its signal later on: clear() should stop the timer, not fire it.');
      },
      { numRuns: 20 },
    ),
  { rules: ['deadline-clear', 'deadline-dispose', 'deadline-clear-detaches'] },
);
