// The shapes crawl() takes and returns. Given, complete: the contract is in index.ts.

/** What crawl() reads from an answer: the built-in fetch's Response has all of it. */
export interface ResponseLike {
  /** The HTTP status of the final answer (after any redirects fetch followed). */
  readonly status: number;
  /** `status` is 200–299. */
  readonly ok: boolean;
  /** The final URL after redirects; may be '' (then it is the URL that was requested). */
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  /** The body as text. */
  text(): Promise<string>;
}

/** The one way crawl() talks to the network: `fetch(url, { signal })`. */
export type FetchLike = (url: string, init: { signal: AbortSignal }) => Promise<ResponseLike>;

export interface CrawlOptions {
  /** Most requests in flight at once: a whole number ≥ 1. */
  concurrency: number;
  /** Most fetch calls in the whole crawl (every request counts, whatever its outcome): a whole number ≥ 1. */
  maxPages?: number;
  /** Deepest depth requested (the start URL has depth 0): a whole number ≥ 0. */
  maxDepth?: number;
  /** Per-request time limit in milliseconds: a finite number > 0. */
  timeoutMs?: number;
  /** Follow only links on the start URL's origin (default true). */
  sameOrigin?: boolean;
  /** Cancels the whole crawl. */
  signal?: AbortSignal;
  /** Defaults to globalThis.fetch. */
  fetch?: FetchLike;
}

/** A URL that answered 2xx. */
export interface PageRecord {
  status: number;
  depth: number;
  /** The page's distinct links: absolute http(s) URLs without fragment, any order. */
  links: string[];
}

/** A request that failed, and why. */
export type FailureRecord =
  | { depth: number; reason: 'http'; status: number }
  | { depth: number; reason: 'timeout' }
  | { depth: number; reason: 'network'; message: string };

export interface CrawlResult {
  /** Keyed by final URL. */
  pages: Record<string, PageRecord>;
  /** Keyed by requested URL. */
  failures: Record<string, FailureRecord>;
  /** Requested URL → final URL, for answers that came from another URL. */
  redirects: Record<string, string>;
  /** Links to other origins that were not followed (sameOrigin), each once, any order. */
  offOrigin: string[];
}
