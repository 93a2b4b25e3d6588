// Comparing results by meaning, never by text: JSON objects are unordered, and
// where a lesson says "that value itself" a copy is not the value. (Comparing
// JSON.stringify text fails correct code that builds the same object with its
// keys in another order, and passes a copy where the lesson asks for identity.)

/**
 * `got` has exactly the own enumerable keys of `expected`, in any order, and
 * each holds the very same value (Object.is: identity for objects, NaN equals NaN).
 */
export function sameFields(got: unknown, expected: Record<string, unknown>): boolean {
  if (typeof got !== 'object' || got === null || Array.isArray(got)) return false;
  const keys = Object.keys(got);
  const want = Object.keys(expected);
  return keys.length === want.length && want.every((k) => Object.prototype.hasOwnProperty.call(got, k) && Object.is((got as Record<string, unknown>)[k], expected[k]));
}

/** An array of the very same items, in the same order (Object.is per slot). */
export function sameItems(got: unknown, expected: readonly unknown[]): boolean {
  return Array.isArray(got) && got.length === expected.length && expected.every((v, i) => i in got && Object.is(got[i], v));
}

/** The first index where `got` and `expected` differ by `same`, or -1. */
export function firstDifference<T>(got: readonly unknown[], expected: readonly T[], same: (g: unknown, e: T) => boolean): number {
  const n = Math.max(got.length, expected.length);
  for (let i = 0; i < n; i++) if (i >= got.length || i >= expected.length || !same(got[i], expected[i])) return i;
  return -1;
}
