// Exercise 11: the same workload under three concurrency models. The reference solution.
import os from 'node:os';
import { benchmark, type CaseResult } from './benchmark';
import { runJob, type Workload } from './jobs';
import { JobPool } from './pool';

export type Model = 'sequential' | 'async' | 'pool';

export interface CompareOptions {
  runs?: number;
  warmup?: number;
  workers?: number;
}

export interface Comparison {
  workload: Workload;
  size: number;
  workers: number;
  results: CaseResult[];
  recommended: Model;
}

const MODELS: Model[] = ['sequential', 'async', 'pool'];

export async function compareModels(workload: Workload, size: number, options: CompareOptions = {}): Promise<Comparison> {
  if (workload !== 'io' && workload !== 'cpu') throw new RangeError(`compareModels: workload must be 'io' or 'cpu', got ${String(workload)}`);
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`compareModels: size must be a whole number >= 1, got ${String(size)}`);
  const { runs = 5, warmup = 1, workers = Math.min(os.availableParallelism(), 4) } = options;
  const jobs = Array.from({ length: size }, (_, i) => i);
  const pool = await JobPool.start(workers);
  try {
    const results = await benchmark(
      {
        sequential: async () => {
          for (const _ of jobs) await runJob(workload);
        },
        async: () => Promise.all(jobs.map(async () => runJob(workload))),
        pool: () => Promise.all(jobs.map(() => pool.run(workload))),
      },
      { runs, warmup },
    );
    // Lowest median wins; on a tie, the simpler model (earlier in MODELS).
    const best = results.reduce((a, b) => (b.medianMs < a.medianMs ? b : a));
    return { workload, size, workers, results, recommended: MODELS.find((m) => m === best.name)! };
  } finally {
    await pool.close();
  }
}
