// Exercise 04: a pool of workers (concurrent.futures.ProcessPoolExecutor for Node).
// Workers start once and are reused: each costs ~0.1 s or more to start.
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Reply, Request } from './worker';

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
/** The file each worker runs. */
export const WORKER_FILE = path.join(__dirname, 'worker.ts');

/** One worker, thread or process, behind the same two operations. */
interface Handle {
  send(request: Request): void;
  stop(): Promise<void>;
}

interface Events {
  reply(reply: Reply): void;
  died(why: Error): void;
}

function startThread(tasks: string, on: Events): Handle {
  const worker = new Worker(BOOTSTRAP, { argv: [WORKER_FILE, tasks] });
  worker.on('message', on.reply);
  worker.on('error', on.died);
  worker.on('exit', (code) => on.died(new Error(`worker thread exited with code ${code}`)));
  return {
    send: (request) => worker.postMessage(request),
    stop: async () => void (await worker.terminate()),
  };
}

function startProcess(tasks: string, on: Events): Handle {
  // 'advanced' serialization: structured clone, like postMessage (Maps, typed arrays, BigInt).
  const child = fork(BOOTSTRAP, [WORKER_FILE, tasks], { serialization: 'advanced', execArgv: [] });
  // 'close', not 'exit': only then has Node released the process handle and its IPC pipe.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.on('message', (reply) => on.reply(reply as Reply));
  child.on('error', on.died);
  child.on('exit', (code, signal) => on.died(new Error(`worker process exited with ${signal ?? `code ${code}`}`)));
  return {
    send: (request) => child.send(request),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      await exited;
    },
  };
}

interface Job {
  request: Request;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  handle: Handle;
  job?: Job;
}

/** How a call reads in messages: heavy(-3), echo("a", {"b":1}). */
function describeCall({ fn, args }: Request): string {
  const show = (a: unknown) => (typeof a === 'number' || a === undefined ? String(a) : (JSON.stringify(a) ?? String(a)));
  return `${fn}(${args.map(show).join(', ')})`;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;
  private stopping = false;
  private broken: Error | undefined;
  private drained: Array<() => void> = [];

  constructor(options: PoolOptions = {}) {
    const { workers = os.availableParallelism(), runtime = 'thread', tasks = path.join(__dirname, 'tasks.ts') } = options;
    if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a whole number >= 1, got ${workers}`);
    const start = runtime === 'process' ? startProcess : startThread;
    for (let i = 0; i < workers; i++) {
      const slot: Slot = {} as Slot;
      slot.handle = start(path.resolve(tasks), { reply: (r) => this.settle(slot, r), died: (why) => this.died(why) });
      this.slots.push(slot);
    }
  }

  /** Run tasks[fnName](...args) on a free worker; resolves with its return value. */
  run<T = unknown>(fnName: string, ...args: unknown[]): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`the pool is closed: cannot run ${fnName}()`));
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, fn: fnName, args }, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Executor.map: one task per input, all at once; results in INPUT order. */
  map<T = unknown>(fnName: string, inputs: Iterable<unknown>): Promise<T[]> {
    // Promise.all keeps each result at its input's index, whatever finishes first.
    return Promise.all(Array.from(inputs, (input) => this.run<T>(fnName, input)));
  }

  /** shutdown(wait=True): accept no more tasks, let queued ones finish, then end every worker. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.pending() > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    this.stopping = true;
    await Promise.all(this.slots.map((slot) => slot.handle.stop()));
  }

  private pending(): number {
    return this.queue.length + this.slots.filter((s) => s.job).length;
  }

  /** Give queued jobs to idle workers, one job per worker at a time. */
  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      slot.job = this.queue.shift();
      slot.handle.send(slot.job!.request);
    }
    if (this.pending() === 0) this.drained.splice(0).forEach((resolve) => resolve());
  }

  private settle(slot: Slot, reply: Reply): void {
    const job = slot.job;
    slot.job = undefined;
    if (!job || job.request.id !== reply.id) return;
    if ('error' in reply) {
      // Only THIS task fails; the worker caught the error and is ready for more.
      const error = new Error(`${describeCall(job.request)} failed in a worker: ${reply.error.name}: ${reply.error.message}`);
      error.name = reply.error.name;
      job.reject(error);
    } else {
      job.resolve(reply.value);
    }
    this.dispatch();
  }

  /**
   * A worker died (it could not load the task module, or a task called
   * process.exit). Like Python's BrokenProcessPool: fail everything pending,
   * refuse new work, and say why. Restarting could loop forever on a module
   * that throws at load.
   */
  private died(why: Error): void {
    if (this.stopping || this.broken) return;
    this.broken = new Error(`the pool is broken: a worker died (${why.message})`);
    const jobs = [...this.slots.flatMap((s) => (s.job ? [s.job] : [])), ...this.queue.splice(0)];
    this.slots.forEach((s) => (s.job = undefined));
    jobs.forEach((job) => job.reject(this.broken!));
    this.dispatch();
  }
}
