// Mutant: the server remembers the last compute, and /health "checks the
// server is ready" by awaiting it. The loop is free, yet /health waits.
import http from 'node:http';
import { runInExecutor, type Executor } from '../../../../solutions/05-async-plus-executor/executor';
export { MAX_N } from '../../../../solutions/05-async-plus-executor/server';

export function createServer(pool: Executor): http.Server {
  let lastCompute: Promise<unknown> = Promise.resolve();
  return http.createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/health') {
      await lastCompute.catch(() => undefined);
      return send(200, { status: 'ok' });
    }
    if (url.pathname !== '/compute') return send(404, { error: 'no such route' });
    const raw = url.searchParams.get('n') ?? '';
    if (!/^\d{1,10}$/.test(raw) || Number(raw) > 1e9) return send(400, { error: 'bad n' });
    const n = Number(raw);
    const compute = runInExecutor<number>(pool, 'heavy', n);
    lastCompute = compute;
    try {
      send(200, { n, result: await compute });
    } catch (error) {
      send(500, { error: String(error) });
    }
  });
}
