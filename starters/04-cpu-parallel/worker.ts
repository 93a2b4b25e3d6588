// Exercise 04: what runs inside each worker, a thread or a child process.
// Read README.md beside this file first.
// pool.ts starts this file through ts-worker.js with
//   process.argv[2] = this file,  process.argv[3] = the task module to load.
// It must answer every Request with exactly one Reply carrying the same id.

/** Parent → worker: call tasks[fn](...args). */
export interface Request {
  id: number;
  fn: string;
  args: unknown[];
}

/** Worker → parent: the value, or the error as plain data (an Error does not survive every channel intact). */
export type Reply = { id: number; value: unknown } | { id: number; error: { name: string; message: string } };

function todo(name: string): never {
  const error = new Error(`${name} in 04-cpu-parallel/worker.ts`);
  error.name = 'NotImplemented';
  throw error;
}

// TODO:
// 1. Load the task module: `const tasks = require(path.resolve(process.argv[3]))`.
// 2. Listen for Requests: `parentPort.on('message', ...)` in a thread (parentPort
//    from 'node:worker_threads' is non-null there), `process.on('message', ...)`
//    in a child process.
// 3. For each Request call tasks[fn](...args) and send back { id, value }
//    (parentPort.postMessage / process.send). If it throws, CATCH it and send
//    { id, error: { name, message } }: an uncaught throw kills this worker.
todo('the message loop');
