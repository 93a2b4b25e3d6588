// Reading how a call settled: the value or the reason, or a teaching message
// saying how it settled instead. NotImplemented always passes through untouched
// so explain() can word it, whichever realm it came from.
import vm from 'node:vm';
import type { Outcome } from '../../graders/support/clock';
import { CheckFailure } from '../../graders/support/feedback';
import { attempt, reasonOf, valueOf } from '../../graders/support/outcome';

const fulfilled = (value: unknown): Outcome<unknown> => ({ status: 'fulfilled', value, at: 0 });
const rejected = (reason: unknown, at = 120): Outcome<unknown> => ({ status: 'rejected', reason, at });
const pending: Outcome<unknown> = { status: 'pending', at: 0, why: 'no timer was left' };

const notImplemented = () => Object.assign(new Error('dashboard() in 02-async-dashboard/index.ts'), { name: 'NotImplemented' });
const foreignNotImplemented = () => vm.runInNewContext(`const e = new Error('gather()'); e.name = 'NotImplemented'; e`) as unknown;

const failureOf = (fn: () => unknown): CheckFailure => {
  try {
    fn();
  } catch (error) {
    return error as CheckFailure;
  }
  throw new Error('expected it to throw');
};

describe('valueOf', () => {
  test('returns the value of a fulfilled outcome', () => {
    expect(valueOf(fulfilled({ a: 1 }), 'dashboard()')).toEqual({ a: 1 });
  });

  test('a rejection fails with the reason and the time', () => {
    const failure = failureOf(() => valueOf(rejected(new Error('down')), 'dashboard()'));
    expect(failure).toBeInstanceOf(CheckFailure);
    expect(failure.message).toBe('dashboard() rejected with Error: down after 120 ms, but it should have fulfilled.');
  });

  test('pending fails saying why it never settled', () => {
    expect(failureOf(() => valueOf(pending, 'dashboard()')).message).toBe(
      'dashboard() never settled: no timer was left. Is there a path that neither resolves nor rejects, or a promise you forgot to return?',
    );
  });

  test.each([['this realm', notImplemented], ['another realm', foreignNotImplemented]])('NotImplemented from %s passes through untouched', (_, make) => {
    const error = make();
    expect(failureOf(() => valueOf(rejected(error), 'x'))).toBe(error);
  });
});

describe('reasonOf', () => {
  test('returns the reason of a rejected outcome, whatever it is', () => {
    const reason = new Error('first failure');
    expect(reasonOf(rejected(reason), 'gather()')).toBe(reason);
    expect(reasonOf(rejected('a string'), 'gather()')).toBe('a string');
  });

  test('a fulfilment fails with the value and the hint', () => {
    expect(failureOf(() => reasonOf(fulfilled([1, 2]), 'gather()', 'Did you catch every error?')).message).toBe(
      'gather() fulfilled with [1,2], but a task failed so it should have rejected. Did you catch every error?',
    );
    expect(failureOf(() => reasonOf(fulfilled(1), 'gather()')).message).toBe('gather() fulfilled with 1, but a task failed so it should have rejected.');
  });

  test('pending fails saying why', () => {
    expect(failureOf(() => reasonOf(pending, 'gather()')).message).toBe(
      'gather() never settled (no timer was left), but it should have rejected when a task failed.',
    );
  });

  test.each([['this realm', notImplemented], ['another realm', foreignNotImplemented]])('NotImplemented from %s passes through untouched', (_, make) => {
    const error = make();
    expect(failureOf(() => reasonOf(rejected(error), 'x'))).toBe(error);
  });
});

describe('attempt', () => {
  test('a synchronous throw becomes a rejection, like an async function', async () => {
    const boom = new Error('at call');
    await expect(
      attempt(() => {
        throw boom;
      }),
    ).rejects.toBe(boom);
  });

  test('calls at once, not on a later tick (a run is timed from its call)', () => {
    let called = false;
    void attempt(() => (called = true));
    expect(called).toBe(true);
  });

  test('values and promises pass through', async () => {
    await expect(attempt(() => 3)).resolves.toBe(3);
    await expect(attempt(() => Promise.resolve('p'))).resolves.toBe('p');
  });
});
