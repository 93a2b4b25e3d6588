// Learner code that hangs, never settles, exits or throws at import costs only
// its own exercise; a good exercise graded beside it keeps its full score.
import path from 'node:path';
import { gradeTarget } from '../../tools/grading';
import type { Exercise } from '../../tools/manifest';

const fixtures = path.join(__dirname, '..', 'fixtures', 'isolation');
const exercise = (slug: string, timeoutSeconds = 30): Exercise => ({
  id: slug.slice(0, 2),
  slug,
  title: slug,
  points: 3,
  files: ['index.ts'],
  timeoutSeconds,
  exclusive: false,
});

const slugs = ['91-good', '92-hang', '93-never-settles', '94-exit-zero', '95-exit-one', '96-throws-at-import', '97-patches-globals'];

let run: Awaited<ReturnType<typeof gradeTarget>>;
const result = (slug: string) => run.exercises.find((e) => e.slug === slug)!;

beforeAll(async () => {
  run = await gradeTarget(
    { name: 'isolation fixtures', dir: path.join(fixtures, 'target') },
    slugs.map((s) => exercise(s, s === '92-hang' ? 8 : 30)),
    { gradersDir: path.join(fixtures, 'graders') },
  );
}, 120_000);

test('a good exercise keeps its full score beside the bad ones', () => {
  expect(result('91-good')).toMatchObject({ score: 3, maxScore: 3, status: 'pass', error: null });
  expect(run.exercises.map((e) => e.slug)).toEqual(slugs);
});

test('a synchronous infinite loop is stopped at the hard limit and scores 0', () => {
  expect(result('92-hang')).toMatchObject({ score: 0, maxScore: 3, status: 'error' });
  expect(result('92-hang').error).toMatch(/stopped after 8 s.*synchronous loop/s);
  // hard: the limit plus the kill and the drain, never a wait on pipes
  expect(result('92-hang').durationMs).toBeLessThan(8_000 + 5_000);
});

test('a promise that never settles fails its checks with a timeout message', () => {
  const r = result('93-never-settles');
  expect(r.score).toBe(0);
  expect(r.checks).toHaveLength(2);
  for (const c of r.checks) expect(c.message).toMatch(/Did not finish within 1.5 s.*never settled/s);
});

test.each(['94-exit-zero', '95-exit-one'])('process.exit in learner code (%s) scores 0 and is named', (slug) => {
  expect(result(slug)).toMatchObject({ score: 0, maxScore: 3, status: 'error' });
  expect(result(slug).error).toMatch(/process\.exit\([01]\)/);
});

test('a throw at import scores 0 and shows the error', () => {
  expect(result('96-throws-at-import')).toMatchObject({ score: 0, maxScore: 3, status: 'error' });
  expect(result('96-throws-at-import').error).toMatch(/Could not load your code.*JSON/s);
});

test('code that patches globals cannot fake a pass, and the report is still written', () => {
  const r = result('97-patches-globals');
  expect(r.score).toBe(0);
  expect(r.checks.length + (r.error ? 1 : 0)).toBeGreaterThan(0);
});

test('the run total counts only the good exercise', () => {
  expect(run.score).toBe(3);
  expect(run.maxScore).toBe(3 * slugs.length);
});
