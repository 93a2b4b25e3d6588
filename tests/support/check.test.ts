// check(points, name, body, options): the one way a grader declares a check.
// Its title carries the points ("name [3 pts]") for the reporter; bad points
// are refused while the grader loads; whatever the body throws is explained.
import { check, checkTitle } from '../../graders/support/check';
import { CheckFailure } from '../../graders/support/feedback';

type Registered = { title: string; body: () => Promise<void>; timeout: number };

// check() registers through jest's own `test`, saved before learner code runs
// (graders/support/pristine.ts): replace that saved reference to see what it registers.
const mockRegistered: Registered[] = [];
jest.mock('../../graders/support/pristine', () => ({
  jestTest: (title: string, body: () => Promise<void>, timeout: number) => void mockRegistered.push({ title, body, timeout }),
}));

/** Call check() and return what it registered. */
function register(...args: Parameters<typeof check>): Registered {
  mockRegistered.length = 0;
  check(...args);
  expect(mockRegistered).toHaveLength(1);
  return mockRegistered[0];
}

test('the title carries the points: "name [1 pt]", "name [3 pts]"', () => {
  expect(checkTitle(1, 'dashboard overlaps every wait')).toBe('dashboard overlaps every wait [1 pt]');
  expect(checkTitle(3, 'gather keeps input order')).toBe('gather keeps input order [3 pts]');
  expect(register(2, 'a concept', () => undefined).title).toBe('a concept [2 pts]');
});

test.each([0, -1, 1.5, Number.NaN])('points %p are refused at once, naming the check', (points) => {
  mockRegistered.length = 0;
  expect(() => check(points, 'bad', () => undefined)).toThrow(`check("bad"): points must be a positive whole number, got ${points}`);
  expect(mockRegistered).toHaveLength(0);
});

test('the time budget is 10 s unless the check asks for more', () => {
  expect(register(1, 'a', () => undefined).timeout).toBe(10_000);
  expect(register(1, 'b', () => undefined, { timeoutMs: 20_000, rules: ['rule-a'] }).timeout).toBe(20_000);
});

test('a passing body passes; a failing one fails with an explained message', async () => {
  await expect(register(1, 'ok', async () => 'fine').body()).resolves.toBeUndefined();
  const failure = new CheckFailure('took 4000 ms, but it should take 3000 ms.');
  await expect(register(1, 'fails', () => Promise.reject(failure)).body()).rejects.toBe(failure);
  const todo = Object.assign(new Error('gather() in 02-async-dashboard/index.ts'), { name: 'NotImplemented' });
  const thrown = register(1, 'todo', () => {
    throw todo;
  }).body();
  await expect(thrown).rejects.toBeInstanceOf(CheckFailure);
  await expect(thrown).rejects.toThrow('Not implemented yet: gather() in 02-async-dashboard/index.ts. Replace the TODO body with your code.');
});
