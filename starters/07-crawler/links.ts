// Given, complete: reading links out of HTML is not the lesson.

/**
 * The `href` of every `<a>` tag in `html`, in document order, exactly as
 * written (relative or absolute, with any `#fragment`, HTML entities decoded
 * for `&amp;` only). Resolving and filtering them is the crawler's job.
 *
 * ```
 * extractLinks('<a href="/a#top">A</a> <A HREF=\'b\'>B</A>')  // ['/a#top', 'b']
 * ```
 */
export function extractLinks(html: string): string[] {
  const hrefs: string[] = [];
  const tag = /<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi;
  for (let match = tag.exec(html); match !== null; match = tag.exec(html)) {
    hrefs.push((match[1] ?? match[2] ?? match[3] ?? '').trim().replace(/&amp;/g, '&'));
  }
  return hrefs;
}
