// A small GradeRun with one exercise of each status, shared by the report tests.
import { failedExercise, gradedExercise, gradeRun } from '../../tools/results';

const header = (id: string, points: number) => ({ id, slug: `${id}-demo`, title: `Demo ${id}`, points });

export const sampleRun = gradeRun('starters', [
  gradedExercise(header('01', 5), [
    { name: 'overlaps waits', points: 3, score: 3, passed: true, message: '', durationMs: 640.4 },
    { name: 'keeps order', points: 2, score: 2, passed: true, message: '' },
  ], 1200),
  gradedExercise(header('02', 4), [
    { name: 'starts all | at once', points: 3, score: 3, passed: true, message: '' },
    { name: 'rejects early', points: 1, score: 0, passed: false, message: 'rejected at 500 ms,\nbut expected 100 ms' },
  ], 800),
  failedExercise(header('03', 6), 'Could not load your code: SyntaxError', 300),
]);
