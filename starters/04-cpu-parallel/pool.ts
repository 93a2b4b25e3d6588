// Exercise 04: a pool of workers (concurrent.futures.ProcessPoolExecutor for Node).
// Read README.md beside this file first.
// Start the workers once and reuse them: each costs ~0.1 s or more to start.
import path from 'node:path';

export interface PoolOptions {
  /** How many workers to start. Default: one per core (os.availableParallelism()). */
  workers?: number;
  /** 'thread' (worker_threads, the default) or 'process' (child processes). */
  runtime?: 'thread' | 'process';
  /** The task module whose exported functions `run` calls. Default: tasks.ts beside this file. */
  tasks?: string;
}

/** Given: start every worker through this bootstrap, which teaches it TypeScript. */
export const BOOTSTRAP = path.join(__dirname, 'ts-worker.js');
/** The file each worker runs (you write it). */
export const WORKER_FILE = path.join(__dirname, 'worker.ts');

function todo(name: string): never {
  const error = new Error(`${name} in 04-cpu-parallel/pool.ts`);
  error.name = 'NotImplemented';
  throw error;
}

export class WorkerPool {
  /**
   * Start `workers` workers (threads by default), each running WORKER_FILE with
   * the task module's path: new Worker(BOOTSTRAP, { argv: [WORKER_FILE, tasks] })
   * or fork(BOOTSTRAP, [WORKER_FILE, tasks]).
   */
  constructor(options: PoolOptions = {}) {
    // TODO: read the options (with their defaults) and start the workers.
    todo('new WorkerPool()');
  }

  /**
   * Run tasks[fnName](...args) on a free worker (queue it while all are busy).
   * Resolves with the task's return value. If the task throws, reject with an
   * Error whose message names the call, e.g. "heavy(-3) failed: RangeError: ...";
   * only this promise fails, and the pool keeps working.
   * After close(), reject at once.
   */
  run<T = unknown>(fnName: string, ...args: unknown[]): Promise<T> {
    // TODO: give each request an id, send it to an idle worker, settle on the matching reply.
    return todo('run()');
  }

  /** Executor.map: one task per input, all at once; results in INPUT order. Rejects if any task fails. */
  map<T = unknown>(fnName: string, inputs: Iterable<unknown>): Promise<T[]> {
    // TODO
    return todo('map()');
  }

  /** shutdown(wait=True): accept no more tasks, let queued ones finish, then end every worker. */
  close(): Promise<void> {
    // TODO: terminate every worker (or kill every child process) and wait until they have exited.
    return todo('close()');
  }
}
