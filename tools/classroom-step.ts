// `npm run grade:classroom`: the grading step of the GitHub Classroom workflow.
// Grades every exercise (scanning each for forgery first), flags modified
// grading files, prints the score table, and then, last and exactly once,
// writes the score table to $GITHUB_STEP_SUMMARY and `result=<base64 JSON>` to
// $GITHUB_OUTPUT for classroom-resources/autograding-grading-reporter (one test
// per check, so partial credit survives, plus the Integrity test). It exits 0
// whatever the score: the reporter step turns the result into the Classroom
// grade and the run's colour.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { runCli } from './errors';
import { gradeTarget } from './grading';
import { paths, repoRoot } from './kit';
import { loadManifest, selectExercises } from './manifest';
import { classroomOutput } from './report/classroom';
import { toMarkdown } from './report/summary';
import { renderTable } from './report/table';
import { writeReports } from './report/write';
import { gradeRun, type GradeRun } from './results';
import { newRunToken, RUN_TOKEN_VAR, sweepLeftovers } from './sweep';
import { resolveTarget } from './target';
import { tamperNotices } from './tamper';

/** The files GitHub Actions reads after a step: its outputs, its summary, and what later steps inherit. */
export const STEP_FILES = ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE'] as const;

/**
 * Nothing but this step writes to its workflow files, and it writes only at
 * the end: text already there came from learner code (a forged `result=`, a
 * fake summary, an environment for later steps). Each one is a finding.
 */
export function foreignWrites(env: NodeJS.ProcessEnv): string[] {
  return STEP_FILES.flatMap((name) => {
    const file = env[name];
    if (!file) return [];
    let stat;
    try {
      stat = fs.lstatSync(file);
    } catch {
      return [];
    }
    if (!stat.isFile()) return [`$${name} was replaced (no longer a plain file): learner code tampered with the workflow; the kit wrote a fresh one`];
    if (stat.size > 0) return [`$${name} already held ${stat.size} bytes the kit did not write: learner code wrote to the workflow; the kit discarded them`];
    return [];
  });
}

/**
 * The step's last act: the summary, then `result=`, each written once over
 * whatever was there (see foreignWrites), and the files later steps inherit
 * emptied. Every learner process has ended by now: the runner ends each run's
 * process group, and main sweeps up any that left it (tools/sweep.ts).
 */
export function finishStep(run: GradeRun, env: NodeJS.ProcessEnv): void {
  const fresh = (file: string, text: string) => {
    // A link is removed (never followed); a folder is moved aside, never deleted.
    if (fs.lstatSync(file, { throwIfNoEntry: false })?.isDirectory()) fs.renameSync(file, `${file}.moved-aside-${Date.now()}`);
    else fs.rmSync(file, { force: true });
    fs.writeFileSync(file, text);
  };
  for (const name of ['GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE'] as const) if (env[name]) fresh(env[name]!, '');
  if (env.GITHUB_STEP_SUMMARY) fresh(env.GITHUB_STEP_SUMMARY, toMarkdown(run));
  if (env.GITHUB_OUTPUT) fresh(env.GITHUB_OUTPUT, `result=${classroomOutput(run)}\n`);
}

/**
 * Print the table. On GitHub Actions, learner text in it (messages, output)
 * must never be read as a workflow command: the table is escaped
 * (report/escape.ts) and also fenced by stop-commands with a token no learner
 * can guess.
 */
function printTable(run: GradeRun, env: NodeJS.ProcessEnv): void {
  const token = randomUUID();
  const fenced = env.GITHUB_ACTIONS === 'true';
  if (fenced) process.stdout.write(`::stop-commands::${token}\n`);
  process.stdout.write(`${renderTable(run)}\n`);
  if (fenced) process.stdout.write(`::${token}::\n`);
}

async function main(): Promise<number> {
  // Exercises may be named (as for `npm test`) to grade a subset; Classroom grades them all.
  const exercises = selectExercises(loadManifest(), process.argv.slice(2));
  const target = resolveTarget(process.env.KIT_TARGET, exercises);
  const token = newRunToken();
  const graded = await gradeTarget(target, exercises, { env: { [RUN_TOKEN_VAR]: token } });
  // Before anything is written: no learner process may outlive grading and write after the kit.
  const leftovers = sweepLeftovers(token);
  const survived = leftovers > 0 ? [`${leftovers} learner process(es) were still running after grading; the kit ended them before writing the result`] : [];
  const run = gradeRun(graded.target, graded.exercises, [...tamperNotices(repoRoot), ...foreignWrites(process.env), ...survived]);
  printTable(run, process.env);
  writeReports(run, paths.grades, {}); // the step summary is not written here: finishStep writes it, last
  if (!process.env.GITHUB_OUTPUT) process.stdout.write('GITHUB_OUTPUT is not set: the Classroom result is in grades/classroom.json\n');
  finishStep(run, process.env);
  return 0;
}

if (require.main === module) runCli(main);
