import { firstDifference, sameFields, sameItems } from '../../graders/support/equal';

test('sameFields: key order does not matter, identity does', () => {
  const reason = new Error('x');
  expect(sameFields({ reason, status: 'rejected' }, { status: 'rejected', reason })).toBe(true);
  expect(sameFields({ status: 'rejected', reason: new Error('x') }, { status: 'rejected', reason })).toBe(false);
  expect(sameFields({ status: 'fulfilled', value: undefined }, { status: 'fulfilled', value: undefined })).toBe(true);
  expect(sameFields({ status: 'fulfilled' }, { status: 'fulfilled', value: undefined })).toBe(false);
  expect(sameFields({ status: 'fulfilled', value: 1, extra: 1 }, { status: 'fulfilled', value: 1 })).toBe(false);
  expect(sameFields(null, {})).toBe(false);
  expect(sameFields({ value: Number.NaN }, { value: Number.NaN })).toBe(true);
});

test('sameItems and firstDifference: per slot, by identity, holes differ', () => {
  const o = {};
  expect(sameItems([o, 0, ''], [o, 0, ''])).toBe(true);
  expect(sameItems([{}], [o])).toBe(false);
  expect(sameItems([undefined], [undefined])).toBe(true);
  expect(sameItems(new Array(1), [undefined])).toBe(false);
  expect(sameItems('ab', ['a', 'b'])).toBe(false);
  expect(firstDifference([1, 2, 3], [1, 2, 4], Object.is)).toBe(2);
  expect(firstDifference([1, 2], [1, 2, 3], Object.is)).toBe(2);
  expect(firstDifference([1], [1], Object.is)).toBe(-1);
});
