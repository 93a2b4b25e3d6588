export { runInExecutor, type Executor } from './executor';
export { createServer, MAX_N } from './server';
