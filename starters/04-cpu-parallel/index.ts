// Exercise 04: CPU-bound work needs real parallelism. The grader imports from here.
// Nothing to write in this file: fill in tasks.ts, worker.ts and pool.ts.
export { bump, heavy, whoami } from './tasks';
export { WorkerPool, type PoolOptions } from './pool';
