// Exercise 05: an HTTP server that computes in an executor and stays responsive.
// Read README.md beside this file first.
import http from 'node:http';
import type { Executor } from './executor';

/** The largest n /compute accepts (a few seconds of CPU): anything above is a 400. */
export const MAX_N = 1_000_000_000;

function todo(name: string): never {
  const error = new Error(`${name}() in 05-async-plus-executor/server.ts`);
  error.name = 'NotImplemented';
  throw error;
}

/** Given: answer with `body` as JSON. */
function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
void sendJson; // remove this line once you use sendJson

/**
 * An http.Server (do NOT call listen: the caller picks the port) with:
 * - GET /health          → 200 { status: 'ok' }, at once, whatever else is running;
 * - GET /compute?n=1000  → 200 { n, result } with result = heavy(n), computed
 *   in `pool` via runInExecutor(pool, 'heavy', n), for every n (small ones too);
 *   n missing, not made of the digits 0-9 only (leading zeros are fine; '+5', ' 5',
 *   '1e3', '0x10', '5.0' are not), or above MAX_N → 400 { error: '...' }, before the pool;
 *   the task failing → 500 { error: '...' }, without retrying it;
 * - anything else (any other path) → 404 { error: '...' }.
 */
export function createServer(pool: Executor): http.Server {
  // TODO: http.createServer((request, response) => { ... }), routing on new URL(request.url, 'http://localhost').
  return todo('createServer');
}
