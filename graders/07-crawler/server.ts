// 07-crawler's real layer: a small site served by node:http on 127.0.0.1
// (ephemeral port). The server counts what only it can see: requests in
// flight at once, hits per path, and connections still open.
import http from 'node:http';
import type { Socket } from 'node:net';

const PAGES = 12;
const MAX_REQUESTS = 500; // a runaway crawler gets 503s, not an endless loop

/** Page i links to its two children (a binary tree), back to the start, and to itself with a fragment. */
function page(i: number): string {
  const links = [2 * i + 1, 2 * i + 2].filter((j) => j < PAGES).map((j) => `<a href="p${j}">child ${j}</a>`);
  return `<!doctype html><title>p${i}</title>${links.join(' ')} <a href="/p0">home</a> <a href="#top">top</a>`;
}

export interface RealSite {
  url(path: string): string;
  pagePaths(): string[];
  /** Forget the counts, end every connection; answers then take delayMs (rootDelayMs for /p0, default the same). */
  reset(options: { delayMs: number; rootDelayMs?: number }): void;
  hits(): Map<string, number>;
  maxInFlight(): number;
  /** Connections that carried a request and are still open. */
  openConnections(): number;
  waitForInFlight(n: number, withinMs: number): Promise<boolean>;
  waitForNoConnection(withinMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function startSite(): Promise<RealSite> {
  let delayMs = 0;
  let rootDelayMs = 0;
  let total = 0;
  let inFlight = 0;
  let most = 0;
  let hits = new Map<string, number>();
  const sockets = new Set<Socket>();
  const busy = new Set<Socket>(); // connections that carried a request (an idle spare one is the fetch library's pool)
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    total += 1;
    busy.add(req.socket);
    const path = (req.url ?? '/').split('?')[0];
    hits.set(path, (hits.get(path) ?? 0) + 1);
    inFlight += 1;
    most = Math.max(most, inFlight);
    let done = false;
    const end = () => {
      if (!done) inFlight -= 1;
      done = true;
    };
    res.on('close', end);
    const match = /^\/p(\d+)$/.exec(path);
    const answer = () => {
      timers.delete(timer);
      if (res.destroyed) return end();
      res.setHeader('connection', 'close');
      if (total > MAX_REQUESTS) {
        res.writeHead(503).end('too many requests');
      } else if (match && Number(match[1]) < PAGES) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(Number(match[1])));
      } else res.writeHead(404, { 'content-type': 'text/plain' }).end('no such page');
      end();
    };
    const timer = setTimeout(answer, path === '/p0' ? rootDelayMs : delayMs);
    timers.add(timer);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      busy.delete(socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };

  const poll = async (ok: () => boolean, withinMs: number) => {
    const until = Date.now() + withinMs;
    while (!ok()) {
      if (Date.now() > until) return false;
      await new Promise((r) => setTimeout(r, 10));
    }
    return true;
  };

  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    pagePaths: () => Array.from({ length: PAGES }, (_, i) => `/p${i}`),
    reset(options) {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      delayMs = options.delayMs;
      rootDelayMs = options.rootDelayMs ?? options.delayMs;
      total = 0;
      inFlight = 0;
      most = 0;
      hits = new Map();
    },
    hits: () => hits,
    maxInFlight: () => most,
    openConnections: () => busy.size,
    waitForInFlight: (n, withinMs) => poll(() => inFlight >= n, withinMs),
    waitForNoConnection: (withinMs) => poll(() => busy.size === 0, withinMs),
    close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
