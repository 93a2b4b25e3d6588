// Grader-side plumbing for checks that run the learner's code in real worker
// threads sharing memory (locks, counters). Learner code in a worker may throw,
// block forever in Atomics.wait, or spin: everything here is bounded by a
// deadline, and every worker started through `Crew` is terminated by the check
// that started it (and by `afterAll`, see `Crew.terminateAll`), so a stuck
// thread costs one failing check, never a hung grading run.
//
// Worker-side counterpart: shared-memory-worker.ts (a helper thread loads the
// learner's module and posts what the learner's code threw as data).
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { startTsWorker } from './threads';
import { errorToWire, type WireError } from './wire-error';

/**
 * What a helper worker posts when the learner's code threw (Errors do not cross
 * threads intact). The grader rebuilds it with `errorFromWire`, so `explain`
 * words it (NotImplemented, location).
 */
export interface ThrewMessage extends WireError {
  kind: 'threw';
}

export type Received<T> = { kind: 'message'; message: T } | { kind: 'timeout' } | { kind: 'exit'; code: number };

/**
 * Every message a worker posts, buffered from the moment it starts, so none is
 * lost between two `next` calls. An uncaught error in the worker arrives as a
 * `threw` message; the worker's exit ends the stream.
 */
export class Inbox<T> {
  private readonly queue: Array<Received<T | ThrewMessage>> = [];
  private waiting: ((r: Received<T | ThrewMessage>) => void) | null = null;

  constructor(worker: Worker) {
    worker.on('message', (message: T) => this.push({ kind: 'message', message }));
    worker.on('error', (e: unknown) => this.push({ kind: 'message', message: { kind: 'threw', ...errorToWire(e) } }));
    worker.on('exit', (code: number) => this.push({ kind: 'exit', code }));
  }

  private push(r: Received<T | ThrewMessage>): void {
    if (this.waiting) {
      const deliver = this.waiting;
      this.waiting = null;
      deliver(r);
    } else this.queue.push(r);
  }

  /** Take every message that has already arrived, without waiting (never the sticky `exit`). */
  drain(): Array<T | ThrewMessage> {
    const taken: Array<T | ThrewMessage> = [];
    while (this.queue.length > 0 && this.queue[0].kind === 'message') {
      taken.push((this.queue.shift() as { kind: 'message'; message: T | ThrewMessage }).message);
    }
    return taken;
  }

  /** The next message, or `timeout` after `ms` of real time, or `exit` once the worker is gone. */
  next(ms: number): Promise<Received<T | ThrewMessage>> {
    const queued = this.queue.shift();
    if (queued) {
      // Keep `exit` sticky: every later call learns the worker is gone.
      if (queued.kind === 'exit') this.queue.unshift(queued);
      return Promise.resolve(queued);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        resolve({ kind: 'timeout' });
      }, ms);
      this.waiting = (r) => {
        clearTimeout(timer);
        if (r.kind === 'exit') this.queue.unshift(r);
        resolve(r);
      };
    });
  }
}

export interface CrewMember<T> {
  worker: Worker;
  inbox: Inbox<T>;
}

/** The worker threads of one check. `dismiss()` in a finally; `Crew.terminateAll()` in afterAll. */
export class Crew {
  private static readonly everyone = new Set<Worker>();
  private readonly members = new Set<Worker>();

  /** Start a helper worker (a TypeScript file) and buffer its messages from the start. */
  start<T>(file: string, options: Omit<WorkerOptions, 'argv'> = {}): CrewMember<T> {
    const worker = startTsWorker(file, options);
    const inbox = new Inbox<T>(worker);
    this.members.add(worker);
    Crew.everyone.add(worker);
    worker.once('exit', () => Crew.everyone.delete(worker));
    return { worker, inbox };
  }

  /** Terminate this check's workers. Works even on a thread blocked in Atomics.wait or spinning. */
  async dismiss(): Promise<void> {
    const workers = [...this.members];
    this.members.clear();
    await Promise.all(workers.map((w) => w.terminate().catch(() => undefined)));
  }

  /** Terminate every worker any crew started and left running (for afterAll). */
  static async terminateAll(): Promise<void> {
    await Promise.all([...Crew.everyone].map((w) => w.terminate().catch(() => undefined)));
    Crew.everyone.clear();
  }
}
