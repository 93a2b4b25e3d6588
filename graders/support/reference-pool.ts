// The kit's own known-good pool of worker threads, each running the exports of
// one module. Graders never measure with the code under test: 04 times the
// learner's heavy on these threads (the one-worker baseline, and what this
// machine can do right now: never on jest's own thread, where CPU loops run
// ~100x slower); 05 hands one to the learner's server and hosts the server
// itself in another, so 05 grades without the learner's 04.
//
// It is built on piscina, the field's standard pool, rather than written here:
// graders ship to learners, and a hand-written pool in graders/ would be the
// answer to exercise 04.
import path from 'node:path';
import type { Piscina } from 'piscina';
import { errorFromWire, errorToWire, type WireError } from './wire-error';

const WORKER_FILE = path.join(__dirname, 'reference-worker.js');
/** The kit's own task module (heavy, whoami), for a pool that must not depend on the learner's 04. */
export const REFERENCE_TASKS = path.join(__dirname, 'reference-tasks.ts');

export interface RunOptions {
  /** Reject after this long (the thread stays busy; its late answer is dropped). */
  timeoutMs?: number;
}

type Answer = { value: unknown } | { error: WireError };

export class ReferencePool {
  /** Why a thread died, if one did: every later run() rejects with it. */
  crashed: Error | undefined;
  private closing = false;

  private constructor(
    private readonly piscina: Piscina,
    readonly size: number,
  ) {
    piscina.on('error', (error: unknown) => this.crash(error));
  }

  /** Start `size` threads running `tasks`; resolves once every one has loaded it. */
  static async start(tasks: string, size: number): Promise<ReferencePool> {
    // Loaded here, not at the top: helper threads import this module (through in-thread.ts) without starting a pool.
    const { Piscina: Pool } = require('piscina') as typeof import('piscina');
    const piscina = new Pool({
      filename: WORKER_FILE,
      workerData: { tasks },
      minThreads: size,
      maxThreads: size,
      idleTimeout: Infinity,
      // piscina's default parks idle threads in Atomics.wait; a thread that hosts
      // 05's server must keep its event loop turning between calls.
      atomics: 'disabled',
    });
    const pool = new ReferencePool(piscina, size);
    try {
      await Promise.all(Array.from({ length: size }, () => pool.run('__ready__')));
      return pool;
    } catch (error) {
      await pool.close();
      throw error;
    }
  }

  /** Run tasks[fn](...args) on an idle thread. */
  run<T = unknown>(fn: string, args: unknown[] = [], options: RunOptions = {}): Promise<T> {
    if (this.crashed) return Promise.reject(this.crashed);
    const answer = (this.piscina.run({ fn, args }) as Promise<Answer>).then(
      (a) => {
        if ('error' in a) throw errorFromWire(a.error); // keeps 'NotImplemented', which the messages recognise
        return a.value as T;
      },
      // A task rejects only when its thread died under it (an uncaught error in
      // learner code, process.exit in a thread): the pool is then "crashed".
      (cause: unknown) => {
        throw this.crash(cause);
      },
    );
    if (options.timeoutMs === undefined) return answer;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${fn}() got no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    });
    answer.catch(() => undefined);
    return Promise.race([answer, late]).finally(() => clearTimeout(timer));
  }

  /** One job per input, spread over the threads; results in input order. */
  map<T = unknown>(fn: string, inputs: unknown[]): Promise<T[]> {
    return Promise.all(inputs.map((input) => this.run<T>(fn, [input])));
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.piscina.destroy();
  }

  private crash(cause: unknown): Error {
    if (this.crashed) return this.crashed;
    // Rebuilt here: an error from another thread is not an Error of jest's realm.
    const { name, message } = errorToWire(cause);
    const error = new Error(`${name}: ${message}`);
    if (!this.closing) this.crashed = error;
    return error;
  }
}
