// Mutant: "settled" in name only.
import type { Settled, Source } from '../../../../solutions/02-async-dashboard';
export type { GatherOptions, Settled, Source } from '../../../../solutions/02-async-dashboard';
export { dashboard, gather } from '../../../../solutions/02-async-dashboard';

export async function dashboardSettled<T>(sources: Record<string, Source<T>>): Promise<Record<string, Settled<T>>> {
  const names = Object.keys(sources);
  const values = await Promise.all(names.map((name) => sources[name]()));
  return Object.fromEntries(names.map((name, i) => [name, { status: 'fulfilled' as const, value: values[i] }]));
}
