// Mutant: the classic mistake, awaiting inside the loop.
import type { Source } from '../../../../solutions/02-async-dashboard';
export type { GatherOptions, Settled, Source } from '../../../../solutions/02-async-dashboard';
export { dashboardSettled, gather } from '../../../../solutions/02-async-dashboard';

export async function dashboard<T>(sources: Record<string, Source<T>>): Promise<Record<string, T>> {
  const result: Record<string, T> = {};
  for (const [name, source] of Object.entries(sources)) result[name] = await source();
  return result;
}
