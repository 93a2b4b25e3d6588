// A timeline of tasks on the (virtual) clock. Graders record spans while the
// code under test runs; a failing check hands the timeline to `fail`, which
// keeps it as a structured record (TimelineRecord) on the CheckFailure. That
// one record is drawn twice: as ASCII in the failure message (renderTimeline,
// here) and as an SVG Gantt chart in grades/report.html (tools/report/gantt.ts).
// So a learner *sees* that their fetches ran one after another instead of side
// by side, in the terminal and in the browser.

export interface Span {
  label: string;
  start: number;
  end?: number;
  failed?: boolean;
  /** The task saw its AbortSignal and stopped. */
  aborted?: boolean;
}

/** How a span ended, for drawing. `running`: it had not ended when the picture was taken. */
export type SpanState = 'done' | 'failed' | 'aborted' | 'running';

export interface TimelineSpan {
  label: string;
  start: number;
  /** null: still running when the picture was taken (drawn up to `now`). */
  end: number | null;
  state: SpanState;
}

/**
 * The structured picture of one timeline, as it travels in results.json.
 * Times are ms (virtual for fake-clock checks). `expected` is the shape a correct
 * solution would have drawn for the same input, when the check knows it.
 */
export interface TimelineRecord {
  now: number;
  spans: TimelineSpan[];
  expected?: TimelineSpan[];
}

/** A span the grader expects: `end` is when a correct solution ends it. */
export interface ExpectedSpan {
  label: string;
  start: number;
  end: number;
  state?: SpanState;
}

const stateOf = (s: Span): SpanState => (s.end === undefined ? 'running' : s.aborted ? 'aborted' : s.failed ? 'failed' : 'done');

export class Timeline {
  readonly spans: Span[] = [];
  private expectedSpans: ExpectedSpan[] | undefined;

  constructor(private readonly now: () => number) {}

  /** Record that `label` started now; call the returned function when it ends. */
  begin(label: string): (failed?: boolean) => void {
    const span: Span = { label, start: this.now() };
    this.spans.push(span);
    return (failed = false) => {
      span.end = this.now();
      span.failed = failed;
    };
  }

  /** Number of spans that started and have not ended at virtual time `t`. */
  liveAt(t: number): number {
    return this.spans.filter((s) => s.start <= t && (s.end === undefined || s.end > t)).length;
  }

  /** The most spans ever live at once. */
  maxLive(): number {
    return Math.max(0, ...this.spans.map((s) => this.liveAt(s.start)));
  }

  /** The shape a correct solution draws for this input; pictures show it beside the learner's. Returns this. */
  expect(spans: ExpectedSpan[]): this {
    this.expectedSpans = spans;
    return this;
  }

  /** The structured picture as of now (a copy: later spans do not change it). */
  record(): TimelineRecord {
    const record: TimelineRecord = {
      now: this.now(),
      spans: this.spans.map((s) => ({ label: s.label, start: s.start, end: s.end ?? null, state: stateOf(s) })),
    };
    if (this.expectedSpans) record.expected = this.expectedSpans.map((s) => ({ label: s.label, start: s.start, end: s.end, state: s.state ?? 'done' }));
    return record;
  }

  render(width = 40): string {
    return renderTimeline(this.record(), width);
  }
}

const FILL: Record<SpanState, string> = { done: '█', failed: '▒', aborted: '▒', running: '░' };

function asciiRows(spans: TimelineSpan[], horizon: number, now: number, width: number, labelWidth: number): string[] {
  const col = (t: number) => Math.round((t / horizon) * width);
  return spans.map((s) => {
    const label = s.state === 'aborted' ? `${s.label} (aborted)` : s.label;
    const end = s.end ?? now;
    const from = col(s.start);
    const to = Math.max(from + 1, col(end));
    const bar = ' '.repeat(from) + FILL[s.state].repeat(to - from) + ' '.repeat(Math.max(0, width - to));
    const note = s.end === null ? `${s.start}–… (never finished)` : `${s.start}–${s.end}${s.state === 'failed' || s.state === 'aborted' ? ' (failed)' : ''}`;
    return `${label.slice(0, labelWidth).padEnd(labelWidth)} |${bar}| ${note}`;
  });
}

/** The ASCII Gantt chart of a record, for failure messages (one row per span; the expected shape below it). */
export function renderTimeline(record: TimelineRecord, width = 40): string {
  if (record.spans.length === 0 && !record.expected?.length) return '(no task was started)';
  const all = [...record.spans, ...(record.expected ?? [])];
  const horizon = Math.max(1, ...all.map((s) => s.end ?? record.now));
  const labels = all.map((s) => (s.state === 'aborted' ? `${s.label} (aborted)` : s.label));
  const labelWidth = Math.min(16, Math.max(...labels.map((l) => l.length)));
  const header = `${' '.repeat(labelWidth)}  0 ms${' '.repeat(Math.max(1, width - 4 - String(horizon).length - 3))}${horizon} ms`;
  const rows = record.spans.length === 0 ? ['(no task was started)'] : asciiRows(record.spans, horizon, record.now, width, labelWidth);
  if (!record.expected) return [header, ...rows].join('\n');
  return ['Yours:', header, ...rows, 'Expected:', ...asciiRows(record.expected, horizon, record.now, width, labelWidth)].join('\n');
}

export type Result<T> = { value: T } | { error: Error };

/**
 * A fake asynchronous task for graders: takes `ms` on the current (fake) clock,
 * records its span on the timeline and counts its calls.
 */
export function timedTask<T>(timeline: Timeline, label: string, ms: number, result: Result<T>) {
  const task = Object.assign(
    () => {
      task.calls += 1;
      const end = timeline.begin(label);
      return new Promise<T>((resolve, reject) => {
        setTimeout(() => {
          if ('error' in result) {
            end(true);
            reject(result.error);
          } else {
            end();
            resolve(result.value);
          }
        }, ms);
      });
    },
    { calls: 0 },
  );
  return task;
}
