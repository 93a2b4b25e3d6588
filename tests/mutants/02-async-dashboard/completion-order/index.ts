// Mutant: collect results in the order they finish.
import type { GatherOptions, Source } from '../../../../solutions/02-async-dashboard';
export type { GatherOptions, Settled, Source } from '../../../../solutions/02-async-dashboard';
export { dashboardSettled } from '../../../../solutions/02-async-dashboard';

export async function dashboard<T>(sources: Record<string, Source<T>>): Promise<Record<string, T>> {
  const result: Record<string, T> = {};
  await Promise.all(Object.entries(sources).map(async ([name, source]) => (result[name] = await source())));
  return result;
}

export async function gather<T>(tasks: Array<() => Promise<T>>, _options: GatherOptions = {}): Promise<Array<T | unknown>> {
  const results: T[] = [];
  await Promise.all(tasks.map(async (task) => results.push(await task())));
  return results;
}
