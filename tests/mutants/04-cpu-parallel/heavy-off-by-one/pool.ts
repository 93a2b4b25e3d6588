// The solution's pool, defaulting to THIS folder's tasks.ts (as a learner's pool would).
import path from 'node:path';
import { WorkerPool as Solution, type PoolOptions } from '../../../../solutions/04-cpu-parallel/pool';
export { BOOTSTRAP, WORKER_FILE, type PoolOptions } from '../../../../solutions/04-cpu-parallel/pool';

export class WorkerPool extends Solution {
  constructor(options: PoolOptions = {}) {
    super({ tasks: path.join(__dirname, 'tasks.ts'), ...options });
  }
}
