// Mutant: close() only marks the pool closed; the workers keep running.
import { WorkerPool as Solution } from '../../../../solutions/04-cpu-parallel/pool';
export { BOOTSTRAP, WORKER_FILE, type PoolOptions } from '../../../../solutions/04-cpu-parallel/pool';

export class WorkerPool extends Solution {
  private shut = false;

  run<T = unknown>(fnName: string, ...args: unknown[]): Promise<T> {
    if (this.shut) return Promise.reject(new Error('the pool is closed'));
    return super.run<T>(fnName, ...args);
  }

  async close(): Promise<void> {
    this.shut = true;
  }
}
