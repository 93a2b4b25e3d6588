// Exercise 05: an HTTP server that computes in an executor and stays responsive.
import http from 'node:http';
import { runInExecutor, type Executor } from './executor';

/** The largest n /compute accepts (a few seconds of CPU): anything above is a 400. */
export const MAX_N = 1_000_000_000;

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** n as a whole number 0..MAX_N, or undefined. Digits only: Number('') is 0, parseInt('12abc') is 12, Number('1e3') is 1000. */
function parseN(raw: string | null): number | undefined {
  if (raw === null || !/^[0-9]+$/.test(raw)) return undefined; // leading zeros are fine: Number('007') is 7
  const n = Number(raw);
  return n <= MAX_N ? n : undefined;
}

async function compute(pool: Executor, url: URL, response: http.ServerResponse): Promise<void> {
  const raw = url.searchParams.get('n');
  const n = parseN(raw);
  if (n === undefined) {
    sendJson(response, 400, { error: `n must be a whole number from 0 to ${MAX_N}, got ${raw === null ? 'nothing' : JSON.stringify(raw)}` });
    return;
  }
  try {
    // The CPU work happens in a worker; this handler only waits, so the loop keeps serving.
    const result = await runInExecutor<number>(pool, 'heavy', n);
    sendJson(response, 200, { n, result });
  } catch (error) {
    sendJson(response, 500, { error: `heavy(${n}) failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}

/** GET /health answers at once; GET /compute?n= computes heavy(n) in `pool`. The caller listens and closes. */
export function createServer(pool: Executor): http.Server {
  return http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET') return sendJson(response, 405, { error: `${request.method} is not allowed: use GET` });
    if (url.pathname === '/health') return sendJson(response, 200, { status: 'ok' });
    if (url.pathname === '/compute') return void compute(pool, url, response);
    sendJson(response, 404, { error: `no route ${url.pathname}: try /health or /compute?n=1000` });
  });
}
