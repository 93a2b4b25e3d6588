// The exercise manifest (exercises.json), validated once so every tool can trust it.
import fs from 'node:fs';
import { errors, KitError } from './errors';
import { paths } from './kit';
import { isScanKind, type ScanKind } from './scan-rules';

export interface Exercise {
  id: string;
  slug: string;
  title: string;
  points: number;
  files: string[];
  timeoutSeconds: number;
  /** Measures real time or CPU: grade it with nothing else running. */
  exclusive: boolean;
  /** Checks that start child processes: under Node's permission model alone they get a run of their own. */
  childProcessChecks?: string[];
  /**
   * API kinds the forgery scan accepts in this exercise's files, by file name
   * ("*": every file), because the lesson needs them (e.g. 04's pool.ts forks processes).
   */
  allow?: Record<string, ScanKind[]>;
  /** How it is graded, in a few words ("fake clock, fast-check"): the exercise tables' last column (npm run sync). */
  gradedWith?: string;
  /**
   * Files handed to the learner complete ("GIVEN: you do not need to change
   * this file"), which the grade relies on: a submission whose copy differs
   * from the kit's is flagged (tools/given.ts).
   */
  given?: string[];
}

function validateAllow(allow: unknown, files: string[], where: string, bad: (problem: string) => KitError): Record<string, ScanKind[]> {
  if (allow === undefined) return {};
  if (typeof allow !== 'object' || allow === null || Array.isArray(allow)) throw bad(`${where}.allow must map file names to lists of API kinds`);
  for (const [file, kinds] of Object.entries(allow)) {
    if (file !== '*' && !files.includes(file)) throw bad(`${where}.allow names "${file}", which is not one of the exercise's files (or "*")`);
    if (!Array.isArray(kinds)) throw bad(`${where}.allow["${file}"] must be a list of API kinds`);
    const unknown = kinds.find((k) => !isScanKind(k));
    if (unknown !== undefined) throw bad(`${where}.allow["${file}"] names an unknown API kind "${String(unknown)}" (tools/scan-rules.ts lists them)`);
  }
  return allow as Record<string, ScanKind[]>;
}

function validate(raw: unknown, file: string): Exercise[] {
  const bad = (problem: string) => errors.manifestInvalid(file, problem);
  const list = (raw as { exercises?: unknown })?.exercises;
  if (!Array.isArray(list)) throw bad('expected { "exercises": [ ... ] }');
  const seen = new Set<string>();
  return list.map((e: Record<string, unknown>, i) => {
    const where = `exercises[${i}]`;
    if (typeof e?.id !== 'string' || !/^\d{2}$/.test(e.id)) throw bad(`${where}.id must be two digits like "02"`);
    if (typeof e.slug !== 'string' || !e.slug.startsWith(`${e.id}-`)) throw bad(`${where}.slug must start with "${e.id}-"`);
    if (typeof e.title !== 'string' || !e.title) throw bad(`${where}.title must be a non-empty string`);
    if (!Number.isInteger(e.points) || (e.points as number) <= 0) throw bad(`${where}.points must be a positive whole number`);
    if (!Array.isArray(e.files) || e.files.length === 0 || !e.files.every((f) => typeof f === 'string')) {
      throw bad(`${where}.files must list the learner's files`);
    }
    if (e.gradedWith !== undefined && (typeof e.gradedWith !== 'string' || !e.gradedWith.trim())) {
      throw bad(`${where}.gradedWith, when given, must be a non-empty string such as "fake clock, fast-check"`);
    }
    if (e.given !== undefined && (!Array.isArray(e.given) || !e.given.every((f) => typeof f === 'string' && (e.files as string[]).includes(f)))) {
      throw bad(`${where}.given, when given, must list some of the exercise's files (those handed out complete)`);
    }
    if (seen.has(e.id)) throw bad(`${where}.id "${e.id}" is used twice`);
    seen.add(e.id);
    return {
      id: e.id,
      slug: e.slug,
      title: e.title,
      points: e.points as number,
      files: e.files as string[],
      timeoutSeconds: typeof e.timeoutSeconds === 'number' ? e.timeoutSeconds : 60,
      exclusive: e.exclusive === true,
      ...(Array.isArray(e.childProcessChecks) ? { childProcessChecks: e.childProcessChecks.map(String) } : {}),
      allow: validateAllow(e.allow, e.files as string[], where, bad),
      ...(typeof e.gradedWith === 'string' ? { gradedWith: e.gradedWith } : {}),
      ...(Array.isArray(e.given) ? { given: e.given as string[] } : {}),
    };
  });
}

export function loadManifest(file = paths.manifest): Exercise[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw errors.manifestInvalid(file, `cannot be read as JSON (${(error as Error).message})`);
  }
  return validate(raw, file);
}

/**
 * exercises.json's text with `entry` added in id order. The file is edited, not
 * rewritten, so every other line keeps its hand-made layout; the result is
 * proved to parse to the old list plus the entry.
 */
export function withExercise(text: string, entry: Record<string, unknown>, file = paths.manifest): string {
  const list = (JSON.parse(text) as { exercises: Array<{ id: string }> }).exercises;
  const field = (key: string, value: unknown) =>
    `      ${JSON.stringify(key)}: ${Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(', ')}]` : JSON.stringify(value)}`;
  const block = `    {\n${Object.entries(entry).map(([k, v]) => field(k, v)).join(',\n')}\n    }`;
  const next = list.find((e) => e.id > String(entry.id));
  let edited: string;
  if (next) {
    const anchor = `    {\n      "id": ${JSON.stringify(next.id)}`;
    edited = text.includes(anchor) ? text.replace(anchor, () => `${block},\n${anchor}`) : text;
  } else {
    const close = /\n {4}\}\n {2}\]/;
    edited = close.test(text) ? text.replace(close, () => `\n    },\n${block}\n  ]`) : text;
  }
  const expected = [...list];
  expected.splice(next ? list.indexOf(next) : list.length, 0, entry as { id: string });
  let parsed: unknown;
  try {
    parsed = JSON.parse(edited);
  } catch {
    parsed = undefined;
  }
  if (edited === text || JSON.stringify((parsed as { exercises?: unknown })?.exercises) !== JSON.stringify(expected)) {
    throw errors.manifestInvalid(file, `cannot add exercise ${String(entry.id)} without rewriting the file: keep one entry per "{ ... }" block starting with its "id", 4 spaces in`);
  }
  return edited;
}

/** Pick exercises by id ("02"), number ("2") or slug (whole, or without its number). None named: all. */
export function selectExercises(all: Exercise[], wanted: string[]): Exercise[] {
  if (wanted.length === 0) return all;
  return wanted.map((w) => {
    const found = all.find(
      (e) => e.id === w || e.id === w.padStart(2, '0') || e.slug === w || e.slug.slice(3) === w,
    );
    if (!found) throw errors.unknownExercise(w, all.map((e) => e.slug));
    return found;
  });
}

export { KitError };
