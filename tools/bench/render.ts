// What `npm run bench:models` writes: docs/benchmarks.md (tables) and
// docs/benchmarks.svg (a bar chart). Pure functions of the measurements, so the
// tests check them without timing anything. The SVG is plain (no scripts, no
// external fonts or styles) so GitHub shows it as an image.
import type { Comparison } from './libraries';
import type { Measured, Summary } from './stats';

export interface Machine {
  cpuModel: string;
  cores: number;
  nodeVersion: string;
  platform: string;
  /** os.loadavg() when the run started: 1, 5 and 15 minutes. */
  loadAverage: [number, number, number];
  date: string;
}

export interface ModelRow {
  workload: string;
  description: string;
  /** One per model, in column order. */
  cells: Array<{ model: string; measured: Summary }>;
}

export interface Report {
  machine: Machine;
  runs: number;
  warmup: number;
  quick: boolean;
  workers: number;
  /** Whether garbage was collected before every step (Node ran with --expose-gc). */
  gc: boolean;
  models: ModelRow[];
  comparisons: Comparison[];
}

/** A figure in ms, with as many digits as it deserves. */
export function ms(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export const ratio = (value: number): string => `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}×`;

/** Text made safe inside a markdown table cell: no cell breaks, no HTML, one line. */
export function cell(text: string): string {
  return String(text)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|');
}

const spread = (m: Summary) => `${ms(m.medianMs)} (${ms(m.minMs)}–${ms(m.maxMs)})`;

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** The models × workloads table: median (min–max) in ms, the fastest model and its speedup over sequential. */
export function modelsTable(rows: ModelRow[]): string {
  const models = rows[0]?.cells.map((c) => c.model) ?? [];
  return table(
    ['workload', ...models.map((m) => `${m}, ms`), 'fastest (median)', 'speedup vs sequential'],
    rows.map((row) => {
      const best = row.cells.reduce((a, b) => (b.measured.medianMs < a.measured.medianMs ? b : a));
      const sequential = row.cells[0].measured.medianMs;
      return [row.workload, ...row.cells.map((c) => spread(c.measured)), best.model, ratio(sequential / best.measured.medianMs)];
    }),
  );
}

/** Reference vs library: medians, and the ratio of the reference's time to the library's (below 1: the reference is faster). */
export function comparisonsTable(comparisons: Comparison[]): string {
  return table(
    ['job', 'reference', 'library', 'reference, ms', 'library, ms', 'reference ÷ library time'],
    comparisons.map((c) => {
      if (!c.measured) return [c.what, c.reference, c.library, '—', '—', c.missing ?? 'not measured'];
      const { reference, library, baseline } = c.measured;
      const speedup = (m: Measured) => (baseline ? `, speedup ${ratio(baseline.medianMs / m.medianMs)}` : '');
      return [c.what, c.reference, c.library, spread(reference) + speedup(reference), spread(library) + speedup(library), ratio(reference.medianMs / library.medianMs)];
    }),
  );
}

export function markdown(report: Report, svgFile: string): string {
  const { machine: m } = report;
  const load = m.loadAverage.map((x) => x.toFixed(2)).join(' / ');
  const busy = m.loadAverage[0] > m.cores;
  const baselines = report.comparisons.filter((c) => c.measured?.baseline);
  return [
    '# Benchmarks: concurrency models and the reference solutions',
    '',
    `Written by \`npm run bench:models\`${report.quick ? ' (`--quick`)' : ''}. A benchmark, not a test: nothing in \`npm run verify\` reads these figures. Regenerate them on your own machine; the ratios travel better than the milliseconds.`,
    '',
    '## The machine',
    '',
    `- Date: ${m.date}`,
    `- CPU: ${cell(m.cpuModel)}, ${m.cores} core(s) available to Node`,
    `- Node ${m.nodeVersion} on ${cell(m.platform)}`,
    `- Load average at the start (1 / 5 / 15 min): ${load}${busy ? ` — **more than the ${m.cores} core(s): the machine was busy with other work, so every figure is slower and noisier than on an idle machine, and parallel speedups are smaller than the core count suggests**` : ''}`,
    `- ${report.runs} measured run(s) per case after ${report.warmup} warmup run(s) (not counted); cases interleaved run by run (each round runs every case once, starting one case later than the round before), so drift hits them alike${report.gc ? '; garbage collected before every run, outside the timing, so no case pays for the previous one' : ''}. Figures: median (min–max) wall time in ms.`,
    `- Pools: ${report.workers} worker(s) each, started once before timing (start-up is not in the figures).`,
    '',
    '## Models × workloads',
    '',
    `![Median time per model and workload](${svgFile})`,
    '',
    modelsTable(report.models),
    '',
    ...report.models.map((row) => `- **${cell(row.workload)}**: ${cell(row.description)}.`),
    '',
    'What the lessons predict, to hold against the figures: async overlap wins I/O-bound work (the waits overlap on one thread); only threads or processes make CPU-bound work faster, by at most the number of *free* cores (on a busy machine, less); the 04 pool runs one task per worker at a time, so it overlaps I/O only as many ways as it has workers; child processes cost more per message than threads (serialisation through a pipe) but share nothing.',
    '',
    '## Reference solutions vs the libraries you would use instead',
    '',
    comparisonsTable(report.comparisons),
    '',
    ...report.comparisons.map((c) => `- **${cell(c.what)}**: ${cell(c.note)}`),
    ...(baselines.length > 0 ? ['', `Speedup rows also ran the same tasks on the main thread alone, in the same rounds: ${baselines.map((c) => `${ms(c.measured!.baseline!.medianMs)} ms`).join(', ')} (median).`] : []),
    '',
  ].join('\n');
}

// --- SVG bar chart ---------------------------------------------------------------

export interface Bar {
  label: string;
  summary: Summary;
}

export interface Group {
  label: string;
  bars: Bar[];
}

export function xml(text: string): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Axis ticks: 1, 2 or 5 × 10^k apart, from 0 to at least max, about five of them. */
export function ticks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= rough)!;
  const out: number[] = [];
  for (let t = 0; t < max + step / 2 && out.length < 50; t += step) out.push(Number(t.toPrecision(12)));
  if (out[out.length - 1] < max) out.push(Number((out[out.length - 1] + step).toPrecision(12)));
  return out;
}

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#b07aa1'];

export interface ChartLayout {
  width: number;
  left: number;
  plotWidth: number;
  barHeight: number;
}

export const LAYOUT: ChartLayout = { width: 820, left: 190, plotWidth: 520, barHeight: 16 };

/**
 * Horizontal bars, one group per workload, one bar per model: the bar is the
 * median, the thin line across it runs from min to max. One shared axis in ms,
 * so bars compare across groups too.
 */
export function svgChart(title: string, groups: Group[], axisLabel: string, layout: ChartLayout = LAYOUT): string {
  const { width, left, plotWidth, barHeight } = layout;
  const max = Math.max(...groups.flatMap((g) => g.bars.map((b) => b.summary.maxMs)), 0);
  const axis = ticks(max);
  const top = axis[axis.length - 1];
  const x = (value: number) => left + (value / top) * plotWidth;
  const labels = [...new Set(groups.flatMap((g) => g.bars.map((b) => b.label)))];
  const colour = (label: string) => PALETTE[labels.indexOf(label) % PALETTE.length];
  const parts: string[] = [];
  let y = 40;
  // Legend: one swatch per bar label.
  labels.forEach((label, i) => {
    const lx = left + i * 150;
    parts.push(`<rect x="${lx}" y="${y - 10}" width="12" height="12" fill="${colour(label)}"/>`, `<text x="${lx + 16}" y="${y}">${xml(label)}</text>`);
  });
  y += 20;
  const plotTop = y;
  for (const group of groups) {
    parts.push(`<text x="8" y="${y + barHeight - 3}" font-weight="bold">${xml(group.label)}</text>`);
    for (const bar of group.bars) {
      const { minMs, medianMs, maxMs } = bar.summary;
      const mid = y + barHeight / 2;
      parts.push(
        `<text x="${left - 8}" y="${y + barHeight - 4}" text-anchor="end">${xml(bar.label)}</text>`,
        `<rect class="bar" x="${left}" y="${y}" width="${(x(medianMs) - left).toFixed(2)}" height="${barHeight - 3}" fill="${colour(bar.label)}"><title>${xml(`${group.label} / ${bar.label}: median ${ms(medianMs)} ms (min ${ms(minMs)}, max ${ms(maxMs)})`)}</title></rect>`,
        `<line x1="${x(minMs).toFixed(2)}" x2="${x(maxMs).toFixed(2)}" y1="${mid - 1.5}" y2="${mid - 1.5}" stroke="#222" stroke-width="1.5"/>`,
        `<text x="${(x(maxMs) + 6).toFixed(2)}" y="${y + barHeight - 4}">${ms(medianMs)} ms</text>`,
      );
      y += barHeight;
    }
    y += 12;
  }
  const plotBottom = y;
  // The axis: a baseline, ticks with their values, a grid line per tick, and its label.
  parts.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${plotBottom}" y2="${plotBottom}" stroke="#222"/>`);
  parts.push(`<line x1="${left}" x2="${left}" y1="${plotTop - 4}" y2="${plotBottom}" stroke="#222"/>`);
  // Grid lines go under the bars (drawn first), tick marks and values over the axis.
  const grid = axis.map((t) => `<line x1="${x(t).toFixed(2)}" x2="${x(t).toFixed(2)}" y1="${plotTop - 4}" y2="${plotBottom}" stroke="#ddd"/>`);
  for (const t of axis) {
    parts.push(
      `<line x1="${x(t).toFixed(2)}" x2="${x(t).toFixed(2)}" y1="${plotBottom}" y2="${plotBottom + 5}" stroke="#222"/>`,
      `<text x="${x(t).toFixed(2)}" y="${plotBottom + 18}" text-anchor="middle">${t}</text>`,
    );
  }
  parts.push(`<text x="${left + plotWidth / 2}" y="${plotBottom + 38}" text-anchor="middle">${xml(axisLabel)}</text>`);
  const height = plotBottom + 52;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Arial, Helvetica, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="8" y="18" font-size="14" font-weight="bold">${xml(title)}</text>`,
    ...grid,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

/** The chart of the models × workloads table. */
export function modelsChart(report: Report): string {
  const { machine: m } = report;
  return svgChart(
    `Concurrency models × workloads — ${m.cores} core(s), Node ${m.nodeVersion}, load ${m.loadAverage[0].toFixed(1)} at start, ${m.date.slice(0, 10)}`,
    report.models.map((row) => ({ label: row.workload, bars: row.cells.map((c) => ({ label: c.model, summary: c.measured })) })),
    'median wall time per batch, ms (shorter is better); the line across a bar spans min to max',
  );
}
