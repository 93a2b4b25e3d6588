// A GradeRun with a check timeline, flags, a notice and learner text that tries
// to add markup: shared by the HTML report tests (unit and browser).
import { failedExercise, gradedExercise, gradeRun, withFlags } from '../../tools/results';

const header = (id: string, points: number) => ({ id, slug: `${id}-demo`, title: `Demo ${id}`, points });
const evil = '<img src=x onerror=alert(1)>';

export const timelineRun = gradeRun(
  'starters',
  [
    gradedExercise(header('01', 2), [{ name: 'keeps order', points: 2, score: 2, passed: true, message: 'note: measured on 2 cores' }], 10),
    withFlags(
      gradedExercise(header('02', 4), [
        { name: 'overlaps every wait', points: 3, score: 3, passed: true, message: '' },
        {
          name: `rejects early ${evil}`,
          points: 1,
          score: 0,
          passed: false,
          message: `rejected at 500 ms, but expected 100 ms ${evil}`,
          timeline: {
            now: 500,
            spans: [
              { label: 'a', start: 0, end: 100, state: 'done' },
              { label: `b ${evil}`, start: 100, end: 500, state: 'failed' },
            ],
            expected: [
              { label: 'a', start: 0, end: 100, state: 'done' },
              { label: 'b', start: 0, end: 100, state: 'failed' },
            ],
          },
        },
      ], 20),
      [`index.ts:3: eval ${evil}`],
    ),
    failedExercise(header('03', 6), `Could not load your code: SyntaxError ${evil}`, 30),
  ],
  [`modified grading files: tools/x.ts ${evil}`],
);

