// Mutant: overlap is right, but failures are noticed in input order, late.
import type { GatherOptions } from '../../../../solutions/02-async-dashboard';
export type { GatherOptions, Settled, Source } from '../../../../solutions/02-async-dashboard';
export { dashboard, dashboardSettled } from '../../../../solutions/02-async-dashboard';

export async function gather<T>(tasks: Array<() => Promise<T>>, options: GatherOptions = {}): Promise<Array<T | unknown>> {
  // Handlers attached up front so a later failure is not an unhandled rejection.
  const running = tasks.map((task) => task().then((value) => ({ value }), (error: unknown) => ({ error })));
  const results: Array<T | unknown> = [];
  for (const promise of running) {
    const r = await promise;
    if ('error' in r && !options.returnExceptions) throw r.error;
    results.push('error' in r ? r.error : r.value);
  }
  return results;
}
