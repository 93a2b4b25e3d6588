// The one wire shape for errors crossing threads: what survives the trip, and
// how NotImplemented is recognised (by name: errors from a worker come from another realm).
import vm from 'node:vm';
import { errorFromWire, errorToWire, isErrorLike, isNotImplemented } from '../../graders/support/wire-error';

const notImplemented = () => Object.assign(new Error('heavy() in 04-cpu-parallel/tasks.ts'), { name: 'NotImplemented' });

test('an error goes out as { name, message, stack } and survives structured clone', () => {
  const error = notImplemented();
  const wire = structuredClone(errorToWire(error)); // what postMessage does
  expect(wire).toEqual({ name: 'NotImplemented', message: 'heavy() in 04-cpu-parallel/tasks.ts', stack: error.stack });
});

test('back on this side it is an Error of this realm with the same name, message and stack', () => {
  const wire = { name: 'RangeError', message: 'n must be >= 0, got -5', stack: 'RangeError: n must be >= 0\n    at heavy (/x/tasks.ts:3:9)' };
  const error = errorFromWire(wire);
  expect(error).toBeInstanceOf(Error);
  expect([error.name, error.message, error.stack]).toEqual([wire.name, wire.message, wire.stack]);
  expect(errorToWire(error)).toEqual(wire);
});

test('a wire error without a stack keeps the fresh stack of the rebuilt Error', () => {
  const error = errorFromWire({ name: 'TypeError', message: 'bad' });
  expect(error.stack).toMatch(/^TypeError: bad/);
  expect(errorToWire({ name: 'TypeError', message: 'bad' })).toEqual({ name: 'TypeError', message: 'bad' });
});

test('a thrown non-Error value is described in the message', () => {
  expect(errorToWire(42)).toEqual({ name: 'Error', message: 'a non-Error value was thrown: 42' });
  expect(errorToWire(undefined)).toEqual({ name: 'Error', message: 'a non-Error value was thrown: undefined' });
  expect(errorToWire(Object.create(null))).toEqual({ name: 'Error', message: 'a non-Error value was thrown: [object Object]' });
});

test('NotImplemented is recognised by name, also for an error of another realm or a plain object', () => {
  const foreign = vm.runInNewContext("Object.assign(new Error('todo'), { name: 'NotImplemented' })");
  expect(foreign instanceof Error).toBe(false);
  expect(isNotImplemented(foreign)).toBe(true);
  expect(isNotImplemented(notImplemented())).toBe(true);
  expect(isNotImplemented(errorToWire(notImplemented()))).toBe(true);
  expect(isNotImplemented(new Error('NotImplemented'))).toBe(false);
  expect(isNotImplemented({ name: 'NotImplemented' })).toBe(false); // no message: not error-like
  expect(isNotImplemented(null)).toBe(false);
  expect(isNotImplemented('NotImplemented')).toBe(false);
});

test('error-like is judged by shape', () => {
  expect(isErrorLike(vm.runInNewContext("new TypeError('x')"))).toBe(true);
  expect(isErrorLike({ name: 'AbortError', message: 'aborted' })).toBe(true);
  expect(isErrorLike({ message: 'no name' })).toBe(false);
  expect(isErrorLike(undefined)).toBe(false);
});
