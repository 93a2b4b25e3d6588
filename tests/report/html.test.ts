// grades/report.html: one self-contained page with every exercise, check,
// message, flag and notice, and an SVG chart for each check's timeline.
import { toHtml } from '../../tools/report/html';
import { timelineRun } from './sample-timeline-run';

const html = toHtml(timelineRun);

test('score, every exercise and every check with its message', () => {
  expect(html).toContain('Points 5/12');
  expect(html.match(/<section class="exercise /g)).toHaveLength(3);
  expect(html.match(/<tr class="check /g)).toHaveLength(3);
  expect(html).toContain('keeps order');
  expect(html).toContain('note: measured on 2 cores');
  expect(html).toContain('rejected at 500 ms, but expected 100 ms');
  expect(html).toContain('Could not load your code: SyntaxError');
  expect(html).toContain('Next: <code>npm test -- 02</code>');
});

test('flags and notices are shown', () => {
  expect(html).toContain('⚑ flagged');
  expect(html).toContain('index.ts:3: eval');
  expect(html).toContain('modified grading files: tools/x.ts');
  expect(html).toContain("Flagged for a teacher's review (2)");
});

test('a check with a timeline gets its SVG chart, the expected shape beside it', () => {
  expect(html.match(/<svg class="gantt"/g)).toHaveLength(1);
  expect(html.match(/<rect class="bar /g)).toHaveLength(4);
  expect(html).toContain('>Expected</text>');
  expect(html).toContain('class="legend"');
});

test('learner text cannot add markup anywhere', () => {
  expect(html).not.toContain('<img');
  expect(html.match(/&lt;img src=x onerror=alert\(1\)&gt;/g)?.length).toBeGreaterThanOrEqual(6);
});

test('self-contained: no script, no external resource, a CSP that forbids any fetch', () => {
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  expect(html).not.toMatch(/<script|<link|<iframe|<object|@import|url\(/i);
  expect(html).not.toMatch(/\s(src|href)="(?!#)/);
  // the one URL on the page is the SVG namespace, which is never fetched
  expect([...html.matchAll(/https?:\/\/[^"\s]+/g)].map((m) => m[0])).toEqual(['http://www.w3.org/2000/svg']);
});
