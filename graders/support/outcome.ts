// Reading how a call to the learner's code settled, with teaching messages
// for the two ways it can go wrong: settling the other way, or never settling.
import type { Outcome } from './clock';
import { CheckFailure, show } from './feedback';
import { isNotImplemented } from './wire-error';

/** Call `fn`; a synchronous throw becomes a rejected promise, like an async function's would. */
export function attempt<T>(fn: () => T | Promise<T>): Promise<Awaited<T>> {
  try {
    return Promise.resolve(fn()) as Promise<Awaited<T>>;
  } catch (error) {
    return Promise.reject(error);
  }
}

function passThroughNotImplemented(reason: unknown): void {
  if (isNotImplemented(reason)) throw reason;
}

/** The value `what` fulfilled with; otherwise fail saying how it settled instead. */
export function valueOf<T>(outcome: Outcome<T>, what: string): T {
  if (outcome.status === 'fulfilled') return outcome.value;
  if (outcome.status === 'rejected') {
    passThroughNotImplemented(outcome.reason);
    throw new CheckFailure(`${what} rejected with ${show(outcome.reason)} after ${outcome.at} ms, but it should have fulfilled.`);
  }
  throw new CheckFailure(
    `${what} never settled: ${outcome.why}. Is there a path that neither resolves nor rejects, or a promise you forgot to return?`,
  );
}

/** The reason `what` rejected with; otherwise fail saying how it settled instead. */
export function reasonOf(outcome: Outcome<unknown>, what: string, hint = ''): unknown {
  if (outcome.status === 'rejected') {
    passThroughNotImplemented(outcome.reason);
    return outcome.reason;
  }
  if (outcome.status === 'fulfilled') {
    throw new CheckFailure(
      `${what} fulfilled with ${show(outcome.value)}, but a task failed so it should have rejected.${hint ? ` ${hint}` : ''}`,
    );
  }
  throw new CheckFailure(`${what} never settled (${outcome.why}), but it should have rejected when a task failed.`);
}
