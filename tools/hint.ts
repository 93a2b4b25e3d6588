// `npm run hint [-- <exercise>] [--all]`
// A nudge, one more each time: prints the exercise's first failing check from
// the last grade run, then reveals its README hints one at a time (the count
// is remembered in grades/hints.json, which is git-ignored).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { errors, runCli } from './errors';
import { paths } from './kit';
import { loadManifest, selectExercises, type Exercise } from './manifest';
import { exerciseDir, resolveTarget } from './target';

interface LastRun {
  exercises?: Array<{ id: string; status: string; checks: Array<{ name: string; passed: boolean; message: string }> }>;
}

const readJson = <T>(file: string, fallback: T): T => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return fallback;
  }
};

/** The numbered items under "## Hints" in a lesson README. */
export function hintsOf(readme: string): string[] {
  const section = readme.split(/^## Hints\s*$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split(/^\d+\.\s+/m)
    .map((h) => h.trim().replace(/\s*\n\s*/g, ' '))
    .filter(Boolean);
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { all: { type: 'boolean' } } });
  } catch (error) {
    throw errors.badOption('arguments', (error as Error).message);
  }
  const all = loadManifest();
  const last = readJson<LastRun>(path.join(paths.grades, 'results.json'), {});
  const unfinished = all.find((e) => last.exercises?.find((r) => r.id === e.id)?.status !== 'pass') ?? all[0];
  const [exercise]: Exercise[] = parsed.positionals.length > 0 ? selectExercises(all, parsed.positionals.slice(0, 1)) : [unfinished];

  const out: string[] = [`${exercise.id} ${exercise.title}`];
  const failing = last.exercises?.find((r) => r.id === exercise.id)?.checks.find((c) => !c.passed);
  if (failing) out.push('', `First failing check: ${failing.name}`, failing.message.replace(/^/gm, '  '));
  else if (!last.exercises) out.push('', 'Run `npm test` first to see which checks fail.');

  const target = resolveTarget(process.env.KIT_TARGET, [exercise]);
  const readme = path.join(exerciseDir(target, exercise), 'README.md');
  const hints = fs.existsSync(readme) ? hintsOf(fs.readFileSync(readme, 'utf8')) : [];
  const stateFile = path.join(paths.grades, 'hints.json');
  const seen = readJson<Record<string, number>>(stateFile, {});
  const shown = parsed.values.all ? hints.length : Math.min(hints.length, (seen[exercise.id] ?? 0) + 1);
  if (hints.length === 0) out.push('', `No hints in ${readme}.`);
  else {
    out.push('', `Hints (${shown} of ${hints.length}):`);
    hints.slice(0, shown).forEach((h, i) => out.push(`  ${i + 1}. ${h}`));
    if (shown < hints.length) out.push('', `Stuck still? Run npm run hint -- ${exercise.id} again for the next one.`);
  }
  fs.mkdirSync(paths.grades, { recursive: true });
  fs.writeFileSync(stateFile, `${JSON.stringify({ ...seen, [exercise.id]: shown }, null, 2)}\n`);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

if (require.main === module) runCli(main);
