// Mutant: a second call is a second request.
import type { Source } from '../../../../solutions/02-async-dashboard';
export type { GatherOptions, Settled, Source } from '../../../../solutions/02-async-dashboard';
export { dashboardSettled, gather } from '../../../../solutions/02-async-dashboard';

export async function dashboard<T>(sources: Record<string, Source<T>>): Promise<Record<string, T>> {
  const names = Object.keys(sources);
  await Promise.all(names.map((name) => sources[name]()));
  const values = await Promise.all(names.map((name) => sources[name]()));
  return Object.fromEntries(names.map((name, i) => [name, values[i]]));
}
