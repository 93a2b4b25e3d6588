// Exercise 11: measure honestly. Read README.md beside this file first.
import { performance } from 'node:perf_hooks';

/** One case: called once per run; may return a promise, which is awaited before the run ends. */
export type Case = () => Promise<unknown> | unknown;

export interface BenchmarkOptions {
  /** Counted runs per case: a whole number >= 1. */
  runs: number;
  /** Uncounted warm-up runs per case, before the counted ones: a whole number >= 0. */
  warmup: number;
  /** The clock, in ms (default performance.now). A run's duration is now() after it minus now() before it. */
  now?: () => number;
}

export interface CaseResult {
  /** The case's key in `cases`. */
  name: string;
  /** How many runs were counted (= options.runs). */
  runs: number;
  /** The counted durations, in the order they ran. */
  samplesMs: number[];
  minMs: number;
  /** The middle of the sorted samples; for an even count, the mean of the two middle values. */
  medianMs: number;
  /** The sum of the samples divided by their count. */
  meanMs: number;
  maxMs: number;
}

function todo(name: string): never {
  const error = new Error(`${name} in 11-benchmark/benchmark.ts`);
  error.name = 'NotImplemented';
  throw error;
}

/**
 * Time every case, interleaved, and resolve with one CaseResult per case, in
 * the order of the keys of `cases` (Object.keys).
 *
 * - Options first: `runs` must be a whole number >= 1 and `warmup` a whole
 *   number >= 0, else reject with a RangeError whose message names the option
 *   ('runs' or 'warmup'), before calling any case.
 * - Then warmup + runs ROUNDS. Round r calls every case once, in key order, and
 *   awaits each call before the next. The first `warmup` rounds are warm-up
 *   rounds: their calls are made but not timed or counted.
 * - A counted call's duration is now() just after it settles minus now() just
 *   before it starts (options.now, default performance.now).
 */
export async function benchmark(cases: Record<string, Case>, options: BenchmarkOptions): Promise<CaseResult[]> {
  void cases;
  void options;
  void performance;
  return todo('benchmark()');
}

/**
 * The results as a markdown table, to paste in a report: a header row whose
 * columns are case, runs, min (ms), median (ms), max (ms); a separator row
 * (| --- | ...); then one row per result, in the order given, with the case's
 * name first and the times to at least 2 decimals. You may add columns (mean,
 * ...) anywhere after the name.
 */
export function formatTable(results: CaseResult[]): string {
  void results;
  return todo('formatTable()');
}
