// Exercise 04: CPU-bound work needs real parallelism. The grader imports from here.
export { bump, heavy, whoami } from './tasks';
export { WorkerPool, type PoolOptions } from './pool';
