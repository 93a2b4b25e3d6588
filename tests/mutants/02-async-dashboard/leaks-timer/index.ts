// Mutant: a safety timeout that outlives the work.
import type { Source } from '../../../../solutions/02-async-dashboard';
export type { GatherOptions, Settled, Source } from '../../../../solutions/02-async-dashboard';
export { dashboardSettled, gather } from '../../../../solutions/02-async-dashboard';

export async function dashboard<T>(sources: Record<string, Source<T>>): Promise<Record<string, T>> {
  const names = Object.keys(sources);
  const watchdog = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('dashboard too slow')), 60_000));
  watchdog.catch(() => undefined);
  const values = await Promise.race([Promise.all(names.map((name) => sources[name]())), watchdog]);
  return Object.fromEntries(names.map((name, i) => [name, values[i]]));
}
