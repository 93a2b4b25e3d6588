// fast-check wiring for graders. `holds` runs a property and, when it fails,
// turns fast-check's report into a teaching message that keeps the learner's
// own failure text, the shrunk counterexample, and a command that replays
// exactly that run (KIT_SEED / KIT_PATH are read back here).
import fc from 'fast-check';
import { CheckFailure, show } from './feedback';
import { isNotImplemented } from './wire-error';

const cut = (text: string) => (text.length > 400 ? `${text.slice(0, 397)}...` : text);

export { fc };

function replayParameters(): { seed?: number; path?: string } {
  const seed = process.env.KIT_SEED;
  if (seed === undefined || seed === '') return {};
  const parsed = Number(seed);
  if (!Number.isInteger(parsed)) throw new Error(`KIT_SEED must be a whole number, got "${seed}"`);
  return { seed: parsed, path: process.env.KIT_PATH || undefined };
}

function replayCommand(seed: number, path: string | null): string {
  const exercise = process.env.KIT_EXERCISE_ID ?? '<exercise>';
  return `KIT_SEED=${seed}${path ? ` KIT_PATH=${path}` : ''} npm test -- ${exercise}`;
}

/**
 * Check a property; on failure throw a CheckFailure that a learner can act on.
 * Errors that are not about the property (a function not implemented yet) pass
 * through untouched so `explain` can word them.
 */
export async function holds<Ts>(
  property: fc.IAsyncPropertyWithHooks<Ts> | fc.IPropertyWithHooks<Ts>,
  parameters: fc.Parameters<Ts> = {},
): Promise<void> {
  const details = await fc.check(property as fc.IAsyncProperty<Ts>, { numRuns: 50, ...parameters, ...replayParameters() });
  if (!details.failed) return;
  const error = details.errorInstance;
  if (isNotImplemented(error)) throw error;
  const reason = error instanceof CheckFailure ? error.message : `It threw ${show(error)}.`;
  throw new CheckFailure(
    [
      reason,
      '',
      `Smallest failing input: ${cut(fc.stringify(details.counterexample))}`,
      `Replay exactly this run: ${replayCommand(details.seed, details.counterexamplePath)}`,
    ].join('\n'),
    error instanceof CheckFailure ? error.timeline : undefined, // the smallest failing input's picture
  );
}

/** Positive whole-millisecond delays for fake tasks. */
export const delays = (options: { min?: number; max?: number } = {}) =>
  fc.integer({ min: options.min ?? 1, max: options.max ?? 5_000 });

/** Distinct source names such as `weather`, `q7`: valid object keys, never `__proto__`. */
export const names = (options: { minLength?: number; maxLength?: number } = {}) =>
  fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/), {
    minLength: options.minLength ?? 0,
    maxLength: options.maxLength ?? 6,
  });
