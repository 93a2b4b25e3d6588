// AbortSignals for graders on the fake clock: a controller that aborts at a
// given virtual time, and the hint that explains AbortSignal.timeout() in
// leak and timing messages.
//
// Why the hint: @sinonjs/fake-timers fakes the global timers and
// node:timers(/promises), but AbortSignal.timeout() schedules its timer inside
// Node, out of the fake clock's reach (measured under jest on Node 20.20: it
// never fires on virtual time, and fires at a random *real* moment instead,
// which would make grades flake). During a check `onVirtualClock` (clock.ts)
// replaces it with the same thing built on the faked setTimeout, so learner
// code that uses it is graded on virtual time like any other. Its timer still
// cannot be cleared early, so leak checks catch it, and the hint says why.
import { abortSignalTimeoutCalls } from './clock';

/** An AbortController that aborts with `reason` at virtual time `at` (a timer on the fake clock). */
export function abortAt(at: number, reason: unknown): AbortController {
  const controller = new AbortController();
  setTimeout(() => controller.abort(reason), at);
  return controller;
}

/** A sentence for leak/timing messages when the code under test used AbortSignal.timeout() in this run. */
export function abortSignalTimeoutHint(): string {
  const timeoutCalls = abortSignalTimeoutCalls();
  if (timeoutCalls === 0) return '';
  return (
    ` Your code called AbortSignal.timeout() ${timeoutCalls} time(s): its timer cannot be cleared when the work ` +
    'finishes early, so it stays scheduled until it fires, and it aborts with a DOMException, not your TimeoutError. ' +
    'Use setTimeout + AbortController (clearTimeout when done), or setTimeout from node:timers/promises with a signal.'
  );
}
