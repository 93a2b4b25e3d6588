// Exercise 05: async plus an executor. The grader imports from here.
// Nothing to write in this file: fill in executor.ts and server.ts.
export { runInExecutor, type Executor } from './executor';
export { createServer, MAX_N } from './server';
