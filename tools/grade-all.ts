// `npm run grade:all -- <folder> [<exercise>...] [--out FILE]`
// For teachers who collect work outside Classroom: every subfolder of <folder>
// is one submission laid out like KIT_TARGET (NN-slug/ folders). Writes one CSV
// (default grades/grades.csv): submission, points per exercise, total, notes.
// Each submission's full results.json goes to grades/all/<submission>/.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { csvRow } from './csv';
import { errors, KitError, runCli } from './errors';
import { gradeTarget } from './grading';
import { paths } from './kit';
import { loadManifest, selectExercises, type Exercise } from './manifest';
import { terminalLine } from './report/escape';
import { writeClassOverview, type ClassEntry } from './report/class-overview';
import { writeReports } from './report/write';
import { integrityFindings, type GradeRun } from './results';
import { resolveTarget } from './target';

/** The notes cell: why an exercise could not be graded, and every integrity finding ("flagged: ..."). */
export function csvNotes(run: GradeRun): string {
  const errors = run.exercises.filter((e) => e.error).map((e) => `${e.id}: ${e.error!.split('\n')[0]}`);
  const flagged = integrityFindings(run).map((f) => `flagged: ${f}`);
  return terminalLine([...errors, ...flagged].join('; '));
}

export async function gradeAll(folder: string, exercises: Exercise[], log: (line: string) => void = () => undefined) {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw errors.badOption('<folder>', `${folder} is not a folder of submissions`);
  }
  const submissions = fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  if (submissions.length === 0) throw errors.badOption('<folder>', `${folder} has no submission folders in it`);
  const rows = [csvRow(['submission', ...exercises.map((e) => e.id), 'total', 'max', 'notes'])];
  const classEntries: ClassEntry[] = []; // grades/all/index.html, written at the end
  for (const name of submissions) {
    const max = exercises.reduce((s, e) => s + e.points, 0);
    let target;
    try {
      target = resolveTarget(path.join(folder, name), exercises);
    } catch (error) {
      if (!(error instanceof KitError)) throw error;
      rows.push(csvRow([name, ...exercises.map(() => 0), 0, max, error.message]));
      classEntries.push({ name, error: error.message });
      log(`${name}: not graded (${error.message})`);
      continue;
    }
    const run = await gradeTarget({ ...target, name }, exercises);
    writeReports(run, path.join(paths.grades, 'all', name), {});
    classEntries.push({ name, run });
    const notes = csvNotes(run);
    rows.push(csvRow([name, ...run.exercises.map((e) => e.score), run.score, run.maxScore, notes]));
    log(`${name}: ${run.score}/${run.maxScore}`);
  }
  log(`Class overview: ${path.relative(process.cwd(), writeClassOverview(classEntries, path.join(paths.grades, 'all')))}`);
  return `${rows.join('\n')}\n`;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
  } catch (error) {
    throw errors.badOption('arguments', (error as Error).message);
  }
  const [folder, ...wanted] = parsed.positionals;
  if (!folder) throw errors.badOption('arguments', 'usage: npm run grade:all -- <folder of submissions> [<exercise>...] [--out FILE]');
  const exercises = selectExercises(loadManifest(), wanted);
  const csv = await gradeAll(path.resolve(process.cwd(), folder), exercises, (line) => process.stdout.write(`${line}\n`));
  const out = parsed.values.out ? path.resolve(process.cwd(), parsed.values.out) : path.join(paths.grades, 'grades.csv');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, csv);
  process.stdout.write(`Wrote ${out}\n`);
  return 0;
}

if (require.main === module) runCli(main);
