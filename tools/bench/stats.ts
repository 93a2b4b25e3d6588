// The statistics and the run order of `npm run bench:models`. Pure: the clock
// is injected, so the tests check every number without timing anything.

export interface Summary {
  runs: number;
  minMs: number;
  medianMs: number;
  maxMs: number;
}

/** min/median/max of the samples; the median of an even count is the mean of the two middle ones. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { runs: sorted.length, minMs: sorted[0], medianMs, maxMs: sorted[sorted.length - 1] };
}

export interface Step {
  /** Index into the cases. */
  index: number;
  /** Round number: warmup rounds first (0 .. warmup-1), then measured ones. */
  round: number;
  warmup: boolean;
}

/**
 * The run order: round by round, every case once per round, so drift (another
 * process waking up, the CPU heating, the JIT) hits every case alike. Each
 * round starts one case later than the previous one, so no case always runs
 * first (right after the previous round's last case) or last.
 */
export function schedule(cases: number, runs: number, warmup: number): Step[] {
  if (!Number.isInteger(cases) || cases < 1) throw new RangeError(`cases must be a whole number >= 1, got ${cases}`);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a whole number >= 1, got ${runs}`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`warmup must be a whole number >= 0, got ${warmup}`);
  const steps: Step[] = [];
  for (let round = 0; round < warmup + runs; round++) {
    for (let k = 0; k < cases; k++) steps.push({ index: (round + k) % cases, round, warmup: round < warmup });
  }
  return steps;
}

export interface Case {
  name: string;
  run: () => Promise<unknown> | unknown;
}

export interface Measured extends Summary {
  name: string;
  samples: number[];
}

export interface MeasureOptions {
  runs: number;
  warmup: number;
  /** Milliseconds from any origin. Default: performance.now. */
  now?: () => number;
  /** Called after each step (progress dots). */
  onStep?: (step: Step) => void;
  /**
   * Called before each step, outside the timing: the CLI collects garbage here
   * (when Node runs with --expose-gc), so one case's garbage is not billed to
   * whichever case runs next.
   */
  between?: () => void;
}

/** Runs the cases interleaved (see schedule); warmup rounds are run, never counted. */
export async function measure(cases: readonly Case[], options: MeasureOptions): Promise<Measured[]> {
  const { runs, warmup, now = () => performance.now(), onStep, between } = options;
  const samples: number[][] = cases.map(() => []);
  for (const step of schedule(cases.length, runs, warmup)) {
    between?.();
    const start = now();
    await cases[step.index].run();
    const elapsed = now() - start;
    if (!step.warmup) samples[step.index].push(elapsed);
    onStep?.(step);
  }
  return cases.map((c, i) => ({ name: c.name, ...summarize(samples[i]), samples: samples[i] }));
}
