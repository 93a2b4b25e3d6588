// The one results model. The runner fills it; every reporter reads only this.
import type { TimelineRecord } from '../graders/support/timeline';

export interface CheckResult {
  name: string;
  points: number;
  score: number;
  passed: boolean;
  message: string;
  /** How long the check ran (jest's own measure), when known: for `npm run bench` and slow-check hunting; never scored. */
  durationMs?: number;
  /** The tasks' timeline of a failed check (ASCII in the message, SVG in report.html). */
  timeline?: TimelineRecord;
}

export type Status = 'pass' | 'fail' | 'error';

export interface ExerciseResult {
  id: string;
  slug: string;
  title: string;
  score: number;
  maxScore: number;
  status: Status;
  /** Why the exercise could not be graded (it then scores 0). */
  error: string | null;
  checks: CheckResult[];
  /** Real time the grading took; reports that carry timings read it. */
  durationMs: number;
  /**
   * Why this result may be forged (the forgery scan's hits, the runner's
   * tripwires): the exercise is "flagged" for a teacher. Flags change no score.
   */
  flags: string[];
  /** The containment the run used (tools/sandbox.ts): bubblewrap, permission or none. */
  sandbox?: string;
}

export interface GradeRun {
  target: string;
  score: number;
  maxScore: number;
  exercises: ExerciseResult[];
  /** Run-wide integrity findings that are not a check, e.g. "modified grading files: …". */
  notices: string[];
}

interface ExerciseHeader {
  id: string;
  slug: string;
  title: string;
  points: number;
}

/** An exercise that was graded: score only from passed checks. */
export function gradedExercise(e: ExerciseHeader, checks: CheckResult[], durationMs: number): ExerciseResult {
  const maxScore = checks.reduce((sum, c) => sum + c.points, 0);
  const score = checks.reduce((sum, c) => sum + c.score, 0);
  return { id: e.id, slug: e.slug, title: e.title, score, maxScore, status: score === maxScore && maxScore > 0 ? 'pass' : 'fail', error: null, checks, durationMs, flags: [] };
}

/** An exercise that could not be graded: 0 points out of the manifest's, with the reason. */
export function failedExercise(e: ExerciseHeader, error: string, durationMs: number, checks: CheckResult[] = []): ExerciseResult {
  const maxScore = checks.length > 0 ? checks.reduce((sum, c) => sum + c.points, 0) : e.points;
  const zeroed = checks.map((c) => ({ ...c, score: 0, passed: false, message: c.message || 'Not counted: the exercise could not be graded.' }));
  return { id: e.id, slug: e.slug, title: e.title, score: 0, maxScore, status: 'error', error, checks: zeroed, durationMs, flags: [] };
}

/** The same result with more flags. */
export const withFlags = (result: ExerciseResult, flags: string[]): ExerciseResult =>
  flags.length === 0 ? result : { ...result, flags: [...result.flags, ...flags] };

/**
 * The one integrity model: every reason a teacher should look before trusting
 * this run (run-wide notices first, then each flagged exercise's reasons).
 * Every report that shows integrity reads this.
 */
export const integrityFindings = (run: GradeRun): string[] => [
  ...run.notices,
  ...run.exercises.flatMap((e) => e.flags.map((f) => `${e.id}: ${f}`)),
];

export function gradeRun(target: string, exercises: ExerciseResult[], notices: string[] = []): GradeRun {
  return {
    target,
    notices,
    score: exercises.reduce((sum, e) => sum + e.score, 0),
    maxScore: exercises.reduce((sum, e) => sum + e.maxScore, 0),
    exercises,
  };
}
