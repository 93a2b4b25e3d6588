// GIVEN: you do not need to change this file.
// The two workloads compareModels() measures, one job each. The same code runs
// on the main thread (sequential, async) and in the pool's workers (pool).

/** 'io': a job that only waits (like a network call); 'cpu': a job that only computes. */
export type Workload = 'io' | 'cpu';

/** An 'io' job waits this long on a timer, and uses no CPU meanwhile. */
export const IO_JOB_MS = 20;

/** A 'cpu' job sums Math.sqrt(i) for 0 ≤ i < CPU_JOB_N: about 50-100 ms of pure computation, enough that starting a job on a worker costs little beside it. */
export const CPU_JOB_N = 20_000_000;

/** One 'io' job: resolves after IO_JOB_MS. */
export function ioJob(): Promise<number> {
  return new Promise((resolve) => setTimeout(() => resolve(IO_JOB_MS), IO_JOB_MS));
}

// A local binding: under a test runner's sandbox every lookup of the global
// `Math` can cost far more than the square root itself.
const sqrt = Math.sqrt;

/** One 'cpu' job: blocks its thread until done, and returns the sum. */
export function cpuJob(): number {
  let sum = 0;
  for (let i = 0; i < CPU_JOB_N; i++) sum += sqrt(i);
  return sum;
}

/** One job of `workload`, on the calling thread. */
export function runJob(workload: Workload): Promise<number> | number {
  return workload === 'io' ? ioJob() : cpuJob();
}
