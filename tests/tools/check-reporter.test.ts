// The jest side of grading: failure messages lose stacks, colours and prefixes.
const { clean } = require('../../tools/jest/check-reporter.js') as { clean: (m: unknown) => string };

test('a CheckFailure keeps its teaching text and loses the stack', () => {
  const raw = 'CheckFailure: took 4000 ms, but the slowest is 1500 ms.\nDid you await in a loop?\n    at Object.<anonymous> (/x/grader.ts:1:1)\n    at run (/y.js:2:2)';
  expect(clean(raw)).toBe('took 4000 ms, but the slowest is 1500 ms.\nDid you await in a loop?');
});

test('colour codes are removed', () => {
  expect(clean('\u001b[31mError: boom\u001b[39m')).toBe('boom');
});

test("jest's timeout becomes a message about never settling", () => {
  expect(clean('thrown: "Exceeded timeout of 10000 ms for a test.\nAdd a timeout value...')).toMatch(/^Did not finish within 10 s of real time\. Something never settled/);
});

test('a failure raised outside the check body (an unhandled rejection) is worded as the lesson, at the learner\'s line', () => {
  const { failureText } = require('../../tools/jest/check-reporter.js') as { failureText: (d: unknown, m: unknown) => string };
  const dir = process.env.KIT_EXERCISE_DIR;
  process.env.KIT_EXERCISE_DIR = '/subs/alice/02-demo';
  try {
    const raw = 'TypeError: forgot to handle me\n    at dashboard (/subs/alice/02-demo/index.ts:21:8)\n    at run (/kit/graders/x.ts:1:1)';
    const text = failureText(new TypeError('forgot to handle me'), raw);
    expect(text).toMatch(/^Your code raised TypeError: forgot to handle me \(at index\.ts:21\), and nothing handled it: most likely a promise that rejected/);
    expect(text).toContain('Await every promise you start');
    // a check's own failure, and a timeout, keep their words
    const failure = Object.assign(new Error('took 4000 ms'), { name: 'CheckFailure' });
    expect(failureText(failure, 'CheckFailure: took 4000 ms\n    at x (/a.ts:1:1)')).toBe('took 4000 ms');
    expect(failureText(undefined, 'thrown: "Exceeded timeout of 10000 ms for a test.')).toMatch(/^Did not finish within 10 s/);
  } finally {
    if (dir === undefined) delete process.env.KIT_EXERCISE_DIR;
    else process.env.KIT_EXERCISE_DIR = dir;
  }
});
