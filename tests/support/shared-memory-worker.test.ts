// The worker side of a helper thread turns what the learner's code threw into
// data that survives postMessage (the grader side rebuilds it with errorFromWire).
import { threw } from '../../graders/support/shared-memory-worker';

test('an Error keeps its name, message and stack across the trip', () => {
  const error = Object.assign(new Error('acquire() in 01-threads-progress/mutex.ts'), { name: 'NotImplemented' });
  const arrived = structuredClone(threw(error)); // what postMessage does
  expect(arrived).toEqual({ kind: 'threw', name: 'NotImplemented', message: error.message, stack: error.stack });
});

test('a thrown non-Error is named as such', () => {
  expect(threw('oops')).toEqual({ kind: 'threw', name: 'Error', message: 'a non-Error value was thrown: oops' });
});
