// Exercise 11: the same workload under three concurrency models.
import os from 'node:os';
import { benchmark, type CaseResult } from './benchmark';
import { runJob, type Workload } from './jobs';
import { JobPool } from './pool';

export type Model = 'sequential' | 'async' | 'pool';

export interface CompareOptions {
  /** Passed to benchmark() (default 5). */
  runs?: number;
  /** Passed to benchmark() (default 1). */
  warmup?: number;
  /** Worker threads in the pool (default min(os.availableParallelism(), 4)). */
  workers?: number;
}

export interface Comparison {
  workload: Workload;
  size: number;
  workers: number;
  /** benchmark()'s results for the cases 'sequential', 'async', 'pool', in that order. */
  results: CaseResult[];
  /** The model with the lowest medianMs; on a tie, the first in the order sequential, async, pool. */
  recommended: Model;
}

function todo(name: string): never {
  const error = new Error(`${name} in 11-benchmark/models.ts`);
  error.name = 'NotImplemented';
  throw error;
}

/**
 * Run `size` jobs of `workload` (jobs.ts: runJob) under three models, timed
 * together by ONE benchmark() call with the cases, in this key order:
 * - 'sequential': one job after another, each awaited before the next starts;
 * - 'async': every job started at once on the main thread, then awaited
 *   together (Promise.all);
 * - 'pool': every job handed at once to a JobPool (pool.ts) of `workers`
 *   threads (pool.run(workload)), then awaited together.
 * Start the pool BEFORE benchmarking (starting threads is not the work being
 * measured) and close it afterwards, also when something fails.
 * Resolves with the Comparison, `recommended` included.
 */
export async function compareModels(workload: Workload, size: number, options: CompareOptions = {}): Promise<Comparison> {
  void [workload, size, options, os, benchmark, runJob, JobPool];
  return todo('compareModels()');
}
