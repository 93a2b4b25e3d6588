// `npm run grade:classroom`: the grading step of the GitHub Classroom workflow.
// Grades every exercise, flags modified grading files, appends the score table
// to $GITHUB_STEP_SUMMARY, and writes `result=<base64 JSON>` to $GITHUB_OUTPUT
// for classroom-resources/autograding-grading-reporter (one test per check, so
// partial credit survives). It exits 0 whatever the score: the reporter step
// turns the result into the Classroom grade and the run's colour.
import fs from 'node:fs';
import { runCli } from './errors';
import { gradeTarget } from './grading';
import { paths, repoRoot } from './kit';
import { loadManifest, selectExercises } from './manifest';
import { classroomOutput } from './report/classroom';
import { renderTable } from './report/table';
import { writeReports } from './report/write';
import { gradeRun } from './results';
import { resolveTarget } from './target';
import { tamperNotices } from './tamper';

async function main(): Promise<number> {
  // Exercises may be named (as for `npm test`) to grade a subset; Classroom grades them all.
  const exercises = selectExercises(loadManifest(), process.argv.slice(2));
  const target = resolveTarget(process.env.KIT_TARGET, exercises);
  const graded = await gradeTarget(target, exercises);
  const run = gradeRun(graded.target, graded.exercises, tamperNotices(repoRoot));
  process.stdout.write(`${renderTable(run)}\n`);
  writeReports(run, paths.grades);
  if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, `result=${classroomOutput(run)}\n`);
  else process.stdout.write('GITHUB_OUTPUT is not set: the Classroom result is in grades/classroom.json\n');
  return 0;
}

runCli(main);
