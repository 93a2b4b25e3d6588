// Starting worker threads that run TypeScript, for graders that grade real
// threads. Each start costs ~0.1 s (~1 s when the thread must compile its
// TypeScript first, see ts-register.js), so graders start pools once and reuse
// them across checks.
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const bootstrap = path.join(__dirname, 'ts-worker.js');

/** Start a worker thread running the TypeScript (or JS) module `file`. */
export function startTsWorker(file: string, options: Omit<WorkerOptions, 'argv'> = {}): Worker {
  return new Worker(bootstrap, { ...options, argv: [path.resolve(file)] });
}

/** Resolve once the worker posts its first message (a "ready" handshake); reject if it errors or exits first. */
export function firstMessage<T = unknown>(worker: Worker): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (m: T) => (cleanup(), resolve(m));
    const onError = (e: unknown) => (cleanup(), reject(e));
    const onExit = (code: number) => (cleanup(), reject(new Error(`worker exited with code ${code} before answering`)));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** The folder of the code under test, as the runner set it (workers cannot use jest's alias). */
export function exerciseDir(): string {
  const dir = process.env.KIT_EXERCISE_DIR;
  if (!dir) throw new Error('KIT_EXERCISE_DIR is not set: grade through `npm test`, which sets it.');
  return dir;
}
