// The worker side of a helper thread turns what the learner's code threw into
// data that survives postMessage; the grader side (errorFrom) rebuilds it.
import { errorFrom } from '../../graders/support/shared-memory-threads';
import { threw } from '../../graders/support/shared-memory-worker';

test('an Error keeps its name, message and stack across the trip', () => {
  const error = Object.assign(new Error('acquire() in 01-threads-progress/mutex.ts'), { name: 'NotImplemented' });
  const rebuilt = errorFrom(structuredClone(threw(error))) // what postMessage does;
  expect([rebuilt.name, rebuilt.message, rebuilt.stack]).toEqual([error.name, error.message, error.stack]);
});

test('a thrown non-Error is named as such', () => {
  expect(threw('oops')).toEqual({ kind: 'threw', name: 'Error', message: 'a non-Error value was thrown: oops' });
});
