// A mutant is caught only if it fails every check its mutant.json names.
import { judgeMutant, type Mutant } from '../../tools/mutants';
import { failedExercise, gradedExercise } from '../../tools/results';

const mutant: Mutant = { name: 'm', dir: '/nowhere', description: 'd', mustFail: ['overlaps'] };
const header = { id: '02', slug: '02-x', title: 'X', points: 3 };
const checks = (overlapsPassed: boolean) => [
  { name: 'overlaps', points: 2, score: overlapsPassed ? 2 : 0, passed: overlapsPassed, message: '' },
  { name: 'orders', points: 1, score: 1, passed: true, message: '' },
];

test('caught: it fails the named check', () => {
  expect(judgeMutant(mutant, gradedExercise(header, checks(false), 0))).toEqual({ ok: true, detail: 'fails the 1 check(s) it names' });
});

test('not caught: it passes a check it must fail', () => {
  const verdict = judgeMutant(mutant, gradedExercise(header, checks(true), 0));
  expect(verdict.ok).toBe(false);
  expect(verdict.detail).toMatch(/passed "overlaps", which it must fail/);
  expect(verdict.detail).toMatch(/scored full marks \(3\/3\)/);
});

test('a name the grader does not have is a defect of the mutant, not a catch', () => {
  const verdict = judgeMutant({ ...mutant, mustFail: ['overlap'] }, gradedExercise(header, checks(false), 0));
  expect(verdict).toEqual({ ok: false, detail: 'mutant.json names "overlap", but the grader has no such check' });
});

test('a mutant that cannot even load proves nothing', () => {
  const verdict = judgeMutant(mutant, failedExercise(header, 'SyntaxError', 0));
  expect(verdict.ok).toBe(false);
  expect(verdict.detail).toMatch(/could not be graded/);
});
