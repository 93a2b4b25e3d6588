// Exercise 11: measure honestly. The reference solution (never shipped to learners).
import { performance } from 'node:perf_hooks';

/** One case: called once per run; may return a promise, which is awaited. */
export type Case = () => Promise<unknown> | unknown;

export interface BenchmarkOptions {
  runs: number;
  warmup: number;
  now?: () => number;
}

export interface CaseResult {
  name: string;
  runs: number;
  samplesMs: number[];
  minMs: number;
  medianMs: number;
  meanMs: number;
  maxMs: number;
}

function wholeNumber(value: unknown, name: string, least: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < least) {
    throw new RangeError(`benchmark: options.${name} must be a whole number >= ${least}, got ${String(value)}`);
  }
  return value;
}

/** Median of a sorted, non-empty list: the middle value, or the mean of the two middle values. */
function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summarize(name: string, samplesMs: number[]): CaseResult {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const total = samplesMs.reduce((sum, ms) => sum + ms, 0);
  return {
    name,
    runs: samplesMs.length,
    samplesMs,
    minMs: sorted[0],
    medianMs: median(sorted),
    meanMs: total / samplesMs.length,
    maxMs: sorted[sorted.length - 1],
  };
}

export async function benchmark(cases: Record<string, Case>, options: BenchmarkOptions): Promise<CaseResult[]> {
  const runs = wholeNumber(options?.runs, 'runs', 1);
  const warmup = wholeNumber(options?.warmup, 'warmup', 0);
  const now = options.now ?? (() => performance.now());
  const names = Object.keys(cases);
  const samples = new Map<string, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < warmup + runs; round++) {
    for (const name of names) {
      if (round < warmup) {
        await cases[name]();
        continue;
      }
      const start = now();
      await cases[name]();
      samples.get(name)!.push(now() - start);
    }
  }
  return names.map((name) => summarize(name, samples.get(name)!));
}

const fixed = (ms: number) => ms.toFixed(2);

/** A markdown table: one row per case, in the order given. */
export function formatTable(results: CaseResult[]): string {
  const lines = ['| case | runs | min (ms) | median (ms) | max (ms) |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const r of results) lines.push(`| ${r.name} | ${r.runs} | ${fixed(r.minMs)} | ${fixed(r.medianMs)} | ${fixed(r.maxMs)} |`);
  return lines.join('\n');
}
