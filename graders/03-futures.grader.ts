// Grader for 03-futures. Lesson: a Future is one object that holds "the answer,
// later", with a small state machine (pending → running → done, or cancelled),
// and everything else (executors, wait, asCompleted, a callback refactor) is
// built on that machine. Python's concurrent.futures is the spec.
// Every timing here is virtual (fake clock): a 5-second task costs microseconds.
import { asCompleted, Executor, Future, sendAll, wait } from '@exercise/03-futures';
import {
  attempt,
  check,
  delays,
  ensure,
  fail,
  fc,
  holds,
  isNotImplemented,
  onVirtualClock,
  peek,
  reasonOf,
  exact,
  settle,
  show,
  Timeline,
  timedTask,
  valueOf,
} from './support';
import { executorFollowsTheModel } from './03-futures/executor-model';
import {
  deadlineAmong,
  distinctDelays,
  drain,
  errorFor,
  finishAll,
  finished,
  futuresFor,
  handled,
  isCancelled,
  isInvalidState,
  isTimeout,
  labels,
  lastEnd,
  plans,
  schedule,
  sleep,
  startedLabels,
  submitAfterShutdownThrows,
} from './03-futures/fixtures';
import { channelPlans, deliveriesDiffer, expectedDeliveries, sender, type Behaviour } from './03-futures/sender';
import { describePlan, describeWaiter, expectedFor, playWaiters, showSeen, waitersPlans } from './03-futures/waiters';
import { describeMapStory, expectedMap, idealSchedule, mapStories, playMap, type MapRun, type MapStory } from './03-futures/map-story';
import {
  asCompletedStories,
  describeAsCompletedStory,
  describeWaitCall,
  describeWaitStory,
  ends,
  expectedSplit,
  playAsCompleted,
  playWait,
  returnsAt,
  showIndexes,
  waitStories,
} from './03-futures/collect';
import { anyReason, anyValue, deadlines, sameValue, thenable } from './03-futures/scenarios';

// ------------------------------------------------------------------- Future

check(2, 'cancel() succeeds only while the future is pending: false once it is running or done', async () => {
  const pending = new Future<number>();
  ensure(pending.cancel() === true, 'cancel() on a new (pending) future returned false, but nothing has started yet, so it should cancel it and return true.');
  ensure(
    pending.cancelled() && pending.done() && !pending.running(),
    `After a successful cancel(): cancelled()=${pending.cancelled()}, done()=${pending.done()}, running()=${pending.running()}; ` +
      'expected true, true, false. A cancelled future counts as done.',
  );
  ensure(pending.cancel() === true, 'cancel() on a future that is already cancelled returned false; Python answers True again (it is cancelled, as asked).');
  ensure(
    pending.setRunningOrNotifyCancel() === false,
    'setRunningOrNotifyCancel() on a cancelled future should return false, so a worker skips it instead of running it.',
  );

  const running = new Future<number>();
  ensure(running.setRunningOrNotifyCancel() === true, 'setRunningOrNotifyCancel() on a pending future should return true and mark it running.');
  ensure(running.running(), 'After setRunningOrNotifyCancel() returned true, running() should be true.');
  const answer = running.cancel();
  if (answer !== false || running.cancelled()) {
    fail(
      `cancel() on a running future returned ${answer} (cancelled() is now ${running.cancelled()})`,
      'a running future cannot be cancelled: cancel() must return false and leave it running',
      'Check the state first: only a PENDING future may become CANCELLED. Work that already started will finish ' +
        '(in Python the thread is already executing it; in Node the promise is already under way).',
    );
  }
  running.setResult(1);

  for (const [how, complete] of [
    ['setResult(7)', (f: Future<number>) => f.setResult(7)],
    ['setException(error)', (f: Future<number>) => f.setException(errorFor('x'))],
  ] as const) {
    const done = new Future<number>();
    complete(done);
    const again = done.cancel();
    ensure(
      again === false && !done.cancelled() && done.done(),
      `After ${how}, cancel() returned ${again} and cancelled() is ${done.cancelled()}, but a finished future cannot be cancelled: ` +
        'cancel() must return false and the outcome stays as it is.',
    );
  }
}, { rules: ['cancel-pending', 'cancel-again', 'cancel-running-or-finished', 'set-running-pending', 'set-running-cancelled'] });

check(2, 'result(timeoutMs) and exception(timeoutMs) reject with TimeoutError at the deadline without cancelling the future', () =>
  holds(
    fc.asyncProperty(deadlines(), fc.integer(), (timeoutMs, value) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const future = new Future<number>();
        timeline.begin('future');
        for (const method of ['result', 'exception'] as const) {
          const start = clock.now;
          const end = timeline.begin(`${method}(${timeoutMs})`);
          const outcome = await clock.run(() => future[method](timeoutMs), { limitMs: Math.max(timeoutMs * 3, 10) });
          end(true);
          const reason = reasonOf(outcome, `${method}(${timeoutMs}) on a future that is not done`, 'It should give up waiting at the deadline.');
          ensure(
            isTimeout(reason),
            `${method}(${timeoutMs}) rejected with ${show(reason)}, but it should reject with a TimeoutError (this exercise exports one).` +
              (timeoutMs === 0 ? ' 0 is a deadline (now), not "no deadline": test timeoutMs !== undefined, not its truthiness.' : ''),
          );
          if (outcome.at !== timeoutMs) {
            fail(
              `${method}(${timeoutMs}) gave up after ${outcome.at} ms (started at ${start} ms)`,
              `it should give up after exactly ${timeoutMs} ms`,
              'Start one setTimeout(timeoutMs) per call and reject when it fires.',
              timeline,
            );
          }
          ensure(
            !future.cancelled() && !future.done(),
            `After ${method}(${timeoutMs}) timed out, cancelled() is ${future.cancelled()} and done() is ${future.done()}, ` +
              'but a timeout only stops the WAITING: the future itself must stay pending, so it can still finish later. ' +
              'Did you cancel the future when the timer fired?',
          );
        }
        future.setResult(value);
        const late = await clock.run(() => future.result());
        ensure(
          Object.is(valueOf(late, 'result() once the future finished after the timeouts'), value),
          `After the timeouts the future finished with ${value}, but result() gave ${show(late.status === 'fulfilled' ? late.value : undefined)}.`,
        );
      }),
    ),
    { numRuns: 25 },
  ), { rules: ['result-timeout', 'timeout-does-not-cancel'] }
);

check(2, 'result() and exception() of a cancelled future reject with CancelledError, also for callers already waiting', () =>
  onVirtualClock(async (clock) => {
    const future = new Future<number>();
    const waitingResult = handled(attempt(() => future.result()));
    const waitingException = handled(attempt(() => future.exception()));
    ensure(future.cancel(), 'cancel() on a pending future should return true.');
    for (const [what, promise] of [
      ['result(), called before cancel()', waitingResult],
      ['exception(), called before cancel()', waitingException],
      ['result(), called after cancel()', handled(attempt(() => future.result()))],
      ['exception(), called after cancel()', handled(attempt(() => future.exception()))],
    ] as const) {
      const reason = reasonOf(await clock.run(() => promise), what, 'A cancelled future has no result to give.');
      ensure(
        isCancelled(reason),
        `${what} rejected with ${show(reason)}, but it should reject with a CancelledError (this exercise exports one). ` +
          'Callers that were already waiting must be woken by cancel() too, or they wait forever.',
      );
    }
  }), { rules: ['result-cancelled', 'result-cancelled-waiting'] }
);

check(2, 'exception() resolves to null on success and to the error on failure; result() gives the value or rethrows that error', () =>
  holds(
    // Values and reasons from the whole domain: falsy ones (where `if (value)` bugs live) and reasons that are not Errors.
    fc.asyncProperty(anyValue(), anyReason(), fc.boolean(), (value, error, early) =>
      onVirtualClock(async (clock) => {
        const ok = new Future<unknown>();
        const bad = new Future<unknown>();
        // Callers may ask before or after the future finishes; both must get the same answer.
        const ask = () => [ok.result(), ok.exception(), bad.result(), bad.exception()].map(handled);
        const asked = early ? ask() : [];
        ok.setResult(value);
        bad.setException(error);
        const [okResult, okException, badResult, badException] = early ? asked : ask();
        const when = early ? 'asked before it finished' : 'asked after it finished';
        const v = valueOf(await clock.run(() => okResult), `result() of a future set to ${show(value)} (${when})`);
        ensure(Object.is(v, value), `result() gave ${show(v)}, but the future was set to ${show(value)} (${when}).`);
        const e = valueOf(await clock.run(() => okException), `exception() of a successful future (${when})`);
        ensure(
          e === null,
          `exception() of a successful future resolved to ${show(e)}, but it should resolve to null: "no exception". ` +
            (e === undefined ? 'undefined is not null: return null explicitly.' : ''),
        );
        const r = reasonOf(await clock.run(() => badResult), `result() of a future set to fail (${when})`, 'result() rethrows the stored error.');
        ensure(
          Object.is(r, error),
          `result() of a failed future rejected with ${show(r)}, but it should rethrow the very error it was given (${show(error)}), ` +
            'whatever it is: a falsy or non-Error reason is still a failure. Keep a separate "failed" flag instead of testing the error for truthiness.',
        );
        const x = valueOf(await clock.run(() => badException), `exception() of a failed future (${when}) (it returns the error, it does not throw it)`);
        ensure(Object.is(x, error), `exception() of a failed future resolved to ${show(x)}, but it should resolve to the error itself (${show(error)}).`);
      }),
    ),
    { numRuns: 30 },
  ), { rules: ['result-value', 'result-error-itself', 'exception-null', 'exception-error-itself'] }
);

type Completion = 'setResult' | 'setException' | 'cancel';
const completeWith = (future: Future<number>, how: Completion) =>
  how === 'setResult' ? future.setResult(1) : how === 'setException' ? future.setException(errorFor('x')) : future.cancel();

check(2, 'addDoneCallback runs every callback once, in the order added, synchronously when the future completes', () =>
  holds(
    fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.constantFrom<Completion>('setResult', 'setException', 'cancel'), (count, how) =>
      onVirtualClock(async (clock) => {
        const future = new Future<number>();
        const calls: number[] = [];
        const args: unknown[] = [];
        const sawDone: boolean[] = [];
        for (let i = 0; i < count; i++) {
          future.addDoneCallback((f) => {
            calls.push(i);
            args.push(f);
            // A callback is told "the future is done": it must be able to read that (wait() and asCompleted rely on it).
            sawDone.push(f.done() && f.cancelled() === (how === 'cancel'));
          });
        }
        ensure(calls.length === 0, `${calls.length} callback(s) ran before the future was done; they must wait for it to complete.`);
        completeWith(future, how);
        const rightAway = [...calls];
        await settle(clock);
        const expected = Array.from({ length: count }, (_, i) => i);
        if (rightAway.length === 0 && calls.length > 0) {
          fail(
            `The callbacks ran only after ${how}() had returned (on a later microtask)`,
            'this exercise documents them as synchronous: they run inside the call that completes the future, like Python',
            'Call them directly in a loop instead of through queueMicrotask/Promise.then/setTimeout.',
          );
        }
        ensure(
          exact(calls) === exact(expected),
          `Callbacks added in the order ${show(expected)} ran as ${show(calls)} after ${how}(). ` +
            'Each callback must run exactly once, in the order it was added (a list you walk from the front, not a stack).',
        );
        ensure(args.every((f) => f === future), 'Each callback should receive the future itself as its argument: fn(future).');
        ensure(
          sawDone.every(Boolean),
          `Inside a done-callback run by ${how}(), the future did not look ${how === 'cancel' ? 'cancelled' : 'done'} yet (done() or cancelled() was wrong). ` +
            'Set the state first, then wake the waiters and run the callbacks: a callback that reads the future must see it complete.',
        );
        try {
          if (how !== 'cancel') completeWith(future, how);
        } catch {
          // Setting twice throws (another check grades that); the callbacks must not run again.
        }
        ensure(calls.length === count, `After a second attempt to complete the future, callbacks had run ${calls.length} times in all; each must run once.`);
      }),
    ),
    { numRuns: 30 },
  ), { rules: ['callbacks-order', 'callbacks-sync'] }
);

check(2, 'addDoneCallback on a future that is already done calls the callback at once, before it returns', async () => {
  for (const how of ['setResult', 'setException', 'cancel'] as const) {
    const future = new Future<number>();
    completeWith(future, how);
    let got: unknown = 'not called';
    future.addDoneCallback((f) => (got = f));
    if (got === 'not called') {
      fail(
        `After ${how}(), addDoneCallback(fn) returned without calling fn`,
        'on a future that is already done it must call fn at once (synchronously, as this exercise documents), or the caller waits forever',
        'Check done() first: if the future is done, call fn(this) now; otherwise store it for later.',
      );
    }
    ensure(got === future, `addDoneCallback called fn with ${show(got)}, but it should pass the future itself.`);
  }
}, { rules: ['callbacks-after-done'] });

check(1, 'a callback that throws is reported with console.error and ignored: the other callbacks still run', async () => {
  const reported: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void reported.push(args);
  try {
    // Callbacks that do not throw report nothing.
    for (const how of ['setResult', 'setException', 'cancel'] as const) {
      const quiet = new Future<number>();
      quiet.addDoneCallback(() => undefined);
      completeWith(quiet, how);
      quiet.addDoneCallback(() => undefined);
      ensure(
        reported.length === 0,
        `After ${how}() on a future whose callbacks all returned normally, console.error was called with ${show(reported[0])}. ` +
          'Report only what a callback threw; is something in your callback list that is not a callback?',
      );
    }
    // Every way of completing a future runs the callbacks: each path must guard them.
    for (const how of ['setResult', 'setException', 'cancel'] as const) {
      reported.length = 0;
      const boom = new Error(`callback boom (${how})`);
      const future = new Future<number>();
      const calls: string[] = [];
      future.addDoneCallback(() => calls.push('first'));
      future.addDoneCallback(() => {
        throw boom;
      });
      future.addDoneCallback(() => calls.push('third'));
      try {
        completeWith(future, how);
      } catch (error) {
        if (isNotImplemented(error)) throw error;
        fail(
          `${how}() threw ${show(error)} out of a done-callback`,
          'a failing callback is reported and ignored: the code that completed the future must not see it, whichever way it completed',
          'Run every callback through one helper that wraps it in try/catch and reports the error with console.error(...).',
        );
      }
      ensure(exact(calls) === exact(['first', 'third']), `After ${how}(), the callbacks that ran were ${show(calls)}; expected ["first","third"]: one failing callback must not stop the rest.`);
      const mentions = (args: unknown[]) => args.some((a) => a === boom || (typeof a === 'string' && a.includes(boom.message)));
      ensure(
        reported.some(mentions),
        `After ${how}(), console.error was ${reported.length ? `called with ${show(reported[0])}` : 'never called'}, but it should be called with the callback's error, so the failure is not silent.`,
      );
      reported.length = 0;
      try {
        future.addDoneCallback(() => {
          throw boom;
        });
      } catch (error) {
        fail(`addDoneCallback on a done future threw ${show(error)} from the callback`, 'that callback error should be reported and ignored too');
      }
      ensure(reported.some(mentions), 'A callback added after done that throws should also be reported with console.error.');
    }
  } finally {
    console.error = original;
  }
}, { rules: ['callback-throws'] });

check(1, 'setting a result or an exception on a future that is already done throws InvalidStateError', async () => {
  const cases: Array<[string, (f: Future<number>) => void, (f: Future<number>) => void]> = [
    ['setResult(1) then setResult(2)', (f) => f.setResult(1), (f) => f.setResult(2)],
    ['setResult(1) then setException(error)', (f) => f.setResult(1), (f) => f.setException(errorFor('late'))],
    ['setException(error) then setResult(2)', (f) => f.setException(errorFor('first')), (f) => f.setResult(2)],
    ['cancel() then setResult(2)', (f) => f.cancel(), (f) => f.setResult(2)],
    ['cancel() then setException(error)', (f) => f.cancel(), (f) => f.setException(errorFor('late'))],
    ['setException(error) then setException(error)', (f) => f.setException(errorFor('first')), (f) => f.setException(errorFor('late'))],
  ];
  for (const [story, first, second] of cases) {
    const future = new Future<number>();
    first(future);
    let thrown: unknown = null;
    try {
      second(future);
    } catch (error) {
      thrown = error;
    }
    ensure(
      isInvalidState(thrown),
      `${story}: the second call ${thrown === null ? 'returned normally' : `threw ${show(thrown)}`}, but it should throw an InvalidStateError ` +
        '(exported by this exercise). A future completes once; a second answer is a bug in the caller and must not pass silently.',
    );
    // The first outcome stands, whatever the refused second call was.
    const firstWas = story.split(' then ')[0];
    const stands =
      firstWas.startsWith('cancel') ? future.cancelled() : firstWas.startsWith('setResult') ? !future.cancelled() && future.done() : !future.cancelled() && future.done();
    const exception = future.cancelled() ? null : await Promise.race([future.exception(), sleep(0).then(() => 'never settled')]);
    const right = firstWas.startsWith('cancel') ? stands : firstWas.startsWith('setResult') ? stands && exception === null : stands && exception instanceof Error && exception.message === errorFor('first').message;
    ensure(right, `${story}: after the refused second call the future no longer holds the first outcome (${firstWas}); the first answer must stand.`);
  }
  const kept = new Future<number>();
  kept.setResult(1);
  try {
    kept.setResult(2);
  } catch {
    // expected
  }
  const value = await Promise.race([kept.result(), sleep(0).then(() => 'never settled')]);
  ensure(value === 1, `After setResult(1) and a refused setResult(2), result() gave ${show(value)}; the first answer must stand.`);
}, { rules: ['set-when-done'] });

check(1, 'setRunningOrNotifyCancel() throws InvalidStateError on a future that is running or finished', async () => {
  const stories: Array<[string, (f: Future<unknown>) => void]> = [
    ['running (setRunningOrNotifyCancel() already returned true)', (f) => f.setRunningOrNotifyCancel()],
    ['finished with a value', (f) => f.setResult(1)],
    ['failed', (f) => f.setException(errorFor('x'))],
    ['running, then finished', (f) => (f.setRunningOrNotifyCancel(), f.setResult(0))],
  ];
  for (const [state, reach] of stories) {
    const future = new Future<unknown>();
    reach(future);
    let thrown: unknown = 'nothing';
    let answer: unknown;
    try {
      answer = future.setRunningOrNotifyCancel();
    } catch (error) {
      if (isNotImplemented(error)) throw error;
      thrown = error;
    }
    ensure(
      isInvalidState(thrown),
      `setRunningOrNotifyCancel() on a future that is ${state} ${thrown === 'nothing' ? `returned ${show(answer)}` : `threw ${show(thrown)}`}, ` +
        'but it should throw an InvalidStateError: only a pending future can start, and a cancelled one answers false. ' +
        'An executor that calls it twice on one future has a bug, and returning false would hide it.',
    );
  }
}, { rules: ['set-running-otherwise'] });

check(2, "several callers waiting on one future each get its outcome, and one caller's timeout never affects another", () =>
  holds(
    fc.asyncProperty(waitersPlans(), (plan) =>
      onVirtualClock(async (clock) => {
        const run = await playWaiters(clock, plan);
        plan.waiters.forEach((w, i) => {
          const want = expectedFor(plan, w);
          const seen = run.seen[i];
          if (!want.matches(seen) || seen.status === 'pending' || seen.at !== want.at) {
            const callers = plan.waiters.map((x, k) => `  ${describeWaiter(x, k)}: ${showSeen(run.seen[k])}`).join('\n');
            fail(
              `When ${describePlan(plan)}, ${describeWaiter(w, i)} ${showSeen(seen)}`,
              `it should get ${want.what} at ${want.at} ms. All the callers:\n${callers}\n` +
                'Each call waits on its own: keep a SET of waiters, wake every one when the future completes (cancel included), ' +
                "and let a timeout remove only that caller's waiter",
              want.what === 'a TimeoutError' ? 'A timeout rejects only the call that gave it; the future stays pending.' : undefined,
            );
          }
        });
        ensure(run.pendingAfterTimeouts, `After every caller timed out, the future is done, but ${describePlan(plan)}: a timeout must not cancel or complete the future.`);
      }),
    ),
    { numRuns: 80 },
  ),
  { rules: ['waiters-independent', 'result-cancelled-waiting', 'timeout-does-not-cancel', 'result-timeout', 'result-value', 'result-error-itself', 'exception-error-itself'] },
);

check(2, 'result(timeoutMs) and exception(timeoutMs) leave no timer behind, counted the instant each wait ends: value, error, cancel or timeout', () =>
  holds(
    fc.asyncProperty(waitersPlans(), (plan) =>
      onVirtualClock(async (clock) => {
        const run = await playWaiters(clock, plan);
        for (const instant of run.instants) {
          if (instant.waitingWithDeadline === 0 && instant.timers > 0) {
            const callers = plan.waiters.map((x, k) => `  ${describeWaiter(x, k)}: ${showSeen(run.seen[k])}`).join('\n');
            fail(
              `At ${instant.at} ms no caller was waiting with a deadline any more, yet ${instant.timers} timer(s) were still scheduled (${describePlan(plan)}).\n${callers}\n` +
                'Counted at that very instant, before the clock moved on',
              'a timeout timer must be cleared (clearTimeout) the moment the wait it guards is over, however it ends: a value, an error, a cancel, or the future already done',
              'Clear the timer in the waiter that wakes the call, on every path (success, failure and cancel), not only after a value.',
            );
          }
        }
      }),
    ),
    { numRuns: 40 },
  ),
  { rules: ['no-timer-result-finished', 'no-timer-result-cancelled', 'no-timer-result-timeout'] },
);

// An unhandled rejection fails whichever check is running, with the rejected
// value as the message; so the errors of this check carry the lesson in their text.
const unread = (where: string) =>
  new Error(
    `UNHANDLED REJECTION: nobody read this failure (${where}), yet your code turned it into a promise rejection that nothing handles. ` +
      'A Future is not a Promise: keep the error in a field, and reject only the promises that result()/exception() callers hold.',
  );

check(1, 'a failure nobody reads never causes an unhandled promise rejection', () =>
  onVirtualClock(async (clock) => {
    const future = new Future<number>();
    future.setException(unread('future.setException(error), never read'));
    const waited = new Future<number>();
    waited.addDoneCallback(() => undefined);
    waited.setException(unread('a future with a done-callback, failed, its result never read'));
    const timedOut = new Future<number>();
    handled(attempt(() => timedOut.result(5)));
    await clock.advance(10);
    timedOut.setException(unread('a future whose only reader timed out, failed afterwards'));
    const executor = new Executor({ maxWorkers: 1 });
    executor.submit(async () => {
      await sleep(1);
      throw unread('a submitted async function that failed, its future never read');
    });
    executor.submit((): number => {
      throw unread('a submitted sync function that threw, its future never read');
    });
    const items = [0, 1, 2, 3];
    const fn = async (i: number) => {
      await sleep(10 + i);
      throw unread(`map item ${i}, left behind when the loop ended at item 0`);
    };
    // Every item starts (4 workers), so each one left behind fails with a message that says what happened.
    valueOf(await clock.run(() => drain(new Executor({ maxWorkers: 4 }).map(fn, items), () => clock.now)), 'iterating map over failing items');
    await clock.advance(100);
    await settle(clock);
    await settle(clock);
  }),
  { rules: ['no-unhandled-rejection'] },
);

// ---------------------------------------------------------- Executor: model

check(4, 'Executor follows the model through random sequences of submit, cancel, complete, fail and shutdown', () =>
  holds(executorFollowsTheModel(), { numRuns: 100 }), { rules: ['max-workers', 'fifo', 'skip-cancelled', 'submit-outcome', 'cancel-pending', 'cancel-again', 'cancel-running-or-finished', 'shutdown-rejects-submit', 'shutdown-cancel-queued', 'shutdown-wait'] }
);

check(3, 'never more than maxWorkers functions run at once, and a free worker never idles while work is queued', () =>
  holds(
    fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(delays({ min: 10, max: 2_000 }), { minLength: 1, maxLength: 9 }), (maxWorkers, durations) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const executor = new Executor({ maxWorkers });
        const futures = durations.map((ms, i) => executor.submit(timedTask(timeline, `job${i}`, ms, { value: i })));
        valueOf(await clock.run(() => Promise.all(futures.map((f) => f.result()))), 'the results of the submitted jobs');
        const busiest = timeline.maxLive();
        if (busiest > maxWorkers) {
          fail(
            `${busiest} jobs ran at once`,
            `Executor({ maxWorkers: ${maxWorkers} }) must never run more than ${maxWorkers}`,
            'Start queued work only while fewer than maxWorkers jobs are in flight (< not <=), and count a job out only when it settles.',
            timeline,
          );
        }
        const plan = schedule(durations, maxWorkers);
        plan.forEach((want, i) => {
          const span = timeline.spans.find((s) => s.label === `job${i}`);
          if (!span) fail(`job${i} never started`, 'every submitted job runs eventually', undefined, timeline);
          if (span.start !== want.start) {
            fail(
              `job${i} started at ${span.start} ms`,
              `it should start at ${want.start} ms: as soon as a worker is free, it takes the oldest job in the queue`,
              span.start > want.start
                ? 'A worker sat idle while work waited. Start the next queued job the moment ANY job settles, not when a whole batch has.'
                : 'Jobs must start in the order they were submitted (first in, first out).',
              timeline,
            );
          }
        });
      }),
    ),
  ), { rules: ['max-workers', 'fifo'] }
);

check(1, 'new Executor throws when maxWorkers is not a positive whole number', async () => {
  for (const maxWorkers of [0, -1, 1.5, Number.NaN]) {
    let threw = false;
    try {
      new Executor({ maxWorkers });
    } catch (error) {
      if (isNotImplemented(error)) throw error;
      threw = true;
    }
    ensure(
      threw,
      `new Executor({ maxWorkers: ${maxWorkers} }) returned an executor, but it should throw (a RangeError): ` +
        (maxWorkers === 0 || Number.isNaN(maxWorkers) ? 'an executor with no worker would queue work forever, silently.' : 'maxWorkers counts workers, a positive whole number.') +
        ' Check Number.isInteger(maxWorkers) && maxWorkers > 0 in the constructor.',
    );
  }
}, { rules: ['max-workers-valid'] });

check(1, 'submit runs sync and async functions with their arguments, and a throw of either kind lands in the future', () =>
  holds(
    fc.asyncProperty(fc.integer(), fc.integer(), delays(), anyValue(), anyReason(), (a, b, ms, value, reason) =>
      onVirtualClock(async (clock) => {
        const executor = new Executor({ maxWorkers: 2 });
        const syncBoom = errorFor('sync');
        const asyncBoom = errorFor('async');
        // Only result() and exception() are read: a structural type, so any Future the starter's types allow fits.
        let submitted: Array<[string, Pick<Future<unknown>, 'result' | 'exception'>, { value: unknown } | { error: unknown }]>;
        try {
          submitted = [
            // PromiseLike, not Promise: `instanceof Promise` misses these; `await` adopts them.
            ['a function returning a thenable (not a Promise) that resolves', executor.submit(() => thenable(ms, { value })), { value }],
            ['a function returning a thenable (not a Promise) that rejects', executor.submit(() => thenable<unknown>(ms, { reason })), { error: reason }],
            ['a sync function returning a falsy or odd value', executor.submit(() => value), { value }],
            ['a sync function throwing a value that is not an Error', executor.submit((): unknown => { throw reason; }), { error: reason }],
            ['a sync function returning a value', executor.submit((x: number, y: number) => x + y, a, b), { value: a + b }],
            ['a sync function that throws', executor.submit((): number => { throw syncBoom; }), { error: syncBoom }],
            ['an async function', executor.submit(async (x: number) => (await sleep(ms), x * 2), a), { value: a * 2 }],
            ['an async function that rejects', executor.submit(async (): Promise<number> => { await sleep(ms); throw asyncBoom; }), { error: asyncBoom }],
          ];
        } catch (error) {
          if (isNotImplemented(error)) throw error;
          return fail(
            `submit() threw ${show(error)}`,
            'submit only queues the work and returns a Future; whatever the function does (even throw) belongs in that future',
            "Call the function inside try/catch (or `await` it in an async helper), so a sync throw becomes the future's exception.",
          );
        }
        for (const [what, future, want] of submitted) {
          const outcome = await clock.run(() => future.exception());
          const exception = valueOf(outcome, `exception() of the future for ${what}`);
          if ('error' in want) {
            ensure(Object.is(exception, want.error), `The future for ${what} holds exception ${show(exception)}, but the function threw ${show(want.error)}: that error itself.`);
          } else {
            ensure(exception === null, `The future for ${what} holds exception ${show(exception)}, but the function succeeded.`);
            const value = valueOf(await clock.run(() => future.result()), `result() for ${what}`);
            ensure(
              Object.is(value, want.value),
              `The future for ${what} gave ${show(value)}, but expected ${show(want.value)}. ` +
                'Pass submit(fn, ...args) the args to fn, and accept plain values as well as promises (await handles both).',
            );
          }
        }
      }),
    ),
    { numRuns: 20 },
  ), { rules: ['submit-outcome', 'submit-thenable'] }
);

// ----------------------------------------------------------- Executor: map

check(2, 'map yields results in input order, whatever order the items finish in', () =>
  holds(
    fc.asyncProperty(fc.integer({ min: 1, max: 4 }), distinctDelays(1, 6), (maxWorkers, durations) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const tasks = durations.map((ms, i) => timedTask(timeline, `item${i}`, ms, { value: i * 10 }));
        const executor = new Executor({ maxWorkers });
        const run = valueOf(await clock.run(() => drain(executor.map((i: number) => tasks[i](), durations.map((_, i) => i)), () => clock.now)), 'map');
        const got = run.items.map((x) => x.item);
        const want = durations.map((_, i) => i * 10);
        ensure(!run.threw, `Iterating map threw ${show(run.error)}, but no item failed.`);
        ensure(
          exact(got) === exact(want),
          `map yielded ${show(got)}, but the items' results in input order are ${show(want)}. ` +
            'Did you yield each result as it finished? Keep the futures in input order and wait for them one by one.\n\n' +
            timeline.render(),
        );
      }),
    ),
  ), { rules: ['map-input-order'] }
);

check(1, 'map submits every item when it is called, before the caller starts iterating', () =>
  holds(
    fc.asyncProperty(distinctDelays(1, 6), (durations) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const tasks = durations.map((ms, i) => timedTask(timeline, `item${i}`, ms, { value: i }));
        const executor = new Executor({ maxWorkers: durations.length });
        const iterable = executor.map((i: number) => tasks[i](), durations.map((_, i) => i));
        await settle(clock);
        const started = tasks.filter((t) => t.calls > 0).length;
        if (started !== durations.length) {
          fail(
            `Right after map() returned (nobody iterating yet), ${started} of ${durations.length} items had started`,
            "like Python's Executor.map, it should submit every item at once, so the work overlaps whatever the caller does next",
            'An `async function*` runs nothing until the first next(). Submit everything in map() itself, then return an async generator over those futures.',
          );
        }
        await clock.advance(Math.max(...durations));
        const run = valueOf(await clock.run(() => drain(iterable, () => clock.now)), 'iterating map');
        ensure(exact(run.items.map((x) => x.item)) === exact(durations.map((_, i) => i)), `map yielded ${show(run.items.map((x) => x.item))}.`);
      }),
    ),
    { numRuns: 20 },
  ), { rules: ['map-submits-at-call'] }
);

check(2, "map rethrows a failed item's error when iteration reaches it, after yielding the items before it", () =>
  holds(
    fc.asyncProperty(
      distinctDelays(2, 6).chain((ms) => fc.tuple(fc.constant(ms), fc.array(fc.boolean(), { minLength: ms.length, maxLength: ms.length }))).filter(([, f]) => f.includes(true)),
      ([durations, fails]) =>
        onVirtualClock(async (clock) => {
          const timeline = new Timeline(() => clock.now);
          const errors = durations.map((_, i) => errorFor(i));
          const tasks = durations.map((ms, i) => timedTask(timeline, `item${i}`, ms, fails[i] ? { error: errors[i] } : { value: i }));
          const executor = new Executor({ maxWorkers: durations.length });
          const run = valueOf(await clock.run(() => drain(executor.map((i: number) => tasks[i](), durations.map((_, i) => i)), () => clock.now)), 'iterating map');
          const k = fails.indexOf(true);
          const before = durations.slice(0, k).map((_, i) => i);
          const at = Math.max(...durations.slice(0, k + 1));
          const got = run.items.map((x) => x.item);
          ensure(
            exact(got) === exact(before),
            `Before it threw, map yielded ${show(got)}, but item ${k} is the first (in input order) to fail, so the caller should first get ` +
              `${show(before)}. An error is raised when iteration REACHES the failed item, not when it happens. ` +
              '(Promise.all fails fast; here each future is awaited in turn.)\n\n' +
              timeline.render(),
          );
          ensure(run.threw, `map finished without throwing, but item ${k} failed with ${show(errorFor(k))}: its error must reach the caller.`);
          ensure(run.error === errors[k], `map threw ${show(run.error)}, but item ${k} failed with ${show(errors[k])}; rethrow that very error (not a copy, not wrapped).`);
          if (run.endedAt !== at) {
            fail(`map threw at ${run.endedAt} ms`, `item ${k} is reached at ${at} ms, when it and every item before it are done`, undefined, timeline);
          }
        }),
    ),
    { numRuns: 30 },
  ), { rules: ['map-error'] }
);

check(2, "map's timeoutMs is one deadline for the whole call: TimeoutError at that instant, and items not yet started are cancelled", () =>
  holds(
    fc.asyncProperty(
      distinctDelays(2, 5).chain((ms) => {
        const ends = ms.map((_, i) => ms.slice(0, i + 1).reduce((a, b) => a + b, 0));
        const total = ends[ends.length - 1];
        const longest = Math.max(...ms);
        // Longer than any single item but shorter than the whole run: only a deadline counted from the call fires.
        return fc.tuple(fc.constant(ms), fc.integer({ min: longest + 1, max: total - 1 }).filter((t) => !ends.includes(t)));
      }),
      ([durations, timeoutMs]) =>
        onVirtualClock(async (clock) => {
          const timeline = new Timeline(() => clock.now);
          const tasks = durations.map((ms, i) => timedTask(timeline, `item${i}`, ms, { value: i }));
          const executor = new Executor({ maxWorkers: 1 });
          const items = durations.map((_, i) => i);
          const run = valueOf(await clock.run(() => drain(executor.map((i: number) => tasks[i](), items, { timeoutMs }), () => clock.now)), `map(..., { timeoutMs: ${timeoutMs} })`);
          const ends = durations.map((_, i) => durations.slice(0, i + 1).reduce((a, b) => a + b, 0));
          const inTime = ends.filter((e) => e < timeoutMs).length;
          if (!run.threw || !isTimeout(run.error) || run.endedAt !== timeoutMs) {
            fail(
              run.threw
                ? `With maxWorkers 1 and timeoutMs ${timeoutMs}, map threw ${show(run.error)} at ${run.endedAt} ms`
                : `With maxWorkers 1 and timeoutMs ${timeoutMs}, map finished normally at ${run.endedAt} ms`,
              `it should throw a TimeoutError at ${timeoutMs} ms: the deadline counts from the call to map, for the whole iteration`,
              'Compute deadline = now + timeoutMs once, in map(); wait for each item with result(deadline - now). ' +
                'A fresh timeoutMs per item lets the total run far past the deadline.',
              timeline,
            );
          }
          ensure(run.items.length === inTime, `map yielded ${run.items.length} item(s) before timing out; ${inTime} had finished in time.`);
          await clock.advance(ends[ends.length - 1]);
          const ranLate = timeline.spans.filter((span) => span.label.startsWith('item') && span.start >= timeoutMs);
          if (ranLate.length > 0) {
            fail(
              `${ranLate[0].label} started at ${ranLate[0].start} ms, after map had timed out at ${timeoutMs} ms`,
              "items that had not started when the caller stopped iterating should be cancelled (Python's map does that)",
              'Wrap the iteration in try { ... } finally { cancel every future }: cancel() only affects work that has not started.',
              timeline,
            );
          }
          // Leaving the loop early (break) must cancel the rest too.
          const more = durations.map((ms, i) => timedTask(timeline, `again${i}`, ms, { value: i }));
          const again = new Executor({ maxWorkers: 1 });
          let brokeAt = -1;
          valueOf(
            await clock.run(async () => {
              for await (const _ of again.map((i: number) => more[i](), items)) {
                brokeAt = clock.now;
                break;
              }
            }),
            'a for await over map that breaks after the first item',
          );
          await clock.advance(ends[ends.length - 1]);
          const after = timeline.spans.filter((span) => span.label.startsWith('again') && span.start > brokeAt);
          if (after.length > 0) {
            fail(
              `After the caller broke out of the loop at ${brokeAt} ms, ${after[0].label} still started at ${after[0].start} ms`,
              'leaving the loop early (break, error, timeout) should cancel the items that have not started',
              'A `finally` in the async generator runs when the loop is left early; cancel the remaining futures there.',
              timeline,
            );
          }
        }),
    ),
    { numRuns: 30 },
  ), { rules: ['map-deadline', 'map-cancel-on-timeout', 'map-cancel-on-break'] }
);

/** Judge one map story against the lesson: what was read, how and when the loop ended, and that nothing started after it ended. */
function judgeMap(story: MapStory, run: MapRun): void {
  const want = expectedMap(story);
  const plan = idealSchedule(story);
  const said = describeMapStory(story);
  const ended = run.ended;
  if (!ended) {
    fail(`${said}: the loop never ended`, `it should end at ${want.at} ms`, 'Does map settle every future it waits for, thenables and sync throws included?');
  }
  const readValues = run.read.map((r) => r.value);
  const wantValues = story.items.slice(0, want.read).map((it) => it.payload);
  if (readValues.length !== wantValues.length || readValues.some((v, i) => !Object.is(v, wantValues[i]))) {
    fail(
      `${said}: the loop read ${show(readValues)}`,
      `it should read ${show(wantValues)}: each item's own value, in input order, up to where the loop ends`,
      story.items.some((it) => it.kind === 'thenable')
        ? 'A function may return a thenable that is not a Promise: `await` it (or Promise.resolve it); do not test `instanceof Promise`.'
        : 'Yield future by future in input order; an item that returned a falsy value still returned a value.',
    );
  }
  const how = ended.how;
  if (want.end.how === 'threw') {
    const reason = story.items[want.end.item].payload;
    ensure(
      how === 'threw' && Object.is(ended.error, reason),
      `${said}: the loop ${how === 'threw' ? `threw ${show(ended.error)}` : how === 'break' ? 'was left by the reader' : 'ended quietly'}, ` +
        `but item ${want.end.item} failed with ${show(reason)}, so reaching it must throw that error itself (not a copy, not wrapped), whatever it is.`,
    );
  } else if (want.end.how === 'timeout') {
    ensure(how === 'threw' && isTimeout(ended.error), `${said}: the loop ${how === 'threw' ? `threw ${show(ended.error)}` : 'ended quietly'} at ${ended.at} ms, but the deadline passed at ${want.at} ms before item ${want.read} was ready: it should throw a TimeoutError.`);
  } else if (want.end.how === 'returned') {
    ensure(how === 'returned', `${said}: the loop threw ${show(ended.error)}, but every item succeeded in time, so it should end normally.`);
  }
  ensure(ended.at === want.at, `${said}: the loop ended at ${ended.at} ms, but it should end at ${want.at} ms (the ideal schedule: the oldest item first on the first free worker).`);
  const late = run.starts.flatMap((start, i) => (start !== undefined && start > ended.at && plan[i].start > want.at ? [i] : []));
  if (late.length > 0 && want.end.how !== 'returned') {
    const why = want.end.how === 'threw' ? `item ${want.end.item} failed` : want.end.how === 'timeout' ? 'the deadline passed' : 'the reader broke out of the loop';
    fail(
      `${said}: the loop ended at ${ended.at} ms (${why}), yet item #${late[0]} started later, at ${run.starts[late[0]]} ms`,
      'leaving the loop early, for whatever reason, cancels the items that have not started: they must never run',
      'Put the cancelling in a `finally` around the whole loop of the async generator, so an error, a timeout and a break all reach it.',
    );
  }
}

check(2, 'map over more items than workers: an early failure ends the loop with that error itself and cancels the items not yet started', () =>
  holds(
    fc.asyncProperty(mapStories({ early: 'failure' }), (story) =>
      onVirtualClock(async (clock) => judgeMap(story, await playMap(clock, story))),
    ),
    { numRuns: 30 },
  ),
  { rules: ['map-cancel-on-error', 'map-error'] },
);

check(2, 'map with any items (thenables, sync throws, falsy values), deadlines and breaks: values in order, the right ending, nothing started after it', () =>
  holds(
    fc.asyncProperty(mapStories(), (story) => onVirtualClock(async (clock) => judgeMap(story, await playMap(clock, story)))),
    {
      numRuns: 80,
      // Always tried first: a break after the first value while most items still wait in the queue
      // (the random stories reach this path only now and then).
      examples: [
        [
          {
            maxWorkers: 1,
            items: [10, 20, 30, 40, 50].map((ms, i) => ({ kind: 'async' as const, ms, fails: false, payload: i })),
            breakAfter: 1,
          },
        ],
      ],
    },
  ),
  { rules: ['map-input-order', 'map-error', 'map-deadline', 'map-cancel-on-break', 'map-cancel-on-timeout', 'submit-thenable', 'submit-outcome'] },
);

// ------------------------------------------------------ Executor: shutdown

// The shutdown checks compare with what actually ran (the timeline), not with
// an ideal schedule: the scheduling itself is graded by the maxWorkers check.
check(2, 'shutdown: submit afterwards throws; cancelFutures cancels only the futures not yet started, and the running ones finish', () =>
  holds(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 3 }).chain((m) =>
        fc.tuple(fc.constant(m), fc.array(delays({ min: 10, max: 2_000 }), { minLength: m + 1, maxLength: 7 })).chain(([workers, ms]) => {
          const plan = schedule(ms, workers);
          const edges = plan.flatMap((p) => [p.start, p.end]);
          return fc.tuple(fc.constant(workers), fc.constant(ms), deadlineAmong(edges, Math.max(...plan.map((p) => p.end))));
        }),
      ),
      ([maxWorkers, durations, shutdownAt]) =>
        onVirtualClock(async (clock) => {
          const timeline = new Timeline(() => clock.now);
          const executor = new Executor({ maxWorkers });
          const futures = durations.map((ms, i) => executor.submit(timedTask(timeline, `job${i}`, ms, { value: i })));
          await clock.advance(shutdownAt);
          const startedBefore = new Set(startedLabels(timeline));
          const end = timeline.begin('shutdown()');
          const outcome = await clock.run(() => executor.shutdown({ cancelFutures: true }));
          end();
          valueOf(outcome, 'shutdown({ cancelFutures: true })');
          submitAfterShutdownThrows(executor, 'after shutdown()');
          await finishAll(clock, futures);
          for (let i = 0; i < durations.length; i++) {
            if (startedBefore.has(`job${i}`)) {
              const result = await peek(attempt(() => futures[i].result()), clock);
              if (futures[i].cancelled() || result.status !== 'fulfilled' || result.value !== i) {
                fail(
                  `job${i} had started when shutdown({ cancelFutures: true }) was called at ${shutdownAt} ms, and then its future ` +
                    (futures[i].cancelled() ? 'was cancelled' : result.status === 'pending' ? 'never settled' : `gave ${show(result.status === 'fulfilled' ? result.value : result.reason)}`),
                  `work that has started is not cancelled: it should finish and its future give ${i}`,
                  'cancelFutures cancels only what is still in the queue; cancel() on a running future must return false.',
                  timeline,
                );
              }
            } else if (!futures[i].cancelled() || startedLabels(timeline).includes(`job${i}`)) {
              fail(
                `job${i} was still queued at ${shutdownAt} ms, but after shutdown({ cancelFutures: true }) cancelled() is ${futures[i].cancelled()}` +
                  (startedLabels(timeline).includes(`job${i}`) ? ' and it ran anyway' : ''),
                'cancelFutures should cancel every future that had not started, and they must never run',
                'Cancel everything left in the queue and empty it.',
                timeline,
              );
            }
          }
          const doneAt = Math.max(shutdownAt, lastEnd(timeline, 'job')) - shutdownAt;
          if (outcome.at !== doneAt) {
            fail(
              `shutdown() resolved ${outcome.at} ms after it was called`,
              `the jobs running then finished ${doneAt} ms later, and wait: true (the default) waits for them`,
              undefined,
              timeline,
            );
          }
        }),
    ),
  ), { rules: ['shutdown-rejects-submit', 'shutdown-cancel-queued'] }
);

check(2, 'shutdown({ wait: true }) resolves once every running and queued job is done; wait: false resolves at once', () =>
  holds(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 3 }).chain((m) => fc.tuple(fc.constant(m), fc.array(delays({ min: 10, max: 2_000 }), { minLength: m + 1, maxLength: 7 }))),
      ([maxWorkers, durations]) =>
        onVirtualClock(async (clock) => {
          for (const waitFor of [true, false]) {
            const timeline = new Timeline(() => clock.now);
            const executor = new Executor({ maxWorkers });
            const t0 = clock.now;
            const futures = durations.map((ms, i) => executor.submit(timedTask(timeline, `job${i}`, ms, { value: i })));
            const end = timeline.begin('shutdown()');
            const outcome = await clock.run(() => executor.shutdown({ wait: waitFor }));
            end();
            valueOf(outcome, `shutdown({ wait: ${waitFor} })`);
            await finishAll(clock, futures);
            const idleAt = lastEnd(timeline, 'job') - t0;
            const want = waitFor ? idleAt : 0;
            if (outcome.at !== want) {
              fail(
                `shutdown({ wait: ${waitFor} }) resolved at ${outcome.at} ms`,
                waitFor
                  ? `it should resolve at ${idleAt} ms, when the last job (queued ones included) was done`
                  : 'wait: false returns at once (0 ms); the work carries on in the background',
                waitFor
                  ? 'Waiting only for the jobs running at the time of the call misses the queued ones. Resolve when the executor falls idle: nothing running, nothing queued.'
                  : undefined,
                timeline,
              );
            }
            for (let i = 0; i < futures.length; i++) {
              const result = await peek(attempt(() => futures[i].result()), clock);
              ensure(
                result.status === 'fulfilled' && result.value === i,
                `After shutdown({ wait: ${waitFor} }) without cancelFutures, job${i} should still run and give ${i}, but its future ` +
                  `${result.status === 'pending' ? 'never settled' : result.status === 'fulfilled' ? `gave ${show(result.value)}` : `rejected with ${show(result.reason)}`}.`,
              );
            }
          }
        }),
    ),
    { numRuns: 30 },
  ), { rules: ['shutdown-wait', 'shutdown-no-wait'] }
);

check(1, '`await using` an Executor shuts it down and waits for its work (Symbol.asyncDispose)', () =>
  holds(
    fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.array(delays({ min: 10, max: 2_000 }), { minLength: 1, maxLength: 6 }), (maxWorkers, durations) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        let futures: Array<Future<number>> = [];
        const executor = new Executor({ maxWorkers });
        ensure(
          typeof (executor as unknown as Record<symbol, unknown>)[Symbol.asyncDispose] === 'function',
          'Executor has no [Symbol.asyncDispose]() method, so `await using` cannot dispose of it. Add one that returns this.shutdown({ wait: true }).',
        );
        const outcome = await clock.run(async () => {
          await using ex = executor;
          futures = durations.map((ms, i) => ex.submit(timedTask(timeline, `job${i}`, ms, { value: i })));
        });
        valueOf(outcome, 'a block with `await using executor = new Executor(...)`');
        const doneInBlock = futures.filter((f) => f.done()).length;
        await finishAll(clock, futures);
        const idleAt = lastEnd(timeline, 'job');
        if (outcome.at !== idleAt || doneInBlock !== futures.length) {
          fail(
            `The \`await using\` block ended at ${outcome.at} ms with ${doneInBlock} of ${futures.length} jobs done`,
            `leaving the block means shutdown({ wait: true }): it should end at ${idleAt} ms, when the last job was done`,
            '[Symbol.asyncDispose]() must return the promise of shutdown({ wait: true }).',
            timeline,
          );
        }
        submitAfterShutdownThrows(executor, 'after the `await using` block');
      }),
    ),
    { numRuns: 20 },
  ), { rules: ['async-dispose'] }
);

// ------------------------------------------------------ wait / asCompleted

function expectSplit(futures: Array<Future<number>>, got: { done: Set<Future<number>>; notDone: Set<Future<number>> }, shouldBeDone: (i: number) => boolean, when: string, timeline: Timeline) {
  ensure(got.done instanceof Set && got.notDone instanceof Set, `wait resolved with ${show(got)}, but it should resolve with { done, notDone }, two Sets of futures.`);
  const wantDone = futures.filter((_, i) => shouldBeDone(i));
  const wantNot = futures.filter((_, i) => !shouldBeDone(i));
  const [done, notDone] = [labels(futures, got.done), labels(futures, got.notDone)];
  if (!sameValue(done, labels(futures, wantDone)) || !sameValue(notDone, labels(futures, wantNot))) {
    fail(
      `wait returned done = ${show(done)}, notDone = ${show(notDone)}`,
      `${when}, done should be ${show(labels(futures, wantDone))} and notDone ${show(labels(futures, wantNot))}: each future once, in exactly one of the two sets`,
      'Split the (deduplicated) futures by done() at the moment you return.',
      timeline,
    );
  }
}

check(2, 'wait(FIRST_COMPLETED) returns as soon as one future is done, with the done and notDone sets', () =>
  holds(
    fc.asyncProperty(plans(1, true), fc.boolean(), ([durations, fails], oneAlreadyDone) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const futures = futuresFor(timeline, durations, fails);
        if (oneAlreadyDone) futures.push(finished({ value: -1 }));
        const at = oneAlreadyDone ? 0 : Math.min(...durations);
        const input = [...futures, futures[0]]; // a duplicate: the sets hold it once
        const end = timeline.begin('wait()');
        const outcome = await clock.run(() => wait(input, { returnWhen: 'FIRST_COMPLETED' }));
        end();
        const got = valueOf(outcome, "wait(futures, { returnWhen: 'FIRST_COMPLETED' })");
        if (outcome.at !== at) {
          fail(
            `wait(FIRST_COMPLETED) returned at ${outcome.at} ms`,
            oneAlreadyDone ? 'one future was already done, so it should return at once (0 ms)' : `the first future was done at ${at} ms, so it should return then`,
            outcome.at > at ? 'It waited for more than one future. Return from the first done-callback that fires.' : undefined,
            timeline,
          );
        }
        expectSplit(futures, got, (i) => (i < durations.length ? durations[i] <= at : true), `at ${at} ms`, timeline);
      }),
    ),
  ), { rules: ['wait-first-completed', 'wait-split'] }
);

check(2, 'wait(FIRST_EXCEPTION) returns at the first failure, and waits for every future when none fails', () =>
  holds(
    fc.asyncProperty(plans(1, true), ([durations, fails]) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const futures = futuresFor(timeline, durations, fails);
        const failing = durations.filter((_, i) => fails[i]);
        const at = failing.length > 0 ? Math.min(...failing) : Math.max(...durations);
        const end = timeline.begin('wait()');
        const outcome = await clock.run(() => wait(futures, { returnWhen: 'FIRST_EXCEPTION' }));
        end();
        const got = valueOf(outcome, "wait(futures, { returnWhen: 'FIRST_EXCEPTION' })");
        if (outcome.at !== at) {
          fail(
            `wait(FIRST_EXCEPTION) returned at ${outcome.at} ms`,
            failing.length > 0
              ? `the first failure happened at ${at} ms, so it should return then`
              : `no future failed, so FIRST_EXCEPTION means ALL_COMPLETED: return when the last one is done, at ${at} ms`,
            outcome.at < at ? 'A future that SUCCEEDS is no reason to return early: only a failure is.' : undefined,
            timeline,
          );
        }
        expectSplit(futures, got, (i) => durations[i] <= at, `at ${at} ms`, timeline);
      }),
    ),
  ), { rules: ['wait-first-exception', 'wait-first-exception-none'] }
);

check(2, 'wait never rejects on timeout: at the deadline it returns what is done and what is not', () =>
  holds(
    fc.asyncProperty(
      plans(1, true).chain(([ms, fails]) => fc.tuple(fc.constant(ms), fc.constant(fails), deadlineAmong(ms, Math.max(...ms) + 500))),
      ([durations, fails, timeoutMs]) =>
        onVirtualClock(async (clock) => {
          const timeline = new Timeline(() => clock.now);
          const futures = futuresFor(timeline, durations, fails);
          const at = Math.min(timeoutMs, Math.max(...durations));
          const end = timeline.begin('wait()');
          const outcome = await clock.run(() => wait(futures, { timeoutMs }));
          end();
          if (outcome.status === 'rejected') {
            reasonOf(outcome, 'wait'); // lets "not implemented" through
            fail(
              `wait(futures, { timeoutMs: ${timeoutMs} }) rejected with ${show(outcome.reason)} at ${outcome.at} ms`,
              'wait never rejects on timeout: it resolves with { done, notDone } as they stand at the deadline',
              'When the timer fires, resolve with the split instead of rejecting. The caller looks at notDone to see what is late.',
              timeline,
            );
          }
          const got = valueOf(outcome, `wait(futures, { timeoutMs: ${timeoutMs} })`);
          if (outcome.at !== at) {
            fail(
              `wait(futures, { timeoutMs: ${timeoutMs} }) returned at ${outcome.at} ms`,
              at === timeoutMs ? `it should return at the deadline, ${timeoutMs} ms` : `every future was done at ${at} ms, before the deadline, so it should return then`,
              undefined,
              timeline,
            );
          }
          expectSplit(futures, got, (i) => durations[i] < timeoutMs, `at ${at} ms`, timeline);
        }),
    ),
  ), { rules: ['wait-timeout', 'wait-all-completed'] }
);

check(2, 'asCompleted yields the futures already done first, then each one as it completes, each only once', () =>
  holds(
    fc.asyncProperty(distinctDelays(1, 5), fc.integer({ min: 0, max: 3 }), fc.array(fc.nat(), { maxLength: 3 }), (durations, doneCount, dupes) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const pending = futuresFor(timeline, durations, durations.map(() => false));
        const already = Array.from({ length: doneCount }, (_, i) => finished({ value: 100 + i }));
        const all = [...pending, ...already];
        // Input order is not completion order, done ones come last, and some appear twice.
        const input = [...all, ...dupes.map((k) => all[k % all.length])];
        const name = (f: Future<number>) => (pending.includes(f) ? `#${pending.indexOf(f)}` : `done${already.indexOf(f)}`);
        const run = valueOf(await clock.run(() => drain(asCompleted(input), () => clock.now)), 'iterating asCompleted(futures)');
        ensure(!run.threw, `asCompleted threw ${show(run.error)}, but no timeout was given.`);
        const got = run.items.map((x) => `${name(x.item)}@${x.at}`);
        const byTime = [...pending].sort((a, b) => durations[pending.indexOf(a)] - durations[pending.indexOf(b)]);
        const headOk = run.items.slice(0, doneCount).every((x) => already.includes(x.item) && x.at === 0);
        const tail = run.items.slice(doneCount).map((x) => `${name(x.item)}@${x.at}`);
        const wantTail = byTime.map((f) => `${name(f)}@${durations[pending.indexOf(f)]}`);
        const want = [...already.map((f) => `${name(f)}@0`), ...wantTail];
        if (run.items.length !== all.length || !headOk || !sameValue(tail, wantTail)) {
          fail(
            `asCompleted yielded ${show(got)} (future@ms)`,
            `it should yield ${show(want)}: the ${doneCount} already-done future(s) first (in any order), then the others as they complete, ` +
              `each once although the input had ${input.length} entries`,
            run.items.length > all.length
              ? 'Duplicates: turn the input into a Set first.'
              : 'Do not await the futures in input order: a done-callback on each pushes it to a queue the moment it completes.',
            timeline,
          );
        }
      }),
    ),
  ), { rules: ['as-completed-done-first', 'as-completed-order'] }
);

check(1, 'asCompleted throws TimeoutError when time runs out, after yielding what finished in time', () =>
  holds(
    fc.asyncProperty(distinctDelays(1, 5).chain((ms) => fc.tuple(fc.constant(ms), deadlineAmong(ms, Math.max(...ms)))), ([durations, timeoutMs]) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const futures = futuresFor(timeline, durations, durations.map(() => false));
        const end = timeline.begin('asCompleted()');
        const run = valueOf(await clock.run(() => drain(asCompleted(futures, timeoutMs), () => clock.now)), `iterating asCompleted(futures, ${timeoutMs})`);
        end(run.threw);
        const inTime = durations.filter((d) => d < timeoutMs).length;
        if (!run.threw || !isTimeout(run.error) || run.endedAt !== timeoutMs) {
          fail(
            run.threw ? `asCompleted(futures, ${timeoutMs}) threw ${show(run.error)} at ${run.endedAt} ms` : `asCompleted(futures, ${timeoutMs}) ended quietly at ${run.endedAt} ms`,
            `${durations.length - inTime} future(s) were still running at the deadline, so it should throw a TimeoutError at exactly ${timeoutMs} ms`,
            'Ending the loop quietly hides the missing futures from the caller. Throw, so the caller knows some never came.',
            timeline,
          );
        }
        ensure(run.items.length === inTime, `asCompleted yielded ${run.items.length} future(s) before the timeout; ${inTime} were done in time.`);
      }),
    ),
  ), { rules: ['as-completed-timeout'] }
);

check(2, 'wait with futures already done or cancelled, cancelled meanwhile, listed twice or none at all, and two waits at once: each returns by its own options', () =>
  holds(
    fc.asyncProperty(waitStories(), (story) =>
      onVirtualClock(async (clock) => {
        const { futures, seen } = await playWait(clock, story);
        story.calls.forEach((call, i) => {
          const s = seen[i];
          const said = `${describeWaitCall(call)}${story.calls.length > 1 ? ` (one of ${story.calls.length} waits at once)` : ''} on ${describeWaitStory(story)}`;
          const at = returnsAt(story, call);
          if (s.status === 'pending') fail(`${said} never returned`, `it should return at ${at} ms`, 'A cancelled future is done (not failed); with no futures at all, every condition already holds.');
          if (s.status === 'rejected') {
            fail(`${said} rejected with ${show(s.reason)}`, `wait never rejects: it should resolve at ${at} ms`, 'Reading a cancelled future\'s exception() rejects with CancelledError: check cancelled() first.');
          }
          if (s.at !== at) {
            fail(
              `${said} returned at ${s.at} ms`,
              `it should return at ${at} ms` + (at === 0 ? ', at once: its condition already held at the call' : ''),
              call.returnWhen === 'FIRST_EXCEPTION' ? 'Only a failure ends FIRST_EXCEPTION early; a cancelled future is done but did not fail.' : undefined,
            );
          }
          const got = s.value as { done: Set<Future<unknown>>; notDone: Set<Future<unknown>> };
          ensure(got && got.done instanceof Set && got.notDone instanceof Set, `${said} resolved with ${show(got)}, but it should resolve with { done, notDone }, two Sets.`);
          const want = expectedSplit(story, call, at);
          const split = { done: labels(futures, got.done), notDone: labels(futures, got.notDone) };
          const each = [...split.done, ...split.notDone].sort();
          const ok =
            sameValue(each, futures.map((_, k) => `#${k}`).sort()) &&
            want.done.every((l) => split.done.includes(l)) &&
            want.notDone.every((l) => split.notDone.includes(l));
          if (!ok) {
            fail(
              `${said} returned done = ${show(split.done)}, notDone = ${show(split.notDone)}`,
              `at ${at} ms they should be ${show(want.done)} and ${show(want.notDone)}` +
                (want.either.length ? ` (${show(want.either)}, ending at that same instant, may be in either)` : '') +
                ': each future once, split as it stands',
            );
          }
        });
      }),
    ),
    { numRuns: 45 },
  ),
  { rules: ['wait-already', 'wait-first-completed', 'wait-first-exception', 'wait-first-exception-none', 'wait-all-completed', 'wait-split', 'wait-timeout', 'waits-independent'] },
);

check(2, 'asCompleted with futures already done or cancelled, ending at the same instant, read slowly or from later: each once, done ones first, deadline from the first read', () =>
  holds(
    fc.asyncProperty(asCompletedStories(), (story) =>
      onVirtualClock(async (clock) => {
        const run = await playAsCompleted(clock, story);
        const said = describeAsCompletedStory(story);
        const start = story.lateBy;
        const deadline = story.timeoutMs === undefined ? Infinity : start + story.timeoutMs;
        const doneAt = (i: number) => (story.plans[i].already ? -1 : ends(story.plans[i]) ? story.plans[i].endAt : Infinity);
        const inTime = story.plans.map((_, i) => i).filter((i) => doneAt(i) < deadline);
        const first = inTime.filter((i) => doneAt(i) <= start);
        // Completion order; futures ending at the same instant may come in either order.
        const rank = (i: number) => (doneAt(i) <= start ? -1 : doneAt(i));
        const got = run.items.map((x) => x.index);
        const wantText = `${first.length ? `first ${show(first.map((i) => `#${i}`))} (done when reading began, any order), then ` : ''}${show(inTime.filter((i) => doneAt(i) > start).sort((a, b) => doneAt(a) - doneAt(b)).map((i) => `#${i}`))} as they complete`;
        const ok = got.length === inTime.length && new Set(got).size === got.length && got.every((i) => inTime.includes(i)) && got.every((i, k) => k === 0 || rank(got[k - 1]) <= rank(i));
        if (!ok) {
          fail(
            `${said}: it yielded ${showIndexes(run.items)} (future@ms)`,
            `it should yield ${wantText}, each future once`,
            got.length < inTime.length
              ? 'Some completions were lost: push each completed future to a queue in its done-callback, and let the reader drain the queue; never keep just one "latest".'
              : 'Turn the input into a Set; yield the ones done when reading begins, then the others in the order their done-callbacks fire.',
          );
        }
        ensure(
          run.reported.length === 0,
          `${said}: one of asCompleted's own done-callbacks threw (the future reported ${show(run.reported[0]?.[1] ?? run.reported[0])} with console.error). ` +
            'A completion that arrives while nobody is waiting for the next one is normal: queue it, and wake a reader only if one is waiting.',
        );
        const ended = run.ended;
        if (!ended) fail(`${said}: the iteration never ended`, 'it should end once every future was yielded, or throw at the deadline');
        if (inTime.length < story.plans.length) {
          ensure(
            ended.how === 'threw' && isTimeout(ended.error) && ended.at === deadline,
            `${said}: the iteration ${ended.how === 'threw' ? `threw ${show(ended.error)}` : 'ended quietly'} at ${ended.at} ms, but ` +
              `${story.plans.length - inTime.length} future(s) were unfinished at the deadline, ${deadline} ms (timeoutMs counted from when reading began, ${start} ms): it should throw a TimeoutError then.`,
          );
        } else {
          ensure(ended.how === 'returned', `${said}: the iteration threw ${show(ended.error)}, but every future finished in time.`);
        }
      }),
    ),
    { numRuns: 45 },
  ),
  { rules: ['as-completed-done-first', 'as-completed-order', 'as-completed-timeout'] },
);

// ------------------------------------------------------------------ sendAll

check(2, 'sendAll sends on every channel at once and reports each outcome in channel order', () =>
  holds(
    fc.asyncProperty(channelPlans(fc.constantFrom<Behaviour>('ok', 'ok', 'error', 'ok, error undefined')), fc.array(fc.option(anyValue(), { nil: 'default' }), { minLength: 5, maxLength: 5 }), ([channels, ms, behaviours], receipts) =>
      onVirtualClock(async (clock) => {
        const none = valueOf(await clock.run(() => sendAll([], () => fail('send was called', 'there are no channels'))), 'sendAll([], send)');
        ensure(deliveriesDiffer(none, {}) === undefined, `sendAll([], send) resolved with ${show(none)}, but with no channels it should resolve with {} at once.`);
        const timeline = new Timeline(() => clock.now);
        // Receipts from the whole domain (falsy ones included); 'default' keeps the sender's receipt object.
        const plan = Object.fromEntries(channels.map((c, i) => [c, receipts[i] === 'default' ? { ms: ms[i], behaviour: behaviours[i] } : { ms: ms[i], behaviour: behaviours[i], receipt: receipts[i] }]));
        const { send, calls } = sender(timeline, plan);
        const outcome = await clock.run(() => sendAll(channels, send));
        const got = valueOf(outcome, 'sendAll(channels, send) (it must never reject)');
        const slowest = Math.max(...ms);
        if (outcome.at !== slowest) {
          fail(
            `sendAll took ${outcome.at} ms`,
            `the slowest channel answers at ${slowest} ms and all sends should be in flight together`,
            outcome.at > slowest ? 'The sends ran one after another (the next one started in the previous callback). Start every send first, then wait for all the futures.' : 'It returned before every channel answered.',
            timeline,
          );
        }
        ensure(calls.length === channels.length, `send was called ${calls.length} times for ${channels.length} channels; call it once per channel.`);
        const want = expectedDeliveries(channels, plan);
        const differs = deliveriesDiffer(got, want);
        ensure(
          differs === undefined,
          `sendAll resolved with ${show(got)}, but expected ${show(want)}: ${differs}. One { status, value } or { status, reason } per channel, keyed in channel order, ` +
            'whatever the receipt is (a falsy receipt is still a success: only the error argument says it failed).',
        );
      }),
    ),
    { numRuns: 30 },
  ), { rules: ['send-all-concurrent', 'send-all-shape'] }
);

check(2, 'sendAll handles every failure in one place: errors passed to the callback and errors thrown by send become rejected deliveries', () =>
  holds(
    fc.asyncProperty(
      channelPlans(fc.constantFrom<Behaviour>('ok', 'error', 'throws', 'ok at once', 'error at once')),
      // Errors that are not Error objects too (a string, a code object); a falsy error means "no error" in callback APIs, so none here.
      fc.array(fc.option(fc.oneof(fc.string({ minLength: 1, maxLength: 5 }), fc.nat().map((code) => ({ code }))), { nil: 'default', freq: 2 }), { minLength: 5, maxLength: 5 }),
      ([channels, ms, behaviours], reasons) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const plan = Object.fromEntries(channels.map((c, i) => [c, reasons[i] === 'default' ? { ms: ms[i], behaviour: behaviours[i] } : { ms: ms[i], behaviour: behaviours[i], reason: reasons[i] }]));
        const { send } = sender(timeline, plan);
        const outcome = await clock.run(() => sendAll(channels, send));
        if (outcome.status === 'rejected') {
          reasonOf(outcome, 'sendAll');
          const thrower = channels.find((c) => plan[c].behaviour === 'throws');
          fail(
            `sendAll rejected with ${show(outcome.reason)}`,
            'it should never reject: every channel\'s failure, however it happened, is reported as { status: "rejected", reason }',
            thrower
              ? `send("${thrower}", callback) threw instead of calling back. Wrap each send call in try/catch and put the error in that channel's future.`
              : undefined,
          );
        }
        const got = valueOf(outcome, 'sendAll(channels, send)');
        const want = expectedDeliveries(channels, plan);
        const differs = deliveriesDiffer(got, want);
        ensure(
          differs === undefined,
          `With senders that ${show(behaviours)}, sendAll resolved with ${show(got)}: ${differs}. ` +
            'A callback that fires at once (inside send) must work too: create the future before calling send. ' +
            'The reason is whatever the sender gave or threw, itself, even when it is not an Error.',
        );
      }),
    ),
    { numRuns: 30 },
  ), { rules: ['send-all-callback-error', 'send-all-send-throws', 'send-all-sync-callback'] }
);

check(1, 'sendAll keeps the first answer when a sender calls back twice, and never throws back into the sender', () =>
  holds(
    fc.asyncProperty(channelPlans(fc.constantFrom<Behaviour>('ok', 'error', 'ok', 'error', 'ok at once, then throws')), ([channels, ms, behaviours]) =>
      onVirtualClock(async (clock) => {
        const timeline = new Timeline(() => clock.now);
        const plan = Object.fromEntries(channels.map((c, i) => [c, { ms: ms[i], behaviour: behaviours[i], twice: true }]));
        const { send, thrownBack } = sender(timeline, plan);
        const outcome = await clock.run(() => sendAll(channels, send));
        if (outcome.status === 'rejected' && behaviours.includes('ok at once, then throws')) {
          fail(
            `A sender answered inside send() and then threw; sendAll rejected with ${show(outcome.reason)}`,
            'the first answer stands: the throw that follows it changes nothing, and sendAll never rejects',
            'In the catch around send, put the error in the future only if it is not done yet (a second setException would throw InvalidStateError).',
          );
        }
        const got = valueOf(outcome, 'sendAll(channels, send)');
        await clock.advance(1);
        ensure(
          thrownBack.length === 0,
          `A sender called back a second time and your callback threw ${show(thrownBack[0])} back into the sender's code. ` +
            'Callback APIs do that (a retry, a late error). The future already holds the first answer: ignore later ones (check done() first).',
        );
        const want = expectedDeliveries(channels, plan);
        const differs = deliveriesDiffer(got, want);
        ensure(differs === undefined, `With every sender calling back twice, sendAll resolved with ${show(got)}, but the first answers were ${show(want)}: ${differs}.`);
      }),
    ),
    { numRuns: 25 },
  ), { rules: ['send-all-twice'] }
);

// ------------------------------------------------------------------ hygiene

check(1, 'leaves no timers behind once everything has settled', () =>
  holds(
    fc.asyncProperty(
      fc.oneof(
        waitersPlans().map((story) => ({ kind: 'result' as const, story })),
        mapStories().map((story) => ({ kind: 'map' as const, story })),
        // wait and asCompleted stories end in the most ways (early, at the deadline, none): drawn twice as often
        { arbitrary: waitStories().map((story) => ({ kind: 'wait' as const, story })), weight: 2 },
        { arbitrary: asCompletedStories().map((story) => ({ kind: 'asCompleted' as const, story })), weight: 2 },
      ),
      (scenario) =>
        onVirtualClock(async (clock) => {
          // Counted at the instant the call ends, before the clock moves on: advancing
          // past a deadline first would fire the leaked timer and hide it.
          const leak = (what: string, timers: number | undefined, at: number) =>
            ensure(
              timers === undefined || timers === 0,
              `${what} ended at ${at} ms, and at that very instant ${timers} timer(s) were still scheduled. ` +
                'A deadline timer must be cleared (clearTimeout) as soon as the wait it guards is over, whichever way it ends ' +
                '(every future done, the first one done, an error, a break, or the deadline itself); otherwise it fires long after and keeps the process alive.',
            );
          if (scenario.kind === 'result') {
            const run = await playWaiters(clock, scenario.story);
            const instant = run.instants.find((i) => i.waitingWithDeadline === 0 && i.timers > 0);
            if (instant) leak(`The last wait with a deadline (${describePlan(scenario.story)})`, instant.timers, instant.at);
          } else if (scenario.kind === 'map') {
            const run = await playMap(clock, scenario.story);
            if (run.ended) leak(describeMapStory(scenario.story), run.ended.timers, run.ended.at);
          } else if (scenario.kind === 'wait') {
            const { seen } = await playWait(clock, scenario.story);
            scenario.story.calls.forEach((call, i) => {
              const s = seen[i];
              if (s.status !== 'pending') leak(`${describeWaitCall(call)} on ${describeWaitStory(scenario.story)}`, s.timers, s.at);
            });
          } else {
            const run = await playAsCompleted(clock, scenario.story);
            if (run.ended) leak(describeAsCompletedStory(scenario.story), run.ended.timers, run.ended.at);
          }
        }),
    ),
    { numRuns: 160 },
  ),
  { rules: ['no-timer-result-finished', 'no-timer-result-cancelled', 'no-timer-result-timeout', 'no-timer-map', 'no-timer-wait-early', 'no-timer-wait-timeout', 'no-timer-as-completed'] },
);
