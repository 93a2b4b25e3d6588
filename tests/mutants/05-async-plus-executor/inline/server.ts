// The solution's routes, but over this folder's (inline) runInExecutor.
import http from 'node:http';
import { runInExecutor, type Executor } from './executor';
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
    const raw = url.searchParams.get('n') ?? '';
    if (!/^\d{1,10}$/.test(raw) || Number(raw) > 1e9) return send(400, { error: 'bad n' });
    const n = Number(raw);
    send(200, { n, result: await runInExecutor<number>(pool, 'heavy', n) });
  });
}
