// A timeline of tasks on the (virtual) clock, drawn as an ASCII Gantt chart.
// Time-related failure messages include the picture, so a learner *sees* that
// their fetches ran one after another instead of side by side.

export interface Span {
  label: string;
  start: number;
  end?: number;
  failed?: boolean;
}

export class Timeline {
  readonly spans: Span[] = [];

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

  render(width = 40): string {
    if (this.spans.length === 0) return '(no task was started)';
    const now = this.now();
    const endOf = (s: Span) => s.end ?? now;
    const horizon = Math.max(1, ...this.spans.map(endOf));
    const col = (t: number) => Math.round((t / horizon) * width);
    const labelWidth = Math.min(16, Math.max(...this.spans.map((s) => s.label.length)));
    const header = `${' '.repeat(labelWidth)}  0 ms${' '.repeat(Math.max(1, width - 4 - String(horizon).length - 3))}${horizon} ms`;
    const rows = this.spans.map((s) => {
      const from = col(s.start);
      const to = Math.max(from + 1, col(endOf(s)));
      const fill = s.end === undefined ? '░' : s.failed ? '▒' : '█';
      const bar = ' '.repeat(from) + fill.repeat(to - from) + ' '.repeat(Math.max(0, width - to));
      const note = s.end === undefined ? `${s.start}–… (never finished)` : `${s.start}–${s.end}${s.failed ? ' (failed)' : ''}`;
      return `${s.label.slice(0, labelWidth).padEnd(labelWidth)} |${bar}| ${note}`;
    });
    return [header, ...rows].join('\n');
  }
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
