// Failure messages that teach. A check fails by throwing a CheckFailure whose
// message says what was observed, what was expected and the likely mistake.
// Anything else the learner's code throws is translated by `explain` so the
// score table never shows a raw stack trace.
import { renderTimeline, Timeline, type TimelineRecord } from './timeline';
import { isErrorLike, isNotImplemented } from './wire-error';

/** The error a check throws to fail with a message written for the learner. */
export class CheckFailure extends Error {
  /**
   * The tasks' timeline when the check failed, as a structured record: the
   * message draws it in ASCII, the check reporter copies it into the check's
   * result and grades/report.html draws it as SVG.
   */
  timeline?: TimelineRecord;

  constructor(message: string, timeline?: TimelineRecord) {
    super(message);
    this.name = 'CheckFailure';
    if (timeline) this.timeline = timeline;
  }
}

/**
 * Fail the current check: observed, expected, and the likely mistake. The
 * picture is a text, or a Timeline: then the failure carries its record, drawn
 * in the message (ASCII) and in the HTML report (SVG).
 */
export function fail(observed: string, expected: string, hint?: string, picture?: string | Timeline): never {
  const lines = [`${observed}, but ${expected}.`];
  if (hint) lines.push(hint);
  if (picture instanceof Timeline) {
    const record = picture.record();
    lines.push('', renderTimeline(record));
    throw new CheckFailure(lines.join('\n'), record);
  }
  if (picture) lines.push('', picture);
  throw new CheckFailure(lines.join('\n'));
}

/** Like `assert`, with a teaching message instead of a diff. */
export function ensure(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new CheckFailure(typeof message === 'function' ? message() : message);
}

// Errors are judged by shape (isErrorLike, wire-error.ts): Node's DOMException
// (an abort reason) and errors from worker threads come from outside jest's
// sandbox, so they are not `instanceof Error` here.

/** An exact rendering for COMPARING values; errors compare by name and message. */
export function exact(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (isErrorLike(v) ? `${v.name}: ${v.message}` : v)) ?? String(value);
}

/** An error or abort reason for a message. */
/** "1 attempt", "2 attempts"; "1 retry", "0 retries" with the plural given. */
export const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

export const showReason = (reason: unknown): string => (isErrorLike(reason) ? `${reason.name}: ${reason.message}` : show(reason));

/** Plain data: an object literal's kind (rendered key by key), not a class instance with its own toJSON. */
const isPlainObject = (value: object) => [Object.prototype, null].includes(Object.getPrototypeOf(value));

/**
 * JSON-ish, but `undefined`, NaN and Infinity stay themselves (inside arrays and
 * objects too: JSON would say null, or drop the key, and mislead the learner)
 * and functions are named. Anything else renders as `exact` does.
 */
function render(value: unknown, seen: Set<object>, nested: boolean): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value); // NaN, Infinity: JSON says null
  if (isErrorLike(value)) return nested ? JSON.stringify(`${value.name}: ${value.message}`) : `${value.name}: ${value.message}`;
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  if (typeof value === 'object' && value !== null && (Array.isArray(value) || isPlainObject(value))) {
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    const text = Array.isArray(value)
      ? `[${Array.from(value, (item) => render(item, seen, true)).join(',')}]`
      : `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${render(v, seen, true)}`).join(',')}}`;
    seen.delete(value);
    return text;
  }
  try {
    return exact(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * A short rendering of a value for MESSAGES (JSON-ish, cut at 200 chars).
 * Never compare with it: the cut hides differences. Compare with `exact`.
 */
export function show(value: unknown): string {
  const text = render(value, new Set(), false);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** The first stack line that points into the learner's files, if any. */
function learnerLocation(error: Error): string | undefined {
  const dir = process.env.KIT_EXERCISE_DIR;
  const frames = (error.stack ?? '').split('\n').filter((l) => l.trim().startsWith('at '));
  const mine = frames.find((l) => (dir ? l.includes(dir) : !l.includes('node_modules') && !l.includes('/graders/')));
  const match = mine?.match(/\(?([^()\s]+:\d+):\d+\)?$/);
  if (!match) return undefined;
  const file = match[1];
  return dir && file.startsWith(dir) ? file.slice(dir.length + 1) : file;
}

/** Turn whatever a check body threw into a CheckFailure with a message for the learner. */
export function explain(error: unknown): CheckFailure {
  if (error instanceof CheckFailure) return error;
  // Errors from worker threads or Node internals come from another realm: judge them by shape.
  if (isNotImplemented(error)) {
    return new CheckFailure(`Not implemented yet: ${error.message}. Replace the TODO body with your code.`);
  }
  if (isErrorLike(error)) {
    const where = learnerLocation(error as Error);
    return new CheckFailure(
      `Your code threw ${error.name}: ${error.message}${where ? ` (at ${where})` : ''}. ` +
        'The check expected it to run without throwing here.',
    );
  }
  return new CheckFailure(`Your code threw a non-Error value: ${show(error)}. Throw Error objects so callers get a stack.`);
}
