// Mutant: n goes straight from the query string to the pool, Number(raw)
// and all: a missing n becomes 0, "abc" becomes NaN, 1e12 goes to a worker.
import http from 'node:http';
import { runInExecutor, type Executor } from '../../../../solutions/05-async-plus-executor/executor';
export { MAX_N } from '../../../../solutions/05-async-plus-executor/server';

export function createServer(pool: Executor): http.Server {
  return http.createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/health') return send(200, { status: 'ok' });
    if (url.pathname !== '/compute') return send(404, { error: 'no such route' });
    const n = Number(url.searchParams.get('n'));
    try {
      send(200, { n, result: await runInExecutor<number>(pool, 'heavy', n) });
    } catch (error) {
      send(500, { error: String(error) });
    }
  });
}
