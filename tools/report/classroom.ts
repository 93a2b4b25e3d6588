// GitHub Classroom's runner result (autograding-grading-reporter, version 1).
// One test per check, each with its own score, so partial credit survives: the
// reporter sums tests[].score against max_score. An exercise that could not be
// graded becomes one failing test worth its points.
import type { GradeRun } from '../results';

export function toClassroom(run: GradeRun) {
  const tests = run.exercises.flatMap((e) => {
    const common = { test_code: `npm test -- ${e.id}`, filename: `graders/${e.slug}.grader.ts`, line_no: 0, duration: 0 };
    if (e.checks.length === 0) {
      return [{ ...common, name: `${e.id} ${e.title}`, status: 'error', score: 0, message: e.error ?? '' }];
    }
    return e.checks.map((c) => ({
      ...common,
      name: `${e.id} › ${c.name}`,
      status: c.passed ? 'pass' : e.status === 'error' ? 'error' : 'fail',
      score: c.score,
      message: c.passed ? '' : [e.error, c.message].filter(Boolean).join('\n'),
    }));
  });
  // A notice (e.g. modified grading files) travels as a 0-point failing test so
  // the teacher sees it in Classroom next to the score; it changes no points.
  for (const notice of run.notices) {
    tests.unshift({ name: 'Integrity: grading files unchanged', status: 'fail', score: 0, message: notice, test_code: '', filename: '', line_no: 0, duration: 0 });
  }
  const status = run.exercises.some((e) => e.status === 'error') ? 'error' : run.score === run.maxScore ? 'pass' : 'fail';
  return { version: 1, status, max_score: run.maxScore, tests };
}

/** The value of the `result` step output: base64 of the JSON above. */
export const classroomOutput = (run: GradeRun) => Buffer.from(JSON.stringify(toClassroom(run))).toString('base64');
