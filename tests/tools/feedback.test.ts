// explain() words whatever a check body threw, including errors made in another
// realm (worker threads, Node internals), which are not `instanceof Error` here.
import vm from 'node:vm';
import { CheckFailure, explain } from '../../graders/support/feedback';

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
