// `npm test [-- <exercise>...] [--target DIR] [--out DIR] [--jobs N]`
// Grades exercises, prints the score table, writes grades/*.json, and exits 0
// only for a full score. (KIT_TARGET works too; --target wins.)
import { parseArgs } from 'node:util';
import path from 'node:path';
import { containment } from './containment';
import { errors, runCli } from './errors';
import { gradeTarget } from './grading';
import { paths, repoRoot } from './kit';
import { loadManifest, selectExercises } from './manifest';
import { findMutant, withMutant } from './mutants';
import { renderTable } from './report/table';
import { writeReports } from './report/write';
import { resolveTarget } from './target';

const USAGE = `Usage: npm test [-- <exercise>...] [--target starters|solutions|DIR] [--out DIR] [--jobs N]
  <exercise>   id (02), number (2) or slug (02-async-dashboard / async-dashboard); none: all
  --target     the code to grade (default: $KIT_TARGET, else starters)
  --out        where to write results.json, classroom.json, gradescope.json (default: grades/)
  --jobs       exercises graded at once (default: 2; real-time exercises always run alone)
  --mutant     maintainers: grade the solution with tests/mutants/<exercise>/<NAME>/mutant.patch applied (one exercise)`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        out: { type: 'string' },
        jobs: { type: 'string' },
        mutant: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw errors.badOption('arguments', (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) throw errors.badOption('--jobs', `expected a whole number ≥ 1, got "${values.jobs}"`);

  const all = loadManifest();
  const exercises = selectExercises(all, positionals);
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  let run;
  if (values.mutant !== undefined) {
    if (exercises.length !== 1) throw errors.badOption('--mutant', 'name exactly one exercise, e.g. npm test -- 02 --mutant sequential-awaits');
    const [exercise] = exercises;
    const mutant = findMutant(exercise, values.mutant);
    if (process.stdout.isTTY) process.stdout.write(`Grading ${exercise.slug} with mutant ${mutant.name} ...\n`);
    // The mutant is built in a temporary folder (the solution plus its patch), graded, then removed.
    run = await withMutant(exercise, mutant, (built) =>
      gradeTarget({ name: `mutant ${mutant.name}`, dir: built.root }, exercises, { concurrency: jobs }),
    );
  } else {
    const target = resolveTarget(values.target ?? process.env.KIT_TARGET, exercises);
    if (process.stdout.isTTY) process.stdout.write(`Grading ${exercises.length} exercise(s) in ${target.name} ...\n`);
    // Code that is not the kit's own starters/solutions is a submission: contain it.
    const foreign = !['starters', 'solutions'].map((d) => path.join(repoRoot, d)).includes(target.dir);
    const contained = containment(foreign);
    if (foreign || contained.mechanism !== 'none') process.stdout.write(`Sandbox: ${contained.description}\n`);
    run = await gradeTarget(target, exercises, { concurrency: jobs, containment: contained });
  }
  process.stdout.write(`${renderTable(run, { color })}\n`);
  const outDir = values.out ? path.resolve(process.cwd(), values.out) : paths.grades;
  writeReports(run, outDir);
  process.stdout.write(`Reports: ${path.relative(repoRoot, outDir) || '.'}/results.json, classroom.json, gradescope.json, report.html\n`);
  return run.score === run.maxScore ? 0 : 1;
}

runCli(main);
