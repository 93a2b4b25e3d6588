// explain() words whatever a check body threw, including errors made in another
// realm (worker threads, Node internals), which are not `instanceof Error` here.
import vm from 'node:vm';
import { CheckFailure, ensure, exact, explain, fail, plural, show, showReason } from '../../graders/support/feedback';

const foreign = (name: string, message: string) =>
  vm.runInNewContext(`const e = new Error(${JSON.stringify(message)}); e.name = ${JSON.stringify(name)}; e`) as unknown;

test('a foreign NotImplemented reads as "not implemented yet"', () => {
  const error = foreign('NotImplemented', 'downloadAll() in 01-threads-progress/downloads.ts');
  expect(error instanceof Error).toBe(false);
  expect(explain(error).message).toBe('Not implemented yet: downloadAll() in 01-threads-progress/downloads.ts. Replace the TODO body with your code.');
});

test('any other foreign error keeps its name and message', () => {
  expect(explain(foreign('DataCloneError', 'function could not be cloned')).message).toMatch(/^Your code threw DataCloneError: function could not be cloned/);
});

test('a CheckFailure passes through; a non-error value is named', () => {
  const failure = new CheckFailure('took 4000 ms');
  expect(explain(failure)).toBe(failure);
  expect(explain(42).message).toBe('Your code threw a non-Error value: 42. Throw Error objects so callers get a stack.');
});

test('fail() says what was observed, what was expected, the likely mistake, then the picture', () => {
  expect(() => fail('It took 6000 ms', 'it should take 3000 ms', 'Did you await in a loop?', 'a |██|')).toThrow(
    new CheckFailure('It took 6000 ms, but it should take 3000 ms.\nDid you await in a loop?\n\na |██|'),
  );
  expect(() => fail('It took 6000 ms', 'it should take 3000 ms')).toThrow(new CheckFailure('It took 6000 ms, but it should take 3000 ms.'));
});

test('ensure() fails with its message (built only when needed)', () => {
  const message = jest.fn(() => 'built lazily');
  expect(() => ensure(true, message)).not.toThrow();
  expect(message).not.toHaveBeenCalled();
  expect(() => ensure(0, message)).toThrow(new CheckFailure('built lazily'));
  expect(() => ensure(null, 'plain')).toThrow(CheckFailure);
});

test('exact() compares meaning: errors by name and message, whatever realm they come from', () => {
  expect(exact({ a: [1, 'x'], e: new TypeError('bad') })).toBe('{"a":[1,"x"],"e":"TypeError: bad"}');
  expect(exact(foreign('TypeError', 'bad'))).toBe(exact(new TypeError('bad')));
  expect(exact(undefined)).toBe('undefined');
});

test('show() renders values for messages and cuts long ones at 200 characters', () => {
  expect(show('text')).toBe('"text"');
  expect(show(undefined)).toBe('undefined');
  expect(show(function dashboard() {})).toBe('[function dashboard]');
  expect(show(() => 1)).toBe('[function anonymous]');
  expect(show(new RangeError('too far'))).toBe('RangeError: too far');
  expect(show({ n: 1 })).toBe('{"n":1}');
  expect(show(10n)).toBe('10'); // JSON cannot render it: falls back to String
  const long = show('x'.repeat(500));
  expect(long).toHaveLength(200);
  expect(long.endsWith('...')).toBe(true);
  expect(showReason(foreign('AbortError', 'stopped'))).toBe('AbortError: stopped');
  expect(showReason('why')).toBe('"why"');
});

test('an error from the learner says where in their files it was thrown', () => {
  const saved = process.env.KIT_EXERCISE_DIR;
  process.env.KIT_EXERCISE_DIR = '/submissions/alice/02-async-dashboard';
  try {
    const error = new TypeError("Cannot read properties of undefined (reading 'then')");
    error.stack = `TypeError: ${error.message}\n    at gather (/submissions/alice/02-async-dashboard/index.ts:41:12)\n    at /kit/graders/02-async-dashboard.grader.ts:80:3`;
    expect(explain(error).message).toBe(
      "Your code threw TypeError: Cannot read properties of undefined (reading 'then') (at index.ts:41). The check expected it to run without throwing here.",
    );
  } finally {
    if (saved === undefined) delete process.env.KIT_EXERCISE_DIR;
    else process.env.KIT_EXERCISE_DIR = saved;
  }
});

test('plural words counts', () => {
  expect(plural(1, 'attempt')).toBe('1 attempt');
  expect(plural(2, 'attempt')).toBe('2 attempts');
  expect(plural(0, 'retry', 'retries')).toBe('0 retries');
});
