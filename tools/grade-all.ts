// `npm run grade:all -- <folder> [<exercise>...] [--out FILE]`
// For teachers who collect work outside Classroom: every subfolder of <folder>
// is one submission laid out like KIT_TARGET (NN-slug/ folders). Writes one CSV
// (default grades/grades.csv): submission, points per exercise, total, notes.
// Each submission's full results.json goes to grades/all/<submission>/.
// Submissions are contained (tools/containment.ts): graded from a learner-template
// copy of the kit, each in a fresh copy, in the strongest sandbox the machine has.
// The CSV is written by this process, one row as each submission finishes, so a
// crash of one submission (or of this tool) loses nothing already graded.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { containment as contain, type Containment } from './containment';
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

export interface GradeAllOptions {
  /** Append each CSV row to this file as soon as it is known. */
  out?: string;
  containment?: Containment;
  /** The kit's own tests grade fixture graders from here. */
  gradersDir?: string;
}

export async function gradeAll(folder: string, exercises: Exercise[], log: (line: string) => void = () => undefined, options: GradeAllOptions = {}) {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw errors.badOption('<folder>', `${folder} is not a folder of submissions`);
  }
  const submissions = fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  if (submissions.length === 0) throw errors.badOption('<folder>', `${folder} has no submission folders in it`);
  const contained = options.containment ?? contain(true);
  log(`Sandbox: ${contained.description}`);
  const rows: string[] = [];
  const emit = (row: string) => {
    rows.push(row);
    if (options.out) fs.appendFileSync(options.out, `${row}\n`);
  };
  if (options.out) {
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, '');
  }
  emit(csvRow(['submission', ...exercises.map((e) => e.id), 'total', 'max', 'notes']));
  const classEntries: ClassEntry[] = []; // grades/all/index.html, written at the end
  for (const name of submissions) {
    const max = exercises.reduce((s, e) => s + e.points, 0);
    let target;
    try {
      target = resolveTarget(path.join(folder, name), exercises);
    } catch (error) {
      if (!(error instanceof KitError)) throw error;
      emit(csvRow([name, ...exercises.map(() => 0), 0, max, error.message]));
      classEntries.push({ name, error: error.message });
      log(`${name}: not graded (${error.message})`);
      continue;
    }
    try {
      const run = await gradeTarget({ ...target, name }, exercises, { containment: contained, gradersDir: options.gradersDir });
      classEntries.push({ name, run });
      const notes = csvNotes(run);
      emit(csvRow([name, ...run.exercises.map((e) => e.score), run.score, run.maxScore, notes]));
      log(`${name}: ${run.score}/${run.maxScore}${run.exercises.some((e) => e.flags.length > 0) ? ' (flagged)' : ''}`);
      try {
        writeReports(run, path.join(paths.grades, 'all', name), {});
      } catch (error) {
        log(`${name}: reports not written (${(error as Error).message})`);
      }
    } catch (error) {
      // A crash while grading one submission loses that row's points only.
      emit(csvRow([name, ...exercises.map(() => 0), 0, max, `not graded: ${(error as Error).message}`]));
      classEntries.push({ name, error: `not graded: ${(error as Error).message}` });
      log(`${name}: not graded (${(error as Error).message})`);
    }
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
  const out = parsed.values.out ? path.resolve(process.cwd(), parsed.values.out) : path.join(paths.grades, 'grades.csv');
  await gradeAll(path.resolve(process.cwd(), folder), exercises, (line) => process.stdout.write(`${line}\n`), { out });
  process.stdout.write(`Wrote ${out}\n`);
  return 0;
}

if (require.main === module) runCli(main);
