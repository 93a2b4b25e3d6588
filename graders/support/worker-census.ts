// Counts the worker threads that code on this thread starts through
// node:worker_threads' Worker: by identity, from `new Worker(...)` to its
// 'exit'. Counted, never timed or sampled: on 2 cores, 2 and 3 sleeping threads
// take equally long, and a worker blocked in Atomics.wait may not show in the
// handle list at the moment it is sampled.
//
// The module object's Worker is replaced once, by a subclass that reports each
// new worker to the censuses open at that moment. Code that reads the class
// from the module at `new` time (`new workerThreads.Worker`, or an
// `import { Worker }` compiled to CommonJS) is counted whenever it was loaded;
// code that copies the class at import (`const { Worker } = require(...)`) is
// counted only if it was loaded after this module: graders import this before
// the learner's module.
import workerThreads, { type Worker } from 'node:worker_threads';

export interface WorkerCensus {
  /** threadId of every worker started since the census began, in order (read at construction). */
  readonly started: readonly number[];
  /** The workers started since the census began that have not emitted 'exit' yet. */
  readonly alive: ReadonlySet<Worker>;
  /** The most of them alive at once. */
  readonly mostAlive: number;
  /** Count no new workers (those already counted still leave `alive` when they exit). */
  stop(): void;
}

type Listener = (worker: Worker) => void;

// The listeners live on the installed class, not in this module: a second copy
// of this module (another jest module registry in the same process) must join
// the one subclass rather than wrap it again.
const LISTENERS = Symbol.for('concurrency-kit.worker-census');
type Counted = typeof workerThreads.Worker & { [LISTENERS]?: Set<Listener> };

function listeners(): Set<Listener> {
  const current = workerThreads.Worker as Counted;
  if (current[LISTENERS]) return current[LISTENERS];
  const open = new Set<Listener>();
  class CountedWorker extends workerThreads.Worker {
    static [LISTENERS] = open;
    constructor(...args: ConstructorParameters<typeof workerThreads.Worker>) {
      super(...args);
      for (const listener of open) listener(this);
    }
  }
  (workerThreads as { Worker: typeof workerThreads.Worker }).Worker = CountedWorker;
  return open;
}

const open = listeners();

/** Start counting now: every worker started on this thread from here on, until `stop()`. */
export function workerCensus(): WorkerCensus {
  const started: number[] = [];
  const alive = new Set<Worker>();
  let mostAlive = 0;
  const listener: Listener = (worker) => {
    started.push(worker.threadId);
    alive.add(worker);
    mostAlive = Math.max(mostAlive, alive.size);
    worker.once('exit', () => alive.delete(worker));
  };
  open.add(listener);
  return {
    started,
    alive,
    get mostAlive() {
      return mostAlive;
    },
    stop: () => void open.delete(listener),
  };
}

/** Run `fn` with a census open, and stop it when `fn` settles (either way). */
export async function countingWorkers<T>(fn: () => Promise<T>): Promise<{ value: T; census: WorkerCensus }> {
  const census = workerCensus();
  try {
    return { value: await fn(), census };
  } finally {
    census.stop();
  }
}
