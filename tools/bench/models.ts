// The models × workloads table of `npm run bench:models`: the same batch of
// tasks run sequentially, with async overlap (Promise.all), on the 04
// WorkerPool's worker threads, and on its child processes.
import os from 'node:os';
import path from 'node:path';
import { WorkerPool } from '../../solutions/04-cpu-parallel';
import type { Case } from './stats';

/** The one task module every model runs (plain JS: see tasks.js). */
export const TASKS = path.join(__dirname, 'tasks.js');
const local: Record<string, (arg: unknown) => unknown> = require(TASKS);

export const MODELS = ['sequential', 'async overlap', 'worker threads', 'child processes'] as const;
export type Model = (typeof MODELS)[number];

export interface Workload {
  name: 'io-bound' | 'cpu-bound' | 'mixed';
  /** What one task does, in words (for the report). */
  description: string;
  fn: 'io' | 'cpu' | 'mixed';
  arg: unknown;
  tasks: number;
}

export interface Sizes {
  tasks: number;
  ioMs: number;
  cpuN: number;
}

export const FULL_SIZES: Sizes = { tasks: 8, ioMs: 20, cpuN: 6_000_000 };
export const QUICK_SIZES: Sizes = { tasks: 6, ioMs: 10, cpuN: 4_000_000 };

export function workloads({ tasks, ioMs, cpuN }: Sizes): Workload[] {
  const half = Math.round(cpuN / 2);
  return [
    { name: 'io-bound', description: `${tasks} tasks, each waits ${ioMs} ms (a timer, like a network call)`, fn: 'io', arg: ioMs, tasks },
    { name: 'cpu-bound', description: `${tasks} tasks, each sums Math.sqrt over ${cpuN.toLocaleString('en-US')} numbers`, fn: 'cpu', arg: cpuN, tasks },
    {
      name: 'mixed',
      description: `${tasks} tasks, each waits ${ioMs / 2} ms then sums Math.sqrt over ${half.toLocaleString('en-US')} numbers`,
      fn: 'mixed',
      arg: { ms: ioMs / 2, n: half },
      tasks,
    },
  ];
}

/** How many workers each pool gets: one per core, no more than there are tasks. */
export const poolSize = (tasks: number) => Math.max(1, Math.min(os.availableParallelism(), tasks));

export interface Pools {
  threads: WorkerPool;
  processes: WorkerPool;
  close(): Promise<void>;
}

/**
 * Both pools start before anything is timed and serve every round: a pool is
 * started once and reused, so its start-up cost (~0.1 s a worker) is not what
 * the table compares. A first task on each worker makes sure they are all up.
 */
export async function startPools(workers: number): Promise<Pools> {
  const threads = new WorkerPool({ workers, runtime: 'thread', tasks: TASKS });
  const processes = new WorkerPool({ workers, runtime: 'process', tasks: TASKS });
  await Promise.all([threads.map('noop', Array.from({ length: workers * 2 }, (_, i) => i)), processes.map('noop', Array.from({ length: workers * 2 }, (_, i) => i))]);
  return { threads, processes, close: async () => void (await Promise.all([threads.close(), processes.close()])) };
}

/** The cases of one workload, one per model, named "workload / model". */
export function modelCases(workload: Workload, pools: Pools): Case[] {
  const args = Array.from({ length: workload.tasks }, () => workload.arg);
  const fn = local[workload.fn];
  const run: Record<Model, () => Promise<unknown>> = {
    sequential: async () => {
      for (const arg of args) await fn(arg);
    },
    'async overlap': () => Promise.all(args.map((arg) => fn(arg))),
    'worker threads': () => pools.threads.map(workload.fn, args),
    'child processes': () => pools.processes.map(workload.fn, args),
  };
  return MODELS.map((model) => ({ name: `${workload.name} / ${model}`, run: run[model] }));
}
