// Exercise 02: async dashboard. Read README.md beside this file first.
// Fill in the three function bodies; keep their names and signatures.
// Check your work with:  npm test -- 02

/** A data source: call it to start one request; it resolves with that source's data. */
export type Source<T> = () => Promise<T>;

/** How one source ended, in the shape of Promise.allSettled's entries. */
export type Settled<T> = { status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown };

export interface GatherOptions {
  /** Put each task's error in its slot of the result list instead of rejecting. */
  returnExceptions?: boolean;
}

function todo(name: string): never {
  const error = new Error(`${name}() in 02-async-dashboard/index.ts`);
  error.name = 'NotImplemented';
  throw error;
}

/**
 * Load every source of the dashboard at once.
 * - Start ALL sources before waiting for any of them: the total time should be
 *   that of the slowest source, not the sum.
 * - Call each source exactly once. Resolve with one entry per source, under the
 *   source's name, in the same key order as `sources`, holding that source's
 *   value itself (0, '', false, null and undefined are values too).
 * - Reject with the first failure's reason itself, as soon as it happens (a
 *   source that throws synchronously when called fails at that instant).
 * - Leave no timer behind.
 */
export async function dashboard<T>(sources: Record<string, Source<T>>): Promise<Record<string, T>> {
  // TODO: start every source, then wait for all of them together.
  return todo('dashboard');
}

/**
 * Like `dashboard`, but never rejects: each key maps to exactly
 * `{ status: 'fulfilled', value }` or `{ status: 'rejected', reason }`, holding
 * the value or reason itself. A source that throws synchronously counts as its
 * rejection; every other source is still called.
 */
export async function dashboardSettled<T>(sources: Record<string, Source<T>>): Promise<Record<string, Settled<T>>> {
  // TODO: like dashboard, but record every outcome instead of failing fast.
  return todo('dashboardSettled');
}

/**
 * asyncio.gather for Node. Start every task at once; results come in INPUT
 * order, whatever order the tasks finish in.
 * - Without `returnExceptions`: reject with the first failure's reason itself, as
 *   soon as it happens. The other tasks keep running (JavaScript cannot stop a
 *   promise), and their later failures must not go unhandled.
 * - With `returnExceptions: true`: never reject; a failed task's slot holds its
 *   reason itself.
 * - Either way, a task that throws synchronously fails like one that rejects,
 *   and the tasks after it are still called.
 */
export async function gather<T>(tasks: Array<() => Promise<T>>, options: GatherOptions = {}): Promise<Array<T | unknown>> {
  // TODO: start all tasks, then combine them according to options.returnExceptions.
  return todo('gather');
}
