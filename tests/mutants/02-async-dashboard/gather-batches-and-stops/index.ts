// Mutant: a failure "cancels" the tasks that had not started yet.
import type { GatherOptions } from '../../../../solutions/02-async-dashboard';
export type { GatherOptions, Settled, Source } from '../../../../solutions/02-async-dashboard';
export { dashboard, dashboardSettled } from '../../../../solutions/02-async-dashboard';

export async function gather<T>(tasks: Array<() => Promise<T>>, options: GatherOptions = {}): Promise<Array<T | unknown>> {
  const results: Array<T | unknown> = [];
  for (let i = 0; i < tasks.length; i += 2) {
    const batch = tasks.slice(i, i + 2).map((task) => task());
    const settled = await Promise.allSettled(batch);
    for (const s of settled) {
      if (s.status === 'rejected' && !options.returnExceptions) throw s.reason;
      results.push(s.status === 'fulfilled' ? s.value : s.reason);
    }
  }
  return results;
}
