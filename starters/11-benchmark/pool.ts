// GIVEN: you do not need to change this file (exercise 04 is where a pool is
// built). A tiny pool of worker threads, each running jobs.ts's runJob, one job
// at a time per worker. Use it for compareModels()'s 'pool' model:
//   const pool = await JobPool.start(workers);   // every worker is up
//   try { await pool.run('cpu'); } finally { await pool.close(); }
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Workload } from './jobs';

/** Each worker runs this plain-JavaScript file (the same jobs as jobs.ts). */
const WORKER_FILE = path.join(__dirname, 'pool-worker.js');

type Reply = { id: number; value: number } | { id: number; error: string };
type Pending = { workload: Workload; resolve: (value: number) => void; reject: (error: Error) => void };

export class JobPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Array<Pending & { id: number }> = [];
  private readonly waiting = new Map<number, Pending & { worker: Worker }>();
  private nextId = 0;
  private closed = false;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (reply: Reply) => this.answer(worker, reply));
      worker.on('error', (error) => this.failAll(error));
      this.idle.push(worker);
    }
  }

  /** Start `size` worker threads (a whole number ≥ 1); resolves once every one is ready. */
  static async start(size: number): Promise<JobPool> {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`JobPool.start: size must be a whole number >= 1, got ${size}`);
    const workers = Array.from({ length: size }, () => new Worker(WORKER_FILE));
    try {
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              worker.once('message', () => resolve());
              worker.once('error', reject);
              worker.once('exit', (code) => reject(new Error(`pool worker exited with code ${code} while starting`)));
            }),
        ),
      );
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    }
    for (const worker of workers) for (const event of ['message', 'error', 'exit']) worker.removeAllListeners(event);
    return new JobPool(workers);
  }

  /** Number of worker threads. */
  get size(): number {
    return this.workers.length;
  }

  /** Run one job of `workload` on a free worker (queued while all are busy); resolves with its value. */
  run(workload: Workload): Promise<number> {
    if (this.closed) return Promise.reject(new Error('JobPool.run after close()'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, workload, resolve, reject });
      this.dispatch();
    });
  }

  /** Stop every worker; jobs still waiting reject. */
  async close(): Promise<void> {
    this.closed = true;
    this.failAll(new Error('JobPool closed'));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.waiting.set(job.id, { ...job, worker });
      worker.postMessage({ id: job.id, workload: job.workload });
    }
  }

  private answer(worker: Worker, reply: Reply): void {
    const job = this.waiting.get(reply.id);
    if (!job) return;
    this.waiting.delete(reply.id);
    this.idle.push(worker);
    if ('error' in reply) job.reject(new Error(`${job.workload} job failed in a worker: ${reply.error}`));
    else job.resolve(reply.value);
    this.dispatch();
  }

  private failAll(error: Error): void {
    for (const job of [...this.queue, ...this.waiting.values()]) job.reject(error);
    this.queue.length = 0;
    this.waiting.clear();
  }
}
