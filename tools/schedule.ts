// Run grading jobs a few at a time. Jobs marked exclusive measure real time or
// CPU (speedup, latency), so they run alone: a neighbour would steal their core.
import os from 'node:os';

export interface Scheduled<T> {
  exclusive: boolean;
  run: () => Promise<T>;
}

export const defaultConcurrency = () => Math.max(1, Math.min(2, os.availableParallelism()));

/** Results come back in input order. */
export async function runScheduled<T>(jobs: Scheduled<T>[], concurrency = defaultConcurrency()): Promise<T[]> {
  const results = new Array<T>(jobs.length);
  const shared = jobs.map((job, i) => ({ job, i })).filter(({ job }) => !job.exclusive);
  const alone = jobs.map((job, i) => ({ job, i })).filter(({ job }) => job.exclusive);
  let next = 0;
  const lane = async () => {
    while (next < shared.length) {
      const { job, i } = shared[next++];
      results[i] = await job.run();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, shared.length) }, lane));
  for (const { job, i } of alone) results[i] = await job.run();
  return results;
}
