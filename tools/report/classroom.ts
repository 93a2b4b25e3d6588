// GitHub Classroom's runner result (autograding-grading-reporter, version 1).
// One test per check, each with its own score, so partial credit survives: the
// reporter sums tests[].score against max_score. An exercise that could not be
// graded becomes one failing test worth its points. A first, 0-point test
// named Integrity carries the integrity findings (tools/results.ts).
import { integrityFindings, type GradeRun } from '../results';

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
  // One Integrity test carries every integrity finding (modified grading files,
  // forgery flags per exercise): 0 points, failing when flagged, so the teacher
  // sees it in Classroom next to the score; it changes no points.
  const findings = integrityFindings(run);
  tests.unshift({
    name: 'Integrity: no tamper or forgery flags',
    status: findings.length > 0 ? 'fail' : 'pass',
    score: 0,
    message: findings.length > 0 ? `Flagged for a teacher's review:\n${findings.join('\n')}` : '',
    test_code: '',
    filename: '',
    line_no: 0,
    duration: 0,
  });
  const status = run.exercises.some((e) => e.status === 'error') ? 'error' : run.score === run.maxScore ? 'pass' : 'fail';
  return { version: 1, status, max_score: run.maxScore, tests };
}

/** The value of the `result` step output: base64 of the JSON above. */
export const classroomOutput = (run: GradeRun) => Buffer.from(JSON.stringify(toClassroom(run))).toString('base64');
