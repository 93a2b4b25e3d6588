// grades/results.json: the kit's own shape, read by other tools. Fields are
// picked one by one so the file keeps exactly this shape as the model grows.
import type { GradeRun } from '../results';

export function toResultsJson(run: GradeRun) {
  return {
    target: run.target,
    score: run.score,
    maxScore: run.maxScore,
    notices: run.notices,
    exercises: run.exercises.map((e) => ({
      id: e.id,
      slug: e.slug,
      title: e.title,
      score: e.score,
      maxScore: e.maxScore,
      status: e.status,
      error: e.error,
      flags: e.flags,
      // Real time the grading took (informational, never scored): which exercise and check are slow.
      durationMs: Math.round(e.durationMs),
      checks: e.checks.map((c) => ({
        name: c.name,
        points: c.points,
        score: c.score,
        passed: c.passed,
        message: c.message,
        ...(c.durationMs !== undefined ? { durationMs: Math.round(c.durationMs) } : {}),
        ...(c.timeline ? { timeline: c.timeline } : {}),
      })),
    })),
  };
}
