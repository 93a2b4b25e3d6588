// Mutant: the pool ignores `workers` and always starts a single worker, so
// every task waits in line for it.
import { WorkerPool as Solution, type PoolOptions } from '../../../../solutions/04-cpu-parallel/pool';
export { BOOTSTRAP, WORKER_FILE, type PoolOptions } from '../../../../solutions/04-cpu-parallel/pool';

export class WorkerPool extends Solution {
  constructor(options: PoolOptions = {}) {
    super({ ...options, workers: 1 });
  }
}
