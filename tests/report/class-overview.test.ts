// The teacher's class overview: a heat map of scores and, per check, the share
// of the class failing it, most-failed first.
import { classOverview, classOverviewHtml, heatColour, reportHref, type ClassEntry } from '../../tools/report/class-overview';
import { gradedExercise, gradeRun, withFlags, failedExercise, type CheckResult } from '../../tools/results';

const ex02 = { id: '02', slug: '02-demo', title: 'Demo 02', points: 5 };
const ex03 = { id: '03', slug: '03-demo', title: 'Demo 03', points: 2 };
const c = (name: string, points: number, passed: boolean): CheckResult => ({ name, points, score: passed ? points : 0, passed, message: passed ? '' : 'no' });

/** A submission passing the named checks of 02 (overlap 3 pts, order 2 pts) and 03 (cancel 2 pts). */
const run = (overlap: boolean, order: boolean, cancel: boolean) =>
  gradeRun('x', [gradedExercise(ex02, [c('overlap', 3, overlap), c('order', 2, order)], 1), gradedExercise(ex03, [c('cancel', 2, cancel)], 1)]);

const entries: ClassEntry[] = [
  { name: 'alice', run: run(true, true, true) },
  { name: 'bob', run: run(false, true, true) },
  { name: 'carol, jr', run: run(false, false, true) },
  { name: 'dave <b>', run: gradeRun('x', [withFlags(gradedExercise(ex02, [c('overlap', 3, false), c('order', 2, true)], 1), ['eval']), failedExercise(ex03, 'threw at import', 1)]) },
  { name: 'erin', error: 'holds none of the exercise folders' },
];
const overview = classOverview(entries);

test('one row per submission, one cell per exercise, with totals', () => {
  expect(overview.exercises.map((e) => e.id)).toEqual(['02', '03']);
  expect(overview.rows.map((r) => [r.name, r.cells.map((x) => `${x.score}/${x.maxScore}`), `${r.score}/${r.maxScore}`])).toEqual([
    ['alice', ['5/5', '2/2'], '7/7'],
    ['bob', ['2/5', '2/2'], '4/7'],
    ['carol, jr', ['0/5', '2/2'], '2/7'],
    ['dave <b>', ['2/5', '0/2'], '2/7'],
    ['erin', ['0/5', '0/2'], '0/7'],
  ]);
  expect(overview.rows[3].cells.map((x) => [x.status, x.flagged])).toEqual([['fail', true], ['error', false]]);
  expect(overview.rows[3].flagged).toBe(true);
  expect(overview.rows[4].cells.map((x) => x.status)).toEqual(['missing', 'missing']);
  expect(overview.rows[4].href).toBeUndefined();
  expect(overview.rows[2].href).toBe('carol%2C%20jr/report.html');
});

test('per check, the share of graded submissions failing it, most-failed first', () => {
  // overlap: bob, carol, dave fail (3/4); order: carol (1/4); cancel: only dave, whose 03 could not be graded: 0 checks recorded.
  expect(overview.checks.map((s) => [s.exercise, s.name, s.failing, s.graded, s.share])).toEqual([
    ['02', 'overlap', 3, 4, 0.75],
    ['02', 'order', 1, 4, 0.25],
    ['03', 'cancel', 0, 3, 0],
  ]);
});

test('ties sort by count failing, then exercise and name', () => {
  const tied = classOverview([
    { name: 'a', run: gradeRun('x', [gradedExercise(ex03, [c('zeta', 1, false)], 1), gradedExercise(ex02, [c('beta', 1, false), c('alpha', 1, false)], 1)]) },
  ]);
  expect(tied.checks.map((s) => `${s.exercise} ${s.name}`)).toEqual(['02 alpha', '02 beta', '03 zeta']);
});

test('heat colours run from red (0) to green (full)', () => {
  expect(heatColour(0, 5)).toMatch(/^hsl\(0,/);
  expect(heatColour(5, 5)).toMatch(/^hsl\(120,/);
  expect(heatColour(3, 0)).toMatch(/^hsl\(0,/);
});

test('the page links each cell to that submission\'s report and escapes names', () => {
  const html = classOverviewHtml(overview);
  expect(html.match(/<tr class="submission">/g)).toHaveLength(5);
  expect(html).toContain(`href="${reportHref('alice')}#ex-02"`);
  expect(html).toContain('href="carol%2C%20jr/report.html#ex-03"');
  expect(html).toContain('dave &lt;b&gt;');
  expect(html).not.toContain('dave <b>');
  expect(html.match(/<tr class="check-share">/g)).toHaveLength(3);
  expect(html).toContain('style="width: 75%"');
  expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
});
