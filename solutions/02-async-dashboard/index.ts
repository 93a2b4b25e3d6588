// Exercise 02: async dashboard. Reference solution.

/** A data source: call it to start one request; it resolves with that source's data. */
export type Source<T> = () => Promise<T>;

/** How one source ended, in the shape of Promise.allSettled's entries. */
export type Settled<T> = { status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown };

export interface GatherOptions {
  /** Put each task's error in its slot of the result list instead of rejecting. */
  returnExceptions?: boolean;
}

/** Zip names with results; fromEntries keeps the names' order and defines own properties. */
function keyed<V>(names: string[], values: V[]): Record<string, V> {
  return Object.fromEntries(names.map((name, i) => [name, values[i]]));
}

export async function dashboard<T>(sources: Record<string, Source<T>>): Promise<Record<string, T>> {
  const names = Object.keys(sources);
  // map() calls every source before the first await: all requests are in flight together.
  const values = await Promise.all(names.map((name) => sources[name]()));
  return keyed(names, values);
}

export async function dashboardSettled<T>(sources: Record<string, Source<T>>): Promise<Record<string, Settled<T>>> {
  const names = Object.keys(sources);
  // A source that throws before returning a promise still counts as a rejection.
  const outcomes = await Promise.allSettled(names.map(async (name) => sources[name]()));
  return keyed(names, outcomes as Settled<T>[]);
}

export async function gather<T>(tasks: Array<() => Promise<T>>, options: GatherOptions = {}): Promise<Array<T | unknown>> {
  // The async wrapper turns a task that throws synchronously into a rejection: it fails like any other
  // task, and the loop goes on to start the later ones.
  const running = tasks.map(async (task) => task());
  if (!options.returnExceptions) {
    // Promise.all rejects on the first failure and still handles the later
    // rejections, so they never surface as unhandled.
    return Promise.all(running);
  }
  return Promise.all(running.map((promise) => promise.catch((error: unknown) => error)));
}
