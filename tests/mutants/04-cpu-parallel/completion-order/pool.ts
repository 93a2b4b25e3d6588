// Mutant: map pushes each result as it arrives, so a slow first input's result
// comes out last.
import { WorkerPool as Solution } from '../../../../solutions/04-cpu-parallel/pool';
export { BOOTSTRAP, WORKER_FILE, type PoolOptions } from '../../../../solutions/04-cpu-parallel/pool';

export class WorkerPool extends Solution {
  map<T = unknown>(fnName: string, inputs: Iterable<unknown>): Promise<T[]> {
    const all = [...inputs];
    const results: T[] = [];
    return new Promise<T[]>((resolve, reject) => {
      if (all.length === 0) resolve(results);
      for (const input of all) {
        this.run<T>(fnName, input).then((value) => {
          results.push(value);
          if (results.length === all.length) resolve(results);
        }, reject);
      }
    });
  }
}
