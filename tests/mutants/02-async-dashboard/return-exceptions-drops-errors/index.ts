// Mutant: "return exceptions" read as "ignore exceptions".
import type { GatherOptions } from '../../../../solutions/02-async-dashboard';
export type { GatherOptions, Settled, Source } from '../../../../solutions/02-async-dashboard';
export { dashboard, dashboardSettled } from '../../../../solutions/02-async-dashboard';

export async function gather<T>(tasks: Array<() => Promise<T>>, options: GatherOptions = {}): Promise<Array<T | unknown>> {
  const running = tasks.map((task) => task());
  if (!options.returnExceptions) return Promise.all(running);
  return Promise.all(running.map((promise) => promise.catch(() => undefined)));
}
