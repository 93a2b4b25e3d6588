// Mutant pool: when a worker dies, every pending task fails and the pool
// refuses all later work. With a worker that does not catch task errors
// (worker.ts here), the first failing task takes the whole pool down.
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface PoolOptions {
  workers?: number;
  runtime?: 'thread' | 'process';
  tasks?: string;
}

export const BOOTSTRAP = path.join(__dirname, 'ts-worker.js');
export const WORKER_FILE = path.join(__dirname, 'worker.ts');

type Pending = { resolve(v: unknown): void; reject(e: Error): void };

export class WorkerPool {
  private readonly workers: Array<Worker | ChildProcess> = [];
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  private dead: Error | undefined;

  constructor(options: PoolOptions = {}) {
    const { workers = os.availableParallelism(), runtime = 'thread', tasks = path.join(__dirname, 'tasks.ts') } = options;
    for (let i = 0; i < workers; i++) {
      const argv = [WORKER_FILE, path.resolve(tasks)];
      const w = runtime === 'process' ? fork(BOOTSTRAP, argv, { serialization: 'advanced' }) : new Worker(BOOTSTRAP, { argv });
      w.on('message', (reply: { id: number; value: unknown }) => {
        this.pending.get(reply.id)?.resolve(reply.value);
        this.pending.delete(reply.id);
      });
      w.on('error', (error: Error) => this.die(error));
      this.workers.push(w);
    }
  }

  private die(error: Error): void {
    this.dead = new Error(`a worker died: ${error.message}`);
    for (const p of this.pending.values()) p.reject(this.dead);
    this.pending.clear();
  }

  run<T = unknown>(fnName: string, ...args: unknown[]): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.next++;
    const w = this.workers[id % this.workers.length];
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      if (w instanceof Worker) w.postMessage({ id, fn: fnName, args });
      else w.send({ id, fn: fnName, args });
    });
  }

  map<T = unknown>(fnName: string, inputs: Iterable<unknown>): Promise<T[]> {
    return Promise.all([...inputs].map((input) => this.run<T>(fnName, input)));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => (w instanceof Worker ? w.terminate() : w.kill())));
  }
}
