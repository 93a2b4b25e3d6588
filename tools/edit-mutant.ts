// `npm run mutant -- NN [NAME --edit | NAME --save | NAME --new]`
// Maintainers write a mutant as an ordinary edit of the solution's files:
//   --edit  copies solutions/NN-slug/ to tests/mutants/.work/NN-slug/NAME/ (a small git
//           repository: the solution committed as its base) and applies the mutant's patch there;
//   --save  writes that folder's `git diff` back to the mutant's mutant.patch;
//   --new   writes a mutant.json to fill in, then does what --edit does;
//   NN alone lists the exercise's mutants and whether each patch still applies.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { errors, KitError, runCli } from './errors';
import { paths, repoRoot } from './kit';
import { loadManifest, selectExercises, type Exercise } from './manifest';
import { applyMutant, findMutant, git, loadMutants, mutantPatch, PATCH_FILE, solutionDir, SPEC_FILE, type Mutant } from './mutants';

export interface Places {
  /** tests/mutants */
  mutantsRoot?: string;
  /** solutions */
  solutionsDir?: string;
}

const rel = (file: string) => path.relative(repoRoot, file) || '.';
const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ours = ['-c', 'user.name=kit', '-c', 'user.email=kit@localhost', '-c', 'commit.gpgsign=false'];

export const workDir = (exercise: Exercise, name: string, mutantsRoot = paths.mutants) => path.join(mutantsRoot, '.work', exercise.slug, name);

const rejects = (dir: string): string[] =>
  (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.rej') && !f.startsWith('.git'));

/** The work folder's changes against its base, as a patch with a/ b/ paths relative to the solution folder. */
function diffOf(dir: string): string {
  const add = git(dir, ['add', '-A']);
  if (add.code !== 0) throw new KitError(`${rel(dir)}: git add failed (${add.stderr.trim()})`);
  const diff = git(dir, ['-c', 'diff.noprefix=false', '-c', 'diff.mnemonicPrefix=false', 'diff', '--cached', '--no-color', '--no-ext-diff', '--src-prefix=a/', '--dst-prefix=b/']);
  if (diff.code !== 0) throw new KitError(`${rel(dir)}: git diff failed (${diff.stderr.trim()})`);
  return diff.stdout;
}

const savedPatch = (mutant: Mutant) => {
  const file = path.join(mutant.dir, PATCH_FILE);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
};

/** Materialise a mutant for editing; returns the folder and any hunks that did not apply (left as .rej files). */
export function startEdit(exercise: Exercise, mutant: Mutant, places: Places = {}): { dir: string; rejected: string[] } {
  const dir = workDir(exercise, mutant.name, places.mutantsRoot);
  if (fs.existsSync(dir)) {
    // Never throw away edits that were not saved; a folder that matches the saved patch is rebuilt fresh.
    const unsaved = !fs.existsSync(path.join(dir, '.git')) || rejects(dir).length > 0 || diffOf(dir) !== savedPatch(mutant);
    if (unsaved) {
      throw new KitError(
        `${rel(dir)} holds edits not saved to ${PATCH_FILE}: save them (npm run mutant -- ${exercise.id} ${mutant.name} --save) or delete that folder to start over.`,
      );
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.cpSync(solutionDir(exercise, places.solutionsDir), dir, { recursive: true });
  for (const step of [['init', '-q'], ['add', '-A'], [...ours, 'commit', '-qm', `solutions/${exercise.slug} (base)`]]) {
    const r = git(dir, step);
    if (r.code !== 0) throw new KitError(`${rel(dir)}: git ${step.join(' ')} failed (${r.stderr.trim()})`);
  }
  if (!fs.existsSync(path.join(mutant.dir, PATCH_FILE))) return { dir, rejected: [] };
  mutantPatch(exercise, mutant); // the folder is in the current form
  const applied = applyMutant(exercise, mutant, dir, ['--reject']);
  return { dir, rejected: applied.code === 0 ? [] : rejects(dir) };
}

/** Write the work folder's diff back to the mutant's patch; refuses an empty diff and unresolved .rej files. */
export function saveEdit(exercise: Exercise, mutant: Mutant, places: Places = {}): { file: string; lines: number; commented: boolean } {
  const dir = workDir(exercise, mutant.name, places.mutantsRoot);
  if (!fs.existsSync(path.join(dir, '.git'))) {
    throw new KitError(`mutant "${mutant.name}" of ${exercise.slug} is not being edited (no ${rel(dir)}/): run npm run mutant -- ${exercise.id} ${mutant.name} --edit first.`);
  }
  const left = rejects(dir);
  if (left.length > 0) throw new KitError(`${rel(dir)} still holds ${left.join(', ')}: make those changes by hand, delete the .rej files, then save again.`);
  const patch = diffOf(dir);
  if (patch.trim() === '') {
    throw new KitError(`${rel(dir)} is the solution unchanged: refusing to write an empty ${PATCH_FILE} (a mutant must change something).`);
  }
  const file = path.join(mutant.dir, PATCH_FILE);
  fs.writeFileSync(file, patch);
  return { file, lines: patch.split('\n').length - 1, commented: /^\+.*MUTANT:/m.test(patch) };
}

/** Start a new mutant: its folder and a mutant.json to fill in. */
export function newMutant(exercise: Exercise, name: string, places: Places = {}): Mutant {
  if (!NAME.test(name)) throw errors.badOption('--new', `a mutant name is lowercase words joined by hyphens (e.g. sequential-awaits), got "${name}"`);
  const dir = path.join(places.mutantsRoot ?? paths.mutants, exercise.slug, name);
  if (fs.existsSync(dir)) throw new KitError(`${rel(dir)} already exists: edit it with npm run mutant -- ${exercise.id} ${name} --edit.`);
  fs.mkdirSync(dir, { recursive: true });
  const spec = { description: 'TODO: the plausible mistake, in one sentence', mustFail: ['TODO: the exact name of a check it must fail'] };
  fs.writeFileSync(path.join(dir, SPEC_FILE), `${JSON.stringify(spec, null, 2)}\n`);
  return findMutant(exercise, name, places.mutantsRoot);
}

/** One line per mutant: whether its folder is in the current form and its patch applies to today's solution. */
export function mutantStatus(exercise: Exercise, mutant: Mutant, places: Places = {}): string {
  let patchFile: string;
  try {
    patchFile = mutantPatch(exercise, mutant);
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
    const oldForm = fs.readdirSync(mutant.dir).some((f) => f !== SPEC_FILE && f !== PATCH_FILE);
    return oldForm ? 'old form: holds source files, not a patch' : 'no patch yet';
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-mutant-check-'));
  try {
    const copy = path.join(scratch, exercise.slug);
    fs.cpSync(solutionDir(exercise, places.solutionsDir), copy, { recursive: true });
    return git(copy, ['apply', '--check', patchFile]).code === 0 ? 'applies' : 'STALE: no longer applies';
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

const USAGE = `Usage: npm run mutant -- <exercise> [<name> --edit | <name> --save | <name> --new]
  <exercise>          list its mutants and whether each patch applies
  <name> --edit       materialise the mutant in tests/mutants/.work/<slug>/<name>/ to edit it
  <name> --save       write that folder's changes back to the mutant's mutant.patch
  <name> --new        start a new mutant (writes mutant.json to fill in), then edit it`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { edit: { type: 'boolean' }, save: { type: 'boolean' }, new: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw errors.badOption('arguments', `${(error as Error).message} (see npm run mutant -- --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const modes = (['edit', 'save', 'new'] as const).filter((m) => values[m]);
  if (positionals.length === 0) throw errors.badOption('arguments', 'name an exercise, e.g. npm run mutant -- 02');
  if (positionals.length > 2) throw errors.badOption('arguments', `expected <exercise> [<name>], got ${positionals.length} words: ${positionals.join(' ')}`);
  if (modes.length > 1) throw errors.badOption(`--${modes.join(' --')}`, 'choose one of --edit, --save, --new');
  const [exercise] = selectExercises(loadManifest(), [positionals[0]]);
  const name = positionals[1];

  if (name === undefined) {
    if (modes.length > 0) throw errors.badOption(`--${modes[0]}`, `name the mutant, e.g. npm run mutant -- ${exercise.id} some-name --${modes[0]}`);
    const mutants = loadMutants(exercise);
    if (mutants.length === 0) process.stdout.write(`${exercise.slug} has no mutants yet (start one: npm run mutant -- ${exercise.id} NAME --new)\n`);
    for (const m of mutants) process.stdout.write(`${m.name}  [${mutantStatus(exercise, m)}]  must fail ${m.mustFail.length} check(s): ${m.description}\n`);
    return 0;
  }
  if (modes.length === 0) throw errors.badOption(name, 'say what to do with it: --edit, --save or --new');

  if (values.save) {
    const saved = saveEdit(exercise, findMutant(exercise, name));
    process.stdout.write(`wrote ${rel(saved.file)} (${saved.lines} lines)\n`);
    if (!saved.commented) process.stdout.write('note: no added line says "// MUTANT: <why this is wrong>"; add one on the changed line(s)\n');
    process.stdout.write(`grade it: npm test -- ${exercise.id} --mutant ${name}\n`);
    return 0;
  }
  const mutant = values.new ? newMutant(exercise, name) : findMutant(exercise, name);
  const { dir, rejected } = startEdit(exercise, mutant);
  if (values.new) process.stdout.write(`wrote ${rel(path.join(mutant.dir, SPEC_FILE))}: fill in the description and the checks it must fail\n`);
  process.stdout.write(`edit the files in ${rel(dir)}/ (the solution${fs.existsSync(path.join(mutant.dir, PATCH_FILE)) ? ' with the mutant applied' : ''}), then: npm run mutant -- ${exercise.id} ${name} --save\n`);
  if (rejected.length > 0) {
    process.stdout.write(`the patch no longer applies everywhere: make the changes in ${rejected.join(', ')} by hand and delete those .rej files before saving\n`);
  }
  return 0;
}

if (require.main === module) runCli(main);
