// Exercise 07: Async web crawler: a frontier that feeds itself. The reference solution (never shipped to learners).
import { extractLinks } from './links';
import type { CrawlOptions, CrawlResult, FailureRecord, ResponseLike } from './types';

export type { CrawlOptions, CrawlResult, FailureRecord, FetchLike, PageRecord, ResponseLike } from './types';
export { extractLinks } from './links';

const isWhole = (n: unknown, min: number) => typeof n === 'number' && Number.isInteger(n) && n >= min;

/** The start URL, parsed; throws the errors the contract names. */
function validate(startUrl: unknown, options: CrawlOptions): URL {
  let start: URL | undefined;
  try {
    start = typeof startUrl === 'string' ? new URL(startUrl) : undefined;
  } catch {
    start = undefined;
  }
  if (!start || (start.protocol !== 'http:' && start.protocol !== 'https:')) {
    throw new TypeError(`startUrl must be an absolute http(s) URL, got ${JSON.stringify(startUrl)}`);
  }
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object with a concurrency');
  const { concurrency, maxPages, maxDepth, timeoutMs, fetch } = options;
  if (!isWhole(concurrency, 1)) throw new RangeError(`concurrency must be a whole number ≥ 1, got ${String(concurrency)}`);
  if (maxPages !== undefined && !isWhole(maxPages, 1)) throw new RangeError(`maxPages must be a whole number ≥ 1, got ${String(maxPages)}`);
  if (maxDepth !== undefined && !isWhole(maxDepth, 0)) throw new RangeError(`maxDepth must be a whole number ≥ 0, got ${String(maxDepth)}`);
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new RangeError(`timeoutMs must be a finite number > 0, got ${String(timeoutMs)}`);
  }
  if (fetch !== undefined && typeof fetch !== 'function') throw new TypeError('fetch must be a function');
  start.hash = '';
  return start;
}

/** `href` resolved against `base`, without fragment; undefined when it is not an http(s) URL. */
function resolve(href: string, base: string): URL | undefined {
  try {
    const url = new URL(href, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    return url;
  } catch {
    return undefined;
  }
}

class RequestTimeout extends Error {
  override name = 'TimeoutError';
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
export function crawl(startUrl: string, options: CrawlOptions): Promise<CrawlResult> {
  let start: URL;
  try {
    start = validate(startUrl, options);
  } catch (error) {
    return Promise.reject(error);
  }
  const { concurrency, maxPages = Infinity, maxDepth = Infinity, timeoutMs, sameOrigin = true, signal } = options;
  const fetch = options.fetch ?? globalThis.fetch;
  if (signal?.aborted) return Promise.reject(signal.reason);

  const result: CrawlResult = { pages: {}, failures: {}, redirects: {}, offOrigin: [] };
  const offOrigin = new Set<string>();
  const found = new Set<string>([start.href]); // requested or waiting: never queued twice
  const frontier: Array<{ url: string; depth: number }> = [{ url: start.href, depth: 0 }];
  const inFlight = new Map<AbortController, ReturnType<typeof setTimeout> | undefined>();
  let requested = 0;
  let over = false;

  return new Promise<CrawlResult>((resolveCrawl, rejectCrawl) => {
    const end = () => {
      over = true;
      signal?.removeEventListener('abort', onAbort);
      for (const timer of inFlight.values()) clearTimeout(timer);
    };
    function onAbort() {
      const controllers = [...inFlight.keys()];
      end();
      for (const controller of controllers) controller.abort(signal?.reason);
      rejectCrawl(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort);

    /** Record an answer; queue its new links. */
    const record = (url: string, depth: number, response: ResponseLike, body: string) => {
      const final = resolve(response.url, url)?.href ?? url;
      if (final !== url) {
        result.redirects[url] = final;
        if (found.has(final)) return;
        found.add(final);
      }
      if (!response.ok) {
        result.failures[url] = { depth, reason: 'http', status: response.status };
        return;
      }
      const html = (response.headers.get('content-type') ?? '').toLowerCase().includes('text/html');
      const links = new Set<string>();
      for (const href of html ? extractLinks(body) : []) {
        const link = resolve(href, final);
        if (link) links.add(link.href);
      }
      result.pages[final] = { status: response.status, depth, links: [...links] };
      for (const link of links) {
        if (sameOrigin && new URL(link).origin !== start.origin) offOrigin.add(link);
        else if (depth < maxDepth && !found.has(link)) {
          found.add(link);
          frontier.push({ url: link, depth: depth + 1 });
        }
      }
    };

    const visit = async (url: string, depth: number) => {
      const controller = new AbortController();
      let failure: FailureRecord | undefined;
      try {
        const { response, body } = await new Promise<{ response: ResponseLike; body: string }>((settle, fail) => {
          const timer =
            timeoutMs === undefined
              ? undefined
              : setTimeout(() => {
                  const error = new RequestTimeout(`no answer from ${url} within ${timeoutMs} ms`);
                  controller.abort(error);
                  fail(error);
                }, timeoutMs);
          inFlight.set(controller, timer);
          (async () => {
            const response = await fetch(url, { signal: controller.signal });
            return { response, body: await response.text() };
          })().then(settle, fail);
        });
        if (!over) record(url, depth, response, body);
      } catch (error) {
        failure =
          error instanceof RequestTimeout
            ? { depth, reason: 'timeout' }
            : { depth, reason: 'network', message: error instanceof Error ? error.message : String(error) };
        if (!over) result.failures[url] = failure;
      } finally {
        clearTimeout(inFlight.get(controller));
        inFlight.delete(controller);
        pump();
      }
    };

    /** Fill every free slot from the frontier; resolve when nothing is in flight or can start. */
    const pump = () => {
      if (over) return;
      while (inFlight.size < concurrency && frontier.length > 0 && requested < maxPages) {
        const next = frontier.shift()!;
        requested += 1;
        void visit(next.url, next.depth);
      }
      if (inFlight.size === 0) {
        end();
        result.offOrigin = [...offOrigin];
        resolveCrawl(result);
      }
    };
    pump();
  });
}
