// show() renders learner values in messages: what JSON would turn into null or
// drop (undefined, NaN, Infinity, functions) must read as what it is.
import { show } from '../../graders/support/feedback';

test('undefined inside arrays and objects stays undefined, never null', () => {
  expect(show([1, undefined, 3])).toBe('[1,undefined,3]');
  expect(show({ a: undefined, b: [undefined] })).toBe('{"a":undefined,"b":[undefined]}');
  expect(show([null, undefined])).toBe('[null,undefined]');
});

test('NaN, Infinity and functions inside values are shown as themselves', () => {
  expect(show([NaN, -Infinity])).toBe('[NaN,-Infinity]');
  expect(show({ f: function load() {} })).toBe('{"f":[function load]}');
});

test('everything else renders as before', () => {
  expect(show('text')).toBe('"text"');
  expect(show({ n: 1, s: 'x' })).toBe('{"n":1,"s":"x"}');
  expect(show([new RangeError('x')])).toBe('["RangeError: x"]');
  expect(show(new RangeError('x'))).toBe('RangeError: x');
  expect(show(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
  expect(show(10n)).toBe('10');
  const cyclic: unknown[] = [1];
  cyclic.push(cyclic);
  expect(show(cyclic)).toBe('[1,[circular]]');
  expect(show('x'.repeat(500))).toHaveLength(200);
});
