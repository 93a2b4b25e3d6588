// Exercise 07: Async web crawler: a frontier that feeds itself. Read README.md beside this file first.
// Fill in crawl(); keep its name and signature. links.ts and types.ts are given, complete.
// Check your work with:  npm test -- 07
import type { CrawlOptions, CrawlResult } from './types';

export type { CrawlOptions, CrawlResult, FailureRecord, FetchLike, PageRecord, ResponseLike } from './types';
export { extractLinks } from './links';

function todo(name: string): never {
  const error = new Error(`${name}() in 07-crawler/index.ts`);
  error.name = 'NotImplemented';
  throw error;
}

/**
 * Crawl the site that starts at `startUrl`, keeping up to `concurrency`
 * requests in flight, and resolve with what was found.
 *
 * Input (checked before any request; the message names the culprit):
 * - `startUrl` not a string holding an absolute http: or https: URL → TypeError;
 *   `options.fetch` given but not a function → TypeError;
 * - `concurrency` not a whole number ≥ 1, `maxPages` not a whole number ≥ 1,
 *   `maxDepth` not a whole number ≥ 0, `timeoutMs` not a finite number > 0 → RangeError.
 *
 * URLs:
 * - A URL is normalised by dropping its `#fragment` (the start URL too). Each
 *   `href` of a page (`extractLinks` in links.ts) is resolved against the page's
 *   final URL (`new URL(href, finalUrl)`); one that does not parse, or is not
 *   http:/https:, is ignored. Links are read only from answers that are 2xx with
 *   a `content-type` containing `text/html`; the body is always read with `text()`.
 * - `fetch` is called at most once per normalised URL, however many pages link
 *   to it (cycles and self-links included).
 * - The start URL has depth 0; a URL first found on a page of depth d has depth
 *   d + 1 (the first discovery counts).
 * - `sameOrigin` (default true): a link whose origin differs from the start
 *   URL's is listed once in `offOrigin` and never requested. With
 *   `sameOrigin: false` it is followed like any other and `offOrigin` stays empty.
 *
 * Scheduling:
 * - Found URLs wait in a first-in first-out frontier: they are requested in the
 *   order they were found (a page's links in document order).
 * - A request is in flight from its `fetch` call until its body is read, it
 *   fails, or it times out. Never more than `concurrency` are in flight, and a
 *   freed slot is refilled at once: whenever fewer than `concurrency` are in
 *   flight, nothing is waiting (no batches, no levels).
 * - `maxPages`: at most that many `fetch` calls in the whole crawl, whatever
 *   their outcome (pages, HTTP errors, timeouts, network errors all count);
 *   then nothing new starts, and the crawl resolves once those in flight end.
 * - `maxDepth`: a URL deeper than `maxDepth` is never requested; a page at
 *   depth `maxDepth` is recorded with its links, which are not followed.
 *
 * Outcomes (each recorded, and the crawl goes on):
 * - 2xx: `pages[finalUrl] = { status, depth, links }` (links: distinct, any order).
 * - Any other status: `failures[url] = { depth, reason: 'http', status }`.
 * - `fetch` rejects: `failures[url] = { depth, reason: 'network', message }` (the error's message).
 * - `timeoutMs`: a request still in flight `timeoutMs` after its `fetch` call
 *   has its fetch signal aborted at that moment and is recorded as
 *   `failures[url] = { depth, reason: 'timeout' }`; its slot frees at once,
 *   even if `fetch` ignores its signal.
 * - Redirects (fetch follows them): the final URL is `response.url` without its
 *   fragment ('' means no redirect). If it differs from the requested URL:
 *   `redirects[url] = finalUrl`, and the final URL counts as found from then on
 *   (never requested later). If it had already been found before this answer,
 *   nothing else is recorded for the answer and its links are not read.
 *   Otherwise the answer is recorded as above (a page under its final URL, a
 *   failure under the requested URL) with the requested URL's depth.
 *
 * Cancellation and cleanup:
 * - When `signal` aborts: every request in flight has its fetch signal aborted
 *   at once with `signal.reason`, nothing more is requested, and crawl rejects
 *   at once with `signal.reason` (even if a fetch ignores its signal). Already
 *   aborted: it rejects with its reason and requests nothing.
 * - When crawl settles, none of its timers is left (clear every timeout timer),
 *   and its "abort" listener on `signal` is removed (a caller may share one
 *   signal across many crawls).
 */
export async function crawl(startUrl: string, options: CrawlOptions): Promise<CrawlResult> {
  // TODO: your code here.
  return todo('crawl');
}
