// Mutant: run() resolves with the worker's whole reply ({ id, value }) instead
// of the value inside it.
import { WorkerPool as Solution } from '../../../../solutions/04-cpu-parallel/pool';
export { BOOTSTRAP, WORKER_FILE, type PoolOptions } from '../../../../solutions/04-cpu-parallel/pool';

let nextId = 0;

export class WorkerPool extends Solution {
  run<T = unknown>(fnName: string, ...args: unknown[]): Promise<T> {
    const id = nextId++;
    return super.run(fnName, ...args).then((value) => ({ id, value }) as T);
  }
}
