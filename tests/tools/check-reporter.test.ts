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
