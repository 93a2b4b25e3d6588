// Mutant: the "pool" loads the task module into the parent and calls the
// functions itself, behind an await. It looks asynchronous, but every task
// runs on the main thread, one after another, in the parent's memory.
import path from 'node:path';

export interface PoolOptions {
  workers?: number;
  runtime?: 'thread' | 'process';
  tasks?: string;
}

export const BOOTSTRAP = path.join(__dirname, 'ts-worker.js');
export const WORKER_FILE = path.join(__dirname, 'worker.ts');

export class WorkerPool {
  private readonly tasks: Record<string, (...args: unknown[]) => unknown>;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.tasks = require(path.resolve(options.tasks ?? path.join(__dirname, 'tasks.ts')));
  }

  async run<T = unknown>(fnName: string, ...args: unknown[]): Promise<T> {
    if (this.closed) throw new Error('the pool is closed');
    await null;
    try {
      return this.tasks[fnName](...args) as T;
    } catch (error) {
      throw new Error(`${fnName}(${args.join(', ')}) failed: ${(error as Error).message}`, { cause: error });
    }
  }

  map<T = unknown>(fnName: string, inputs: Iterable<unknown>): Promise<T[]> {
    return Promise.all([...inputs].map((input) => this.run<T>(fnName, input)));
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
