// Mutant: the server logs a request count every second with setInterval, and
// never clears the timer when it closes.
import http from 'node:http';
import type { Executor } from '../../../../solutions/05-async-plus-executor/executor';
import { createServer as solution } from '../../../../solutions/05-async-plus-executor/server';
export { MAX_N } from '../../../../solutions/05-async-plus-executor/server';

export function createServer(pool: Executor): http.Server {
  const server = solution(pool);
  let requests = 0;
  server.on('request', () => (requests += 1));
  setInterval(() => void requests, 1_000);
  return server;
}
