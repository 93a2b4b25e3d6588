// Mutant: /compute validates n but answers with the raw query string, so n
// comes back as "1000" instead of 1000.
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
    const raw = url.searchParams.get('n') ?? '';
    if (!/^\d{1,10}$/.test(raw) || Number(raw) > 1e9) return send(400, { error: 'bad n' });
    try {
      send(200, { n: raw, result: await runInExecutor<number>(pool, 'heavy', Number(raw)) });
    } catch (error) {
      send(500, { error: String(error) });
    }
  });
}
