// `npm run sync`: write what derives from exercises.json, so nobody keeps it in
// step by hand. Today that is the exercise table of README.md and of
// classroom/README.md, written between the markers below; `verify` fails
// (via `staleTables`) when a table no longer matches the manifest.
import fs from 'node:fs';
import path from 'node:path';
import { KitError, runCli } from './errors';
import { repoRoot } from './kit';
import { loadManifest, type Exercise } from './manifest';

export const BEGIN = '<!-- exercises:begin -->';
export const END = '<!-- exercises:end -->';
/** The files holding an exercise table, relative to the kit root. */
export const TABLE_FILES = ['README.md', path.join('classroom', 'README.md')];

/** The exercise table, one row per exercise, in manifest order. */
export function exerciseTable(exercises: Exercise[]): string {
  const rows = exercises.map((e) => `| ${e.id} | [${e.title}](starters/${e.slug}/README.md) | ${e.points} | ${e.gradedWith ?? ''} |`);
  return ['| # | Exercise | Points | Graded with |', '| --- | --- | ---: | --- |', ...rows].join('\n');
}

/** `text` with the table between the markers replaced; `file` names it in the error when the markers are missing. */
export function withTable(text: string, table: string, file: string): string {
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const once = (marker: string, at: number) => at !== -1 && text.indexOf(marker, at + 1) === -1;
  if (!once(BEGIN, begin) || !once(END, end) || end < begin) {
    throw new KitError(`${file}: expected one "${BEGIN}" line, then one "${END}" line, around the exercise table`);
  }
  return `${text.slice(0, begin)}${BEGIN}\n${table}\n${text.slice(end)}`;
}

/** Each table file whose table differs from the manifest, with what to do. */
export function staleTables(root = repoRoot, exercises = loadManifest(path.join(root, 'exercises.json'))): string[] {
  const table = exerciseTable(exercises);
  return TABLE_FILES.flatMap((file) => {
    if (!fs.existsSync(path.join(root, file))) return [`${file} is missing (it holds an exercise table)`];
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    let wanted: string;
    try {
      wanted = withTable(text, table, file);
    } catch (error) {
      return [(error as Error).message];
    }
    return wanted === text ? [] : [`${file}: the exercise table does not match exercises.json: run npm run sync`];
  });
}

/** Rewrite every table from the manifest; returns the files that changed. Running it twice changes nothing. */
export function syncTables(root = repoRoot, exercises = loadManifest(path.join(root, 'exercises.json'))): string[] {
  const table = exerciseTable(exercises);
  return TABLE_FILES.filter((file) => {
    const full = path.join(root, file);
    const text = fs.readFileSync(full, 'utf8');
    const wanted = withTable(text, table, file);
    if (wanted === text) return false;
    fs.writeFileSync(full, wanted);
    return true;
  });
}

async function main(): Promise<number> {
  if (process.argv.length > 2) throw new KitError(`arguments: usage: npm run sync (it takes no arguments, got "${process.argv.slice(2).join(' ')}")`);
  const changed = syncTables();
  for (const file of TABLE_FILES) process.stdout.write(`${changed.includes(file) ? 'updated   ' : 'up to date'} ${file}\n`);
  return 0;
}

if (require.main === module) runCli(main);
