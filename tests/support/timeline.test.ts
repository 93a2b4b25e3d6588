// The timeline: spans of fake tasks, how many ran at once, and the picture that
// failure messages draw. The picture is pinned as a snapshot: a learner reads it.
import { onVirtualClock } from '../../graders/support/clock';
import { Timeline, timedTask } from '../../graders/support/timeline';

/** A timeline on a hand-moved clock, so spans can be placed exactly. */
function manual() {
  let now = 0;
  const timeline = new Timeline(() => now);
  return { timeline, at: (t: number) => (now = t) };
}

test('the picture: finished, failed and never-finished spans, scaled to the latest end', () => {
  const { timeline, at } = manual();
  const a = timeline.begin('weather');
  const b = timeline.begin('news');
  at(1_000);
  a();
  const c = timeline.begin('a-very-long-source-name');
  at(2_000);
  b(true);
  at(3_000);
  c();
  at(3_500);
  timeline.begin('stuck');
  at(4_000);
  expect(`\n${timeline.render()}\n`).toBe(`
                  0 ms                             4000 ms
weather          |██████████                              | 0–1000
news             |▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒                    | 0–2000 (failed)
a-very-long-sour |          ████████████████████          | 1000–3000
stuck            |                                   ░░░░░| 3500–… (never finished)
`);
});

test('the picture of tasks that ran one after another is a staircase', () => {
  const { timeline, at } = manual();
  const end0 = timeline.begin('src0');
  at(1_000);
  end0();
  const end1 = timeline.begin('src1');
  at(3_000);
  end1();
  expect(`\n${timeline.render(20)}\n`).toBe(`
      0 ms         3000 ms
src0 |███████             | 0–1000
src1 |       █████████████| 1000–3000
`);
});

test('a zero-length span still shows one cell; no span at all says so', () => {
  const { timeline } = manual();
  expect(timeline.render()).toBe('(no task was started)');
  timeline.begin('instant')();
  expect(timeline.render(10).split('\n')[1]).toBe('instant |█         | 0–0');
});

test('liveAt and maxLive count overlapping spans; an end is exclusive', () => {
  const { timeline, at } = manual();
  expect(timeline.maxLive()).toBe(0);
  const a = timeline.begin('a');
  at(10);
  const b = timeline.begin('b');
  at(20);
  a();
  const c = timeline.begin('c'); // starts as a ends: never three at once
  at(30);
  expect(timeline.liveAt(0)).toBe(1);
  expect(timeline.liveAt(15)).toBe(2);
  expect(timeline.liveAt(20)).toBe(2);
  expect(timeline.maxLive()).toBe(2);
  b();
  c();
  expect(timeline.liveAt(30)).toBe(0);
  expect(timeline.spans).toEqual([
    { label: 'a', start: 0, end: 20, failed: false },
    { label: 'b', start: 10, end: 30, failed: false },
    { label: 'c', start: 20, end: 30, failed: false },
  ]);
});

test('timedTask takes its time on the clock, records its span and counts its calls', () =>
  onVirtualClock(async (clock) => {
    const timeline = new Timeline(() => clock.now);
    const ok = timedTask(timeline, 'ok', 300, { value: 'v' });
    const bad = timedTask(timeline, 'bad', 100, { error: new Error('down') });
    const outcomes = await clock.run(() => Promise.allSettled([ok(), bad(), ok()]));
    expect(outcomes).toMatchObject({ status: 'fulfilled', at: 300 });
    expect(ok.calls).toBe(2);
    expect(bad.calls).toBe(1);
    expect(timeline.spans).toEqual([
      { label: 'ok', start: 0, end: 300, failed: false },
      { label: 'bad', start: 0, end: 100, failed: true },
      { label: 'ok', start: 0, end: 300, failed: false },
    ]);
    const [first, second] = (outcomes as { value: PromiseSettledResult<string>[] }).value;
    expect(first).toEqual({ status: 'fulfilled', value: 'v' });
    expect(second).toMatchObject({ status: 'rejected', reason: { message: 'down' } });
  }));
