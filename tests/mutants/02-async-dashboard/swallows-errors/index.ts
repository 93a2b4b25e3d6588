// Mutant: errors are swallowed; the caller never learns a source failed.
import type { Source } from '../../../../solutions/02-async-dashboard';
export type { GatherOptions, Settled, Source } from '../../../../solutions/02-async-dashboard';
export { dashboardSettled, gather } from '../../../../solutions/02-async-dashboard';

export async function dashboard<T>(sources: Record<string, Source<T>>): Promise<Record<string, T>> {
  const names = Object.keys(sources);
  const values = await Promise.all(names.map((name) => sources[name]().catch(() => undefined)));
  return Object.fromEntries(names.flatMap((name, i) => (values[i] === undefined ? [] : [[name, values[i] as T]])));
}
