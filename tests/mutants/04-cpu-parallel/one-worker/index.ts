export { bump, heavy, whoami } from './tasks';
export { WorkerPool, type PoolOptions } from './pool';
