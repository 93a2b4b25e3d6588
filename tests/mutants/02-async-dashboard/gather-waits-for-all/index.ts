// Mutant: gather hears of a failure only after the slowest task is done.
import type { GatherOptions } from '../../../../solutions/02-async-dashboard';
export type { GatherOptions, Settled, Source } from '../../../../solutions/02-async-dashboard';
export { dashboard, dashboardSettled } from '../../../../solutions/02-async-dashboard';

export async function gather<T>(tasks: Array<() => Promise<T>>, options: GatherOptions = {}): Promise<Array<T | unknown>> {
  const settled = await Promise.allSettled(tasks.map((task) => task()));
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure && !options.returnExceptions) throw (failure as PromiseRejectedResult).reason;
  return settled.map((s) => (s.status === 'fulfilled' ? s.value : s.reason));
}
