// npm run bench:models: its pure parts, with no real timing. The statistics
// and run order (stats.ts), and what it writes (render.ts): markdown tables and
// the SVG chart. The figures themselves are never asserted: it is a benchmark.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { loadLibrary, type Comparison } from '../../tools/bench/libraries';
import { cell, comparisonsTable, markdown, modelsChart, modelsTable, svgChart, ticks, xml, type Report } from '../../tools/bench/render';
import { measure, schedule, summarize, type Summary } from '../../tools/bench/stats';

const stat = (medianMs: number, minMs = medianMs, maxMs = medianMs, runs = 3): Summary => ({ runs, minMs, medianMs, maxMs });

describe('summarize', () => {
  test('odd count: the middle value; even count: the mean of the two middle ones', () => {
    expect(summarize([5, 1, 3])).toEqual({ runs: 3, minMs: 1, medianMs: 3, maxMs: 5 });
    expect(summarize([4, 1, 10, 2])).toEqual({ runs: 4, minMs: 1, medianMs: 3, maxMs: 10 });
    expect(summarize([7])).toEqual({ runs: 1, minMs: 7, medianMs: 7, maxMs: 7 });
  });

  test('exact against a naive definition, whatever the order of the samples', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 40 }), (xs) => {
        const s = summarize(xs);
        const below = (v: number) => xs.filter((x) => x < v).length;
        const above = (v: number) => xs.filter((x) => x > v).length;
        expect(s.minMs).toBe(Math.min(...xs));
        expect(s.maxMs).toBe(Math.max(...xs));
        expect(s.runs).toBe(xs.length);
        // A median splits the samples in halves: at most half strictly below it, at most half strictly above.
        expect(below(s.medianMs)).toBeLessThanOrEqual(xs.length / 2);
        expect(above(s.medianMs)).toBeLessThanOrEqual(xs.length / 2);
        if (xs.length % 2 === 1) expect(xs).toContain(s.medianMs);
      }),
    );
  });

  test('does not reorder its input; no samples is an error', () => {
    const xs = [3, 1, 2];
    summarize(xs);
    expect(xs).toEqual([3, 1, 2]);
    expect(() => summarize([])).toThrow(/no samples/);
  });
});

describe('schedule: interleaved run by run', () => {
  test('warmup rounds first, every case once a round, each round starting one case later', () => {
    const order = schedule(3, 2, 1).map((s) => `${s.round}:${s.index}${s.warmup ? 'w' : ''}`);
    expect(order).toEqual(['0:0w', '0:1w', '0:2w', '1:1', '1:2', '1:0', '2:2', '2:0', '2:1']);
  });

  test('any sizes: runs + warmup rounds, each a permutation of the cases; exactly `runs` counted per case', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 }), (cases, runs, warmup) => {
        const steps = schedule(cases, runs, warmup);
        expect(steps).toHaveLength(cases * (runs + warmup));
        for (let round = 0; round < runs + warmup; round++) {
          const these = steps.slice(round * cases, (round + 1) * cases);
          expect(these.every((s) => s.round === round && s.warmup === round < warmup)).toBe(true);
          expect(these.map((s) => s.index).sort((a, b) => a - b)).toEqual([...Array(cases).keys()]);
        }
        for (let i = 0; i < cases; i++) expect(steps.filter((s) => s.index === i && !s.warmup)).toHaveLength(runs);
      }),
    );
  });

  test('bad sizes are clear errors', () => {
    expect(() => schedule(2, 0, 1)).toThrow('runs must be a whole number >= 1, got 0');
    expect(() => schedule(2, 3, -1)).toThrow('warmup must be a whole number >= 0, got -1');
    expect(() => schedule(0, 3, 1)).toThrow('cases must be a whole number >= 1, got 0');
    expect(() => schedule(2, 1.5, 1)).toThrow(/runs/);
  });
});

describe('measure (injected clock)', () => {
  test('times each step on the clock, drops warmup runs, keeps the schedule order', async () => {
    let clock = 0;
    const calls: string[] = [];
    // Each case "takes" its next duration from a list: warmup first, then the counted runs.
    const durations: Record<string, number[]> = { a: [100, 1, 2, 3], b: [200, 10, 30, 20] };
    const make = (name: string) => ({
      name,
      run: async () => {
        calls.push(name);
        clock += durations[name].shift()!;
      },
    });
    // `between` runs before every step, outside the timing: the time it takes is billed to no case.
    const between = () => {
      calls.push('|');
      clock += 1000;
    };
    const result = await measure([make('a'), make('b')], { runs: 3, warmup: 1, now: () => clock, between });
    expect(calls.join('')).toBe('|a|b|b|a|a|b|b|a');
    expect(result).toEqual([
      { name: 'a', runs: 3, minMs: 1, medianMs: 2, maxMs: 3, samples: [1, 2, 3] },
      { name: 'b', runs: 3, minMs: 10, medianMs: 20, maxMs: 30, samples: [10, 30, 20] },
    ]);
  });
});

const machine = { cpuModel: 'Test CPU | <b>', cores: 2, nodeVersion: 'v20.0.0', platform: 'Linux', loadAverage: [24.5, 20, 10] as [number, number, number], date: '2026-11-30T13:00:00Z' };
const models = ['sequential', 'async overlap', 'worker threads', 'child processes'];
const report = (overrides: Partial<Report> = {}): Report => ({
  machine,
  runs: 3,
  warmup: 1,
  quick: false,
  workers: 2,
  gc: true,
  models: [
    { workload: 'io-bound', description: 'waits', cells: [stat(160, 150, 170), stat(20), stat(80), stat(90)].map((measured, i) => ({ model: models[i], measured })) },
    { workload: 'cpu-bound', description: 'sums', cells: [stat(100), stat(110), stat(50), stat(60)].map((measured, i) => ({ model: models[i], measured })) },
  ],
  comparisons: [],
  ...overrides,
});
const measured = (name: string, m: Summary) => ({ name, ...m, samples: [] });

describe('markdown', () => {
  test('a cell cannot break the table, start HTML or span lines', () => {
    expect(cell('a | b')).toBe('a \\| b');
    expect(cell('<script>&')).toBe('&lt;script&gt;&amp;');
    expect(cell('one\n  two')).toBe('one two');
  });

  test('models table: median (min–max) per model, the fastest, its speedup over sequential', () => {
    const lines = modelsTable(report().models).split('\n');
    expect(lines[0]).toBe('| workload | sequential, ms | async overlap, ms | worker threads, ms | child processes, ms | fastest (median) | speedup vs sequential |');
    expect(lines[2]).toBe('| io-bound | 160 (150–170) | 20.0 (20.0–20.0) | 80.0 (80.0–80.0) | 90.0 (90.0–90.0) | async overlap | 8.00× |');
    expect(lines[3]).toContain('| worker threads | 2.00× |');
  });

  test('comparisons: ratio of medians, speedups from the baseline, a missing library says so', () => {
    const rows: Comparison[] = [
      { what: 'cpu', reference: 'pool', library: 'piscina 5', note: 'n', measured: { reference: measured('r', stat(50)), library: measured('l', stat(40)), baseline: measured('b', stat(100)) } },
      { what: 'limit', reference: 'orchestrate', library: 'p-limit', note: 'n', missing: 'not installed' },
    ];
    const lines = comparisonsTable(rows).split('\n');
    expect(lines[2]).toBe('| cpu | pool | piscina 5 | 50.0 (50.0–50.0), speedup 2.00× | 40.0 (40.0–40.0), speedup 2.50× | 1.25× |');
    expect(lines[3]).toBe('| limit | orchestrate | p-limit | — | — | not installed |');
  });

  test('names the machine, the date and the load; says when the load exceeded the cores', () => {
    const busy = markdown(report(), 'benchmarks.svg');
    expect(busy).toContain('2026-11-30T13:00:00Z');
    expect(busy).toContain('Test CPU \\| &lt;b&gt;, 2 core(s)');
    expect(busy).toContain('Load average at the start (1 / 5 / 15 min): 24.50 / 20.00 / 10.00');
    expect(busy).toMatch(/more than the 2 core\(s\)/);
    expect(busy).toContain('![Median time per model and workload](benchmarks.svg)');
    const idle = markdown(report({ machine: { ...machine, loadAverage: [0.5, 0.4, 0.3] } }), 'benchmarks.svg');
    expect(idle).not.toMatch(/more than the/);
  });
});

describe('SVG chart', () => {
  const widths = (svg: string) => [...svg.matchAll(/<rect class="bar" x="[\d.]+" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));

  test('bars are proportional to the medians, on one shared axis', () => {
    const svg = svgChart('t', [{ label: 'g1', bars: [{ label: 'a', summary: stat(10) }, { label: 'b', summary: stat(40) }] }, { label: 'g2', bars: [{ label: 'a', summary: stat(25, 20, 30) }] }], 'ms');
    const [a, b, c] = widths(svg);
    expect(b / a).toBeCloseTo(4, 2);
    expect(c / a).toBeCloseTo(2.5, 2);
    // The axis reaches past the longest whisker: 0..40 in steps of 10.
    for (const t of [0, 10, 20, 30, 40]) expect(svg).toContain(`text-anchor="middle">${t}</text>`);
  });

  test('every label is escaped: no markup can be injected', () => {
    const svg = svgChart('<title> & "x"', [{ label: '<script>alert(1)</script>', bars: [{ label: "a'<b>", summary: stat(1) }] }], 'ms & <more>');
    expect(svg).not.toMatch(/<script|<b>|<more>/);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('a&#39;&lt;b&gt;');
    // Every & starts an entity.
    expect(svg.match(/&(?!(amp|lt|gt|quot|#39);)/g)).toBeNull();
    expect(xml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });

  test('a plain standalone SVG: namespace, size, one bar per model and workload, a legend, the load in the title', () => {
    const svg = modelsChart(report());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/<script|<foreignObject|href=/);
    expect(widths(svg)).toHaveLength(8);
    for (const m of models) expect(svg).toContain(`>${m}</text>`);
    expect(svg).toContain('load 24.5 at start');
  });

  test('ticks: 1, 2 or 5 × 10^k apart, from 0 to at least the maximum', () => {
    expect(ticks(40)).toEqual([0, 10, 20, 30, 40]);
    expect(ticks(139)).toEqual([0, 50, 100, 150]);
    expect(ticks(0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(ticks(0)).toEqual([0, 1]);
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e6, noNaN: true }), (max) => {
        const t = ticks(max);
        expect(t[0]).toBe(0);
        expect(t[t.length - 1]).toBeGreaterThanOrEqual(max);
        expect(t.length).toBeLessThanOrEqual(12);
      }),
    );
  });
});

test('a library that is not installed is a row that says so, not a crash', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-models-'));
  try {
    expect(await loadLibrary('p-limit', root)).toEqual({ name: 'p-limit', missing: 'not installed' });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
