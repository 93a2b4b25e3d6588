// A loopback HTTP client for grading servers for real, on 127.0.0.1.
// node:http with `agent: false`: every request opens its own connection and
// closes it after the answer, so no keep-alive socket outlives a check (the
// server can close cleanly) and each latency is that of one request.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Reply {
  status: number;
  contentType: string;
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** Time from sending the request to the end of the answer. */
  ms: number;
  /** performance.now() when the answer ended, to order events across requests. */
  endedAt: number;
}

export interface GetOptions {
  /** Give up after this long; the error says the server never answered. */
  timeoutMs?: number;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** GET `path` from the server on 127.0.0.1:`port`. Rejects with a readable Error on timeout or a refused connection. */
export function get(port: number, path: string, options: GetOptions = {}): Promise<Reply> {
  const { timeoutMs = 5_000 } = options;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const request = http.get({ host: '127.0.0.1', port, path, agent: false, headers: { connection: 'close' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        clearTimeout(timer);
        const endedAt = performance.now();
        resolve({
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type'] ?? ''),
          body,
          json: parseJson(body),
          ms: endedAt - t0,
          endedAt,
        });
      });
      response.on('error', fail);
    });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`GET ${path} got no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    function fail(error: Error & { code?: string }) {
      clearTimeout(timer);
      const why = error.code === 'ECONNREFUSED' ? 'the connection was refused (is the server still running?)' : error.message;
      reject(new Error(`GET ${path} failed: ${why}`));
    }
    request.on('error', fail);
  });
}

/** The p-th percentile (0..100) by nearest rank: p99 of 50 samples is the largest. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}
