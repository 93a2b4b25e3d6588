// A check's timeline as it arrives from the grading process: learner code ran
// in that process, so the record is validated and bounded before it enters the
// results model (tools/results.ts). Anything malformed is dropped: a picture is
// informative only and never changes a score.
import type { SpanState, TimelineRecord, TimelineSpan } from '../graders/support/timeline';

const MAX_SPANS = 200;
const MAX_LABEL = 60;
const STATES: readonly SpanState[] = ['done', 'failed', 'aborted', 'running'];

const time = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 1e12;

function spansOf(value: unknown): TimelineSpan[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const spans: TimelineSpan[] = [];
  for (const s of value.slice(0, MAX_SPANS)) {
    if (!s || typeof s !== 'object') return undefined;
    const { label, start, end, state } = s as Record<string, unknown>;
    if (typeof label !== 'string' || !time(start) || !(end === null || time(end)) || !STATES.includes(state as SpanState)) return undefined;
    spans.push({ label: label.slice(0, MAX_LABEL), start, end: end === null ? null : Math.max(start, end), state: state as SpanState });
  }
  return spans;
}

/** A valid, bounded TimelineRecord, or undefined. */
export function timelineRecord(value: unknown): TimelineRecord | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { now, spans, expected } = value as Record<string, unknown>;
  const actual = spansOf(spans);
  if (!time(now) || !actual) return undefined;
  const record: TimelineRecord = { now, spans: actual };
  const shape = expected === undefined ? undefined : spansOf(expected);
  if (shape) record.expected = shape;
  return record;
}
