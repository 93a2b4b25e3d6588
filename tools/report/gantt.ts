// A check's timeline (TimelineRecord, graders/support/timeline.ts) drawn as an
// SVG Gantt chart for grades/report.html: one row per task, a bar per span
// coloured by how it ended (done, failed, aborted, still running), the expected
// shape under the learner's when the check knows it, and a time axis in ms.
// The failure message draws the same record in ASCII (renderTimeline).
import type { SpanState, TimelineRecord, TimelineSpan } from '../../graders/support/timeline';
import { htmlText } from './escape';

const LABEL_W = 150;
const PLOT_W = 460;
const ROW_H = 20;
const BAR_H = 13;
const AXIS_H = 26;
const HEADING_H = 20;
const PAD = 8;
const LABEL_CHARS = 22;

export const STATE_COLOURS: Record<SpanState, string> = {
  done: '#2f6fb3',
  failed: '#c62828',
  aborted: '#ef8f00',
  running: '#9e9e9e',
};

const STATE_WORDS: Record<SpanState, string> = { done: 'done', failed: 'failed', aborted: 'aborted', running: 'never finished' };

/** Round ms steps (1, 2, 5 × 10^k) giving about `target` ticks from 0 to at least `horizon`. */
export function axisTicks(horizon: number, target = 5): number[] {
  const span = Math.max(1, horizon);
  const raw = span / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const wholeStep = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let t = 0; ; t += wholeStep) {
    ticks.push(t);
    if (t >= span) return ticks; // the last tick is at or past the end, so every bar fits
  }
}

const cut = (label: string) => (label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label);
const fmt = (n: number) => String(Math.round(n * 10) / 10);

function rows(spans: TimelineSpan[], top: number, x: (t: number) => number, now: number, kind: 'actual' | 'expected'): string[] {
  return spans.map((s, i) => {
    const y = top + i * ROW_H;
    const end = s.end ?? now;
    const x0 = x(s.start);
    const width = Math.max(2, x(end) - x0);
    const words = `${s.label}: ${s.start}–${s.end === null ? '…' : s.end} ms, ${STATE_WORDS[s.state]}`;
    const dashed = s.state === 'running' ? ' stroke="#616161" stroke-dasharray="3 2"' : '';
    const faded = kind === 'expected' ? ' fill-opacity="0.45"' : '';
    return (
      `<g class="row ${kind}">` +
      `<text class="task" x="${LABEL_W - 6}" y="${fmt(y + BAR_H - 2)}" text-anchor="end">${htmlText(cut(s.label))}</text>` +
      `<rect class="bar ${s.state}" data-state="${s.state}" x="${fmt(x0)}" y="${fmt(y)}" width="${fmt(width)}" height="${BAR_H}" rx="2" fill="${STATE_COLOURS[s.state]}"${faded}${dashed}>` +
      `<title>${htmlText(words)}</title></rect>` +
      '</g>'
    );
  });
}

/** The SVG element (a string) for one timeline record. */
export function ganttSvg(record: TimelineRecord, caption = 'Timeline of your tasks'): string {
  const expected = record.expected ?? [];
  const horizon = Math.max(1, record.now, ...[...record.spans, ...expected].map((s) => s.end ?? record.now));
  const ticks = axisTicks(horizon);
  const last = ticks[ticks.length - 1];
  const x = (t: number) => LABEL_W + (t / last) * PLOT_W;
  const headed = expected.length > 0;
  let y = PAD;
  const parts: string[] = [];
  const heading = (text: string) => {
    parts.push(`<text class="heading" x="${PAD}" y="${y + 13}">${text}</text>`);
    y += HEADING_H;
  };
  if (headed) heading('Yours');
  if (record.spans.length === 0) {
    parts.push(`<text class="empty" x="${LABEL_W}" y="${y + BAR_H - 2}">(no task was started)</text>`);
    y += ROW_H;
  } else {
    parts.push(...rows(record.spans, y, x, record.now, 'actual'));
    y += record.spans.length * ROW_H;
  }
  if (headed) {
    heading('Expected');
    parts.push(...rows(expected, y, x, record.now, 'expected'));
    y += expected.length * ROW_H;
  }
  const plotBottom = y;
  const grid = ticks
    .map(
      (t) =>
        `<line class="grid" x1="${fmt(x(t))}" y1="${PAD}" x2="${fmt(x(t))}" y2="${plotBottom}" stroke="#e0e0e0"/>` +
        `<text class="tick" x="${fmt(x(t))}" y="${plotBottom + 16}" text-anchor="middle">${t}</text>`,
    )
    .join('');
  const axis =
    `<g class="axis">${grid}<line x1="${LABEL_W}" y1="${plotBottom}" x2="${LABEL_W + PLOT_W}" y2="${plotBottom}" stroke="#757575"/>` +
    `<text class="unit" x="${LABEL_W + PLOT_W + 20}" y="${plotBottom + 16}">ms</text></g>`;
  const height = plotBottom + AXIS_H;
  const width = LABEL_W + PLOT_W + 44;
  return (
    `<svg class="gantt" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${htmlText(caption)}">` +
    `<title>${htmlText(caption)}</title>${axis}${parts.join('')}</svg>`
  );
}

/** The colour key shown once per page. */
export function ganttLegend(): string {
  const items = (Object.keys(STATE_COLOURS) as SpanState[]).map(
    (s) => `<span class="key"><svg width="14" height="10" aria-hidden="true"><rect width="14" height="10" rx="2" fill="${STATE_COLOURS[s]}"/></svg> ${STATE_WORDS[s]}</span>`,
  );
  return `<p class="legend">${items.join(' ')} <span class="key">(faded: what a correct solution does)</span></p>`;
}
