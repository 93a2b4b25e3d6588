// Exercise 04: what runs inside each worker, a thread or a child process.
// pool.ts starts it through ts-worker.js with
//   process.argv[2] = this file,  process.argv[3] = the task module to load.
// It answers every Request with exactly one Reply carrying the same id.
import path from 'node:path';
import { parentPort } from 'node:worker_threads';

/** Parent → worker: call tasks[fn](...args). */
export interface Request {
  id: number;
  fn: string;
  args: unknown[];
}

/** Worker → parent: the value, or the error as plain data (an Error does not survive every channel intact). */
export type Reply = { id: number; value: unknown } | { id: number; error: { name: string; message: string } };

// A runtime path, so `require` (TypeScript's `import` needs a literal path).
const tasks: Record<string, unknown> = require(path.resolve(process.argv[3]));

async function handle(request: Request): Promise<Reply> {
  try {
    const fn = tasks[request.fn];
    if (typeof fn !== 'function') throw new TypeError(`the task module ${process.argv[3]} exports no function "${request.fn}"`);
    return { id: request.id, value: await fn(...request.args) };
  } catch (error) {
    // Catch EVERYTHING: a throw that escapes here would kill this worker, and
    // every other task waiting for it.
    const e = error instanceof Error ? error : new Error(String(error));
    return { id: request.id, error: { name: e.name, message: e.message } };
  }
}

// Threads talk through parentPort; child processes through process.send.
if (parentPort) {
  const port = parentPort;
  port.on('message', async (request: Request) => port.postMessage(await handle(request)));
} else if (process.send) {
  process.on('message', async (request: Request) => process.send?.(await handle(request)));
} else {
  throw new Error('worker.ts must be started by WorkerPool, as a worker thread or a forked process');
}
