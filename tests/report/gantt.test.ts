// The SVG Gantt chart of a check's timeline, and its link to the ASCII picture:
// both draw the one TimelineRecord a failing check carries.
import { CheckFailure, fail } from '../../graders/support/feedback';
import { renderTimeline, Timeline, type TimelineRecord } from '../../graders/support/timeline';
import { axisTicks, ganttSvg, STATE_COLOURS } from '../../tools/report/gantt';
import { timelineRecord } from '../../tools/timeline-record';

const { timelineOf } = require('../../tools/jest/check-reporter.js') as { timelineOf: (e: unknown) => unknown };

const record: TimelineRecord = {
  now: 1000,
  spans: [
    { label: 'weather', start: 0, end: 400, state: 'done' },
    { label: 'news', start: 400, end: 700, state: 'failed' },
    { label: 'stocks', start: 700, end: 900, state: 'aborted' },
    { label: 'slow', start: 100, end: null, state: 'running' },
  ],
};

/** The rect elements of an SVG string, as attribute maps. */
const rects = (svg: string) =>
  [...svg.matchAll(/<rect class="bar [^"]*"([^>]*)>/g)].map((m) => Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));

test('one bar per span, coloured by how it ended, placed and sized to scale', () => {
  const bars = rects(ganttSvg(record));
  expect(bars.map((b) => b['data-state'])).toEqual(['done', 'failed', 'aborted', 'running']);
  expect(bars.map((b) => b.fill)).toEqual([STATE_COLOURS.done, STATE_COLOURS.failed, STATE_COLOURS.aborted, STATE_COLOURS.running]);
  const x = bars.map((b) => Number(b.x));
  const w = bars.map((b) => Number(b.width));
  // weather 0–400 and news 400–700: news starts where weather ends, 3/4 as long.
  expect(x[1]).toBeCloseTo(x[0] + w[0], 5);
  expect(w[1] / w[0]).toBeCloseTo(300 / 400, 5);
  // still running: drawn up to `now` (1000 ms), dashed.
  expect(Number(bars[3].x) + Number(bars[3].width)).toBeCloseTo(x[0] + (w[0] * 1000) / 400, 5);
  expect(bars[3]['stroke-dasharray']).toBeDefined();
  // every row sits below the previous one.
  const ys = bars.map((b) => Number(b.y));
  expect([...ys].sort((a, b) => a - b)).toEqual(ys);
  expect(new Set(ys).size).toBe(4);
});

test('a zero-length span is still visible', () => {
  const [bar] = rects(ganttSvg({ now: 10, spans: [{ label: 'instant', start: 5, end: 5, state: 'done' }] }));
  expect(Number(bar.width)).toBeGreaterThan(0);
});

test('the time axis has round ticks in ms from 0 past the end', () => {
  expect(axisTicks(3)).toEqual([0, 1, 2, 3]);
  expect(axisTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
  expect(axisTicks(2500)).toEqual([0, 500, 1000, 1500, 2000, 2500]);
  expect(axisTicks(0.5)).toEqual([0, 1]);
  const ticks = axisTicks(7);
  expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(7);
  const svg = ganttSvg(record);
  for (const t of axisTicks(1000)) expect(svg).toContain(`>${t}</text>`);
  expect(svg).toContain('>ms</text>');
});

test('the expected shape is drawn under the learner\'s, faded, with headings', () => {
  const svg = ganttSvg({ ...record, expected: [{ label: 'weather', start: 0, end: 400, state: 'done' }, { label: 'news', start: 0, end: 300, state: 'failed' }] });
  expect(svg).toContain('>Yours</text>');
  expect(svg).toContain('>Expected</text>');
  expect(svg.indexOf('>Yours<')).toBeLessThan(svg.indexOf('>Expected<'));
  expect(svg.match(/class="row expected"/g)).toHaveLength(2);
  expect(svg.match(/class="row actual"/g)).toHaveLength(4);
  expect(svg).toMatch(/class="row expected">.*fill-opacity="0\.45"/);
});

test('task names are escaped: learner text cannot add markup', () => {
  const evil = '<script>alert(1)</script>" onload="x" &amp;';
  const svg = ganttSvg({ now: 10, spans: [{ label: evil, start: 0, end: 10, state: 'done' }] }, `caption ${evil}`);
  expect(svg).not.toContain('<script');
  expect(svg).not.toContain('" onload="');
  expect(svg).toContain('&lt;script&gt;');
  expect(svg).toContain('&quot; onload=&quot;x&quot; &amp;amp;');
});

test('an empty timeline says so', () => {
  expect(ganttSvg({ now: 0, spans: [] })).toContain('(no task was started)');
});

test('fail(…, timeline) carries the record; its message draws the same record in ASCII', () => {
  let now = 0;
  const timeline = new Timeline(() => now);
  const endA = timeline.begin('a');
  now = 5;
  endA();
  timeline.begin('b');
  now = 8;
  timeline.expect([{ label: 'a', start: 0, end: 5 }, { label: 'b', start: 0, end: 3 }]);
  let thrown: unknown;
  try {
    fail('took 8 ms', 'it should take 5 ms', 'Overlap them.', timeline);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(CheckFailure);
  const failure = thrown as CheckFailure;
  expect(failure.timeline).toEqual({
    now: 8,
    spans: [
      { label: 'a', start: 0, end: 5, state: 'done' },
      { label: 'b', start: 5, end: null, state: 'running' },
    ],
    expected: [
      { label: 'a', start: 0, end: 5, state: 'done' },
      { label: 'b', start: 0, end: 3, state: 'done' },
    ],
  });
  expect(failure.message).toContain(renderTimeline(failure.timeline!));
  expect(failure.message).toContain('Expected:');
  // The check reporter copies it as plain data; the runner accepts it.
  const copied = timelineOf(failure);
  expect(copied).toEqual(failure.timeline);
  expect(timelineRecord(copied)).toEqual(failure.timeline);
});

test('a text picture stays a text: no record', () => {
  expect(() => fail('x', 'y', undefined, 'a picture')).toThrow(expect.objectContaining({ message: 'x, but y.\n\na picture', timeline: undefined }));
});

test('the runner drops malformed timelines and bounds the rest', () => {
  expect(timelineRecord(undefined)).toBeUndefined();
  expect(timelineRecord({ now: 1, spans: [{ label: 'a', start: 0, end: 1, state: 'exploded' }] })).toBeUndefined();
  expect(timelineRecord({ now: 1, spans: [{ label: 'a', start: -1, end: 1, state: 'done' }] })).toBeUndefined();
  expect(timelineRecord({ now: Infinity, spans: [] })).toBeUndefined();
  const long = timelineRecord({ now: 1, spans: Array.from({ length: 500 }, () => ({ label: 'x'.repeat(500), start: 0, end: 1, state: 'done' })) });
  expect(long?.spans).toHaveLength(200);
  expect(long?.spans[0].label).toHaveLength(60);
});
