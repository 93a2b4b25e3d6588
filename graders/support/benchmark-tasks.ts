// The kit's copy of exercise 11's cpu job (jobs.ts's cpuJob, written the same
// way), as a task module for ReferencePool and as a plain function for jest's
// own thread. 11's grader measures "main thread vs pool" with it, the same
// comparison the learner's compareModels makes, so anything that makes one
// side slower on this machine (a JIT tier, a busy core) hits the kit's
// yardstick as it hits the learner.

// A local binding, as in jobs.ts: under jest's sandbox each lookup of the
// global `Math` costs far more than the square root.
const sqrt = Math.sqrt;

/** Sum of Math.sqrt(i) for 0 ≤ i < n: pure computation, no allocation. */
export function cpuJob(n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sqrt(i);
  return sum;
}

/** This module, as a task module for ReferencePool.start. */
export const BENCHMARK_TASKS = __filename;
