// Gradescope's results.json (autograder specification): one test per check.
import { integrityFindings, type GradeRun } from '../results';

export function toGradescope(run: GradeRun) {
  const tests = run.exercises.flatMap((e) => {
    if (e.checks.length === 0) {
      return [{ score: 0, max_score: e.maxScore, status: 'failed', name: `${e.id} ${e.title}`, number: `${e.id}`, output: e.error ?? '', tags: [e.slug], visibility: 'visible' }];
    }
    return e.checks.map((c, i) => ({
      score: c.score,
      max_score: c.points,
      status: c.passed ? 'passed' : 'failed',
      name: `${e.id} › ${c.name}`,
      number: `${e.id}.${i + 1}`,
      output: [e.error, c.message].filter(Boolean).join('\n'),
      tags: [e.slug],
      visibility: 'visible',
    }));
  });
  return {
    score: run.score,
    execution_time: Math.round(run.exercises.reduce((s, e) => s + e.durationMs, 0) / 1000),
    output: [...integrityFindings(run).map((f) => `Flagged: ${f}`), `Points ${run.score}/${run.maxScore}`].join('\n'),
    visibility: 'visible',
    stdout_visibility: 'visible',
    tests,
  };
}
