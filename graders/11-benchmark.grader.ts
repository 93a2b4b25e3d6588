// Grader for 11-benchmark. Lesson: measure, don't guess, and measure honestly:
// warm up, repeat, interleave the cases run by run, report the spread, then
// choose the model that fits the workload. The statistics and the run order are
// graded on an injected clock (exact); the models are graded in real time, as
// ratios within one run, because that is the lesson.
import path from 'node:path';
import { benchmark, compareModels, formatTable, JobPool, type CaseResult, type Comparison } from '@exercise/11-benchmark';
import {
  attempt,
  availableCores,
  check,
  CheckFailure,
  ensure,
  fail,
  fc,
  formatMs,
  holds,
  isNotImplemented,
  note,
  BENCHMARK_TASKS,
  exerciseDir,
  kitCpuJob,
  ReferencePool,
  show,
  timed,
  within,
} from './support';

const CORES = availableCores();
/** Workers for the cpu model: one per core, at most 4. */
const W = Math.min(CORES, 4);
const NEED = 0.75 * W;
const IO_SIZE = 20;
const CPU_SIZE = W * Math.ceil(4 / W);
/** At most this many measuring rounds in a real-time check. */
const ROUNDS = 3;
/**
 * A right model wins by far (io ~20×, cpu ~2× on 2 cores), so the real-time checks
 * first try one counted run, and measure the spread of three runs only when that
 * misses: a right model costs one run, a wrong one every round. io needs no warmup
 * (a timer wait is as long cold as warm); cpu does (a cold main thread runs its
 * first jobs slower, which would flatter the pool).
 */
const ONE_RUN = { io: { runs: 1, warmup: 0 }, cpu: { runs: 1, warmup: 1 } } as const;
const THREE_RUNS = { runs: 3, warmup: 1 } as const;
/**
 * cpu: single-run tries before the measured rounds. One run misses when another
 * program takes a core for a moment (seen: the kit's own pool at 1.27× right
 * after), so a miss is tried once more before the kit's yardstick and three runs.
 */
const CPU_TRIES = 2;

// ------------------------------------------------------------------ helpers

/** The exact statistics of `samples`, the way the lesson states them. */
function expectedStats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return {
    runs: samples.length,
    minMs: sorted[0],
    medianMs: sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
    meanMs: samples.reduce((a, b) => a + b, 0) / samples.length,
    maxMs: sorted[sorted.length - 1],
  };
}

const close = (a: unknown, b: number) => typeof a === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/**
 * A duration in ms with a fraction, as performance.now() gives: a multiple of
 * 1/64, so every sum and difference of them is exact in float64 (a run's
 * duration comes out exactly), yet rounding it (to whole ms, to 2 decimals)
 * shows.
 */
const durationMs = (min: number, max: number) => fc.integer({ min: min * 64, max: max * 64 }).map((k) => k / 64);

type Plan = { names: string[]; runs: number; warmup: number; durations: number[][] };

/**
 * Cases on an injected clock: case `name` in call k (warmups included) moves the
 * clock by durations[i][k] and logs its name. Every other case is async, so both
 * kinds are covered. Warmup durations are 1000 ms and more, far from the counted ones.
 */
function rig(plan: Plan) {
  let t = 0;
  const calls: string[] = [];
  const cases: Record<string, () => unknown> = {};
  plan.names.forEach((name, i) => {
    let k = 0;
    const step = () => {
      calls.push(name);
      t += plan.durations[i][k] ?? 0;
      k += 1;
    };
    cases[name] = i % 2 === 0 ? step : async () => step();
  });
  return { cases, calls, now: () => t };
}

const plans = fc
  .record({
    names: fc.uniqueArray(fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'fetchAll', 'crunch'), { minLength: 1, maxLength: 4 }),
    runs: fc.integer({ min: 1, max: 8 }),
    warmup: fc.integer({ min: 0, max: 3 }),
  })
  .chain((p) =>
    fc.record({
      names: fc.constant(p.names),
      runs: fc.constant(p.runs),
      warmup: fc.constant(p.warmup),
      durations: fc.tuple(
        ...p.names.map(() =>
          fc.tuple(
            fc.array(durationMs(1_000, 5_000), { minLength: p.warmup, maxLength: p.warmup }),
            fc.array(durationMs(0, 500), { minLength: p.runs, maxLength: p.runs }),
          ).map(([warm, counted]) => [...warm, ...counted]),
        ),
      ),
    }),
  );

async function runPlan(plan: Plan) {
  const { cases, calls, now } = rig(plan);
  const call = `benchmark({ ${plan.names.join(', ')} }, { runs: ${plan.runs}, warmup: ${plan.warmup}, now })`;
  const results = await within(attempt(() => benchmark(cases, { runs: plan.runs, warmup: plan.warmup, now })), 5_000, call);
  ensure(
    Array.isArray(results) && results.length === plan.names.length && results.every((r, i) => r && r.name === plan.names[i]),
    () => `${call} resolved with ${show(results)}: it should be one result per case, in the order of the cases' keys (${show(plan.names)}).`,
  );
  return { results: results as CaseResult[], calls, call };
}

/** What `fn` rejected or threw with (undefined if nothing); NotImplemented passes through. */
async function rejectionOf(fn: () => unknown): Promise<unknown> {
  try {
    await within(attempt(fn), 5_000, 'benchmark(...)');
  } catch (error) {
    if (isNotImplemented(error) || error instanceof CheckFailure) throw error; // not implemented, or never settled
    return error;
  }
  return undefined;
}

function medianOf(c: Comparison, name: string): number {
  const r = c.results.find((x) => x.name === name);
  if (!r || typeof r.medianMs !== 'number') fail(`compareModels(...).results has no '${name}' result with a medianMs: ${show(c.results)}`, "one result per model: 'sequential', 'async', 'pool'");
  return r.medianMs;
}

function checkShape(c: Comparison, workload: string, size: number): void {
  ensure(
    c && c.workload === workload && c.size === size && Array.isArray(c.results),
    () => `compareModels('${workload}', ${size}) resolved with ${show(c)}: it should be { workload, size, workers, results, recommended }.`,
  );
  const names = c.results.map((r) => r?.name);
  ensure(
    show(names) === show(['sequential', 'async', 'pool']),
    `compareModels('${workload}', ${size}).results are named ${show(names)}: they should be ['sequential', 'async', 'pool'], in that order.`,
  );
  const medians = c.results.map((r) => r.medianMs);
  const best = c.results.reduce((a, b) => (b.medianMs < a.medianMs ? b : a)).name;
  ensure(
    c.recommended === best,
    `compareModels('${workload}', ${size}) recommended ${show(c.recommended)}, but its own medians are ${show(medians)} (sequential, async, pool): ` +
      `the lowest is '${best}'. Recommend the model with the lowest median (the earlier one on a tie).`,
  );
}

const figures = (c: Comparison) => c.results.map((r) => `${r.name} ${formatMs(r.medianMs)}`).join(' · ');

// ------------------------------------------------------------ statistics

check(4, 'minMs, medianMs, meanMs and maxMs are exact for every case, even and odd run counts (injected clock)', () =>
  holds(
    fc.asyncProperty(plans, async (plan) => {
      const { results, call } = await runPlan(plan);
      results.forEach((r, i) => {
        const samples = plan.durations[i].slice(plan.warmup);
        const want = expectedStats(samples);
        if (!Array.isArray(r.samplesMs) || r.samplesMs.length !== samples.length || r.samplesMs.some((x, j) => !close(x, samples[j]))) {
          fail(
            `${call}: case '${r.name}' timed ${show(samples)} ms, in that order, and its samplesMs came out as ${show(r.samplesMs)}`,
            'samplesMs should be the counted durations, exactly, in the order they ran',
            'Keep each duration as your clock gave it (no rounding), and sort a COPY for the statistics: [...samples].sort(...), since sort() sorts in place.',
          );
        }
        for (const key of ['minMs', 'medianMs', 'meanMs', 'maxMs'] as const) {
          if (!close(r[key], want[key])) {
            fail(
              `${call}: case '${r.name}' timed ${show(samples)} ms, and its ${key} came out as ${show(r[key])}`,
              `${key} should be ${want[key]}`,
              key === 'medianMs'
                ? `The median is the middle value of the SORTED samples; for an even count (${samples.length} here${samples.length % 2 === 0 ? '' : ', odd'}) it is the mean of the two middle values. The mean of all samples is meanMs, not the median.`
                : 'Compute it over the counted runs only, from the durations your clock gave (now() after the run minus now() before it).',
            );
          }
        }
      });
    }),
    { numRuns: 120 },
  ),
  { rules: ['exact-stats', 'median-even', 'result-order'] },
);

check(3, 'warmup runs are called but not counted: runs and every statistic come from the counted runs only', () =>
  holds(
    fc.asyncProperty(plans.filter((p) => p.warmup > 0), async (plan) => {
      const { results, calls, call } = await runPlan(plan);
      results.forEach((r, i) => {
        const made = calls.filter((c) => c === r.name).length;
        ensure(
          made === plan.warmup + plan.runs,
          `${call} called case '${r.name}' ${made} times: it should be called warmup + runs = ${plan.warmup + plan.runs} times.`,
        );
        if (r.runs !== plan.runs || !close(r.maxMs, expectedStats(plan.durations[i].slice(plan.warmup)).maxMs)) {
          fail(
            `${call}: case '${r.name}' reported runs ${show(r.runs)} and maxMs ${show(r.maxMs)}; its warmup runs took ${show(plan.durations[i].slice(0, plan.warmup))} ms`,
            `runs ${plan.runs} and maxMs ${expectedStats(plan.durations[i].slice(plan.warmup)).maxMs}: warmup runs are not counted`,
            'Warm-up runs let the JIT compile and caches fill; run them first and throw their times away.',
          );
        }
      });
    }),
    { numRuns: 80 },
  ),
  { rules: ['warmup-not-counted'] },
);

check(3, 'cases are interleaved run by run: round r calls every case once, in key order', () =>
  holds(
    fc.asyncProperty(plans.filter((p) => p.names.length > 1 && p.warmup + p.runs > 1), async (plan) => {
      const { calls, call } = await runPlan(plan);
      const want = Array.from({ length: plan.warmup + plan.runs }, () => plan.names).flat();
      if (show(calls) !== show(want)) {
        fail(
          `${call} called the cases in the order ${show(calls)}`,
          `the order should be ${show(want)}: round after round, each round calling every case once in key order (warmup rounds first)`,
          'Loop over the rounds outside and over the cases inside. All runs of one case and then the next lets drift (other programs, thermal throttling, GC) hit one case more than another.',
        );
      }
    }),
    { numRuns: 80 },
  ),
  { rules: ['interleaved'] },
);

check(2, 'bad options reject with a RangeError naming the option: runs < 1 or not whole, warmup < 0 or not whole', async () => {
  const bad = fc.oneof(
    fc.record({ option: fc.constant('runs' as const), value: fc.oneof(fc.integer({ min: -5, max: 0 }), fc.constantFrom(1.5, 2.25, NaN, Infinity)) }),
    fc.record({ option: fc.constant('warmup' as const), value: fc.oneof(fc.integer({ min: -5, max: -1 }), fc.constantFrom(0.5, NaN, -Infinity, Infinity)) }),
  );
  await holds(
    fc.asyncProperty(bad, async ({ option, value }) => {
      let called = 0;
      const options = { runs: 3, warmup: 1, [option]: value, now: () => 0 };
      // A benchmark that let a bad option through (warmup: Infinity) would call the case forever,
      // never leaving this thread's microtask queue: the case ends it by throwing.
      const a = () => {
        called += 1;
        if (called > 100) throw new Error('the grader stopped a benchmark that had called its case 100 times');
      };
      const error = await rejectionOf(() => benchmark({ a }, options));
      const call = `benchmark({ a }, { runs: ${options.runs}, warmup: ${options.warmup} })`;
      ensure(
        error instanceof RangeError,
        `${call} ${error === undefined ? 'resolved' : `rejected with ${show(error)}`}, but it should reject with a RangeError: ${option} must be a whole number ${option === 'runs' ? '>= 1' : '>= 0'}.`,
      );
      ensure(error.message.includes(option), `${call} rejected with RangeError "${error.message}", which does not name the option. Put '${option}' in the message.`);
      ensure(called === 0, `${call} called the case ${called} times before rejecting: check the options before running anything.`);
    }),
    { numRuns: 40 },
  );
}, { rules: ['bad-runs', 'bad-warmup'] });

check(2, 'formatTable renders a markdown table: a header naming the columns, then one row per case with its runs, min, median and max', () =>
  holds(
    fc.asyncProperty(plans, async (plan) => {
      const { results } = await runPlan(plan);
      const text = formatTable(results);
      ensure(typeof text === 'string', `formatTable(...) returned ${show(text)}, not a string.`);
      // Rows are the lines with a '|' (outer pipes are optional in markdown). A column is
      // found by its header: one that starts with the word ("min (ms)") before one that
      // merely contains it ("spread (max - min)").
      const rows = text.split('\n').map((l) => l.trim()).filter((l) => l.includes('|'));
      const cells = (line: string) => line.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
      const header = cells(rows[0] ?? '').map((c) => c.toLowerCase());
      const column = (word: string) => {
        const first = header.findIndex((c) => new RegExp(`^${word}\\b`).test(c));
        return first >= 0 ? first : header.findIndex((c) => c.includes(word));
      };
      const at = { name: 0, runs: column('runs'), min: column('min'), median: column('median'), max: column('max') };
      ensure(
        rows.length === results.length + 2 && /^[\s|:-]+$/.test(rows[1]) && Object.values(at).every((i) => i >= 0),
        `formatTable(...) returned:\n${text}\nA markdown table is a header row (case, runs, min, median, max), a separator row (| --- | ...), then one row per case: ${results.length} here.`,
      );
      results.forEach((r, i) => {
        const row = cells(rows[i + 2]);
        const num = (k: keyof typeof at) => Number.parseFloat(row[at[k]]);
        const want = { runs: r.runs, min: r.minMs, median: r.medianMs, max: r.maxMs };
        const wrong = (Object.keys(want) as Array<keyof typeof want>).filter((k) => !(Math.abs(num(k) - want[k]) <= 0.01 + 1e-9 * want[k]));
        if (row[0] !== r.name || wrong.length > 0) {
          fail(
            `formatTable(...) row ${i + 1} is "${rows[i + 2]}"`,
            `it should show case '${r.name}' with runs ${r.runs}, min ${r.minMs}, median ${r.medianMs}, max ${r.maxMs} (to 2 decimals or better)`,
            wrong.length ? `Column(s) ${wrong.join(', ')} do not match their header.` : 'The first column is the case name.',
          );
        }
      });
    }),
    { numRuns: 40 },
  ),
  { rules: ['table'] },
);

// ------------------------------------------------------------ compareModels, on stand-ins

type Spied = {
  /** Each benchmark() call: its case names and options. */
  benchmarks: Array<{ names: string[]; options: { runs?: unknown; warmup?: unknown } }>;
  /** The size of each JobPool.start call, and how many pools were closed. */
  starts: number[];
  closes: number;
  /** Jobs run on the calling thread (runJob, ioJob, cpuJob) and through pool.run, and the most in flight at once. */
  mainJobs: number;
  poolJobs: number;
  peak: number;
};

/**
 * Run `fn` with the learner's compareModels wired to stand-ins: benchmark()
 * (the learner's own module export, which models.ts calls) answers with
 * `answer(cases)`, JobPool.start gives a pool of no threads, and every job
 * (runJob, ioJob, cpuJob, pool.run) resolves on the next turn of the event
 * loop, counted, so the shape of each model shows without timing anything.
 */
async function withStandIns<T>(answer: (cases: Record<string, () => unknown>, spied: Spied) => Promise<CaseResult[]>, fn: (spied: Spied) => Promise<T>): Promise<T> {
  const dir = exerciseDir();
  const bench = require(path.join(dir, 'benchmark')) as Record<string, unknown>;
  const jobs = require(path.join(dir, 'jobs')) as Record<string, unknown>;
  const spied: Spied = { benchmarks: [], starts: [], closes: 0, mainJobs: 0, poolJobs: 0, peak: 0 };
  let inFlight = 0;
  const job = (where: 'mainJobs' | 'poolJobs') => {
    spied[where] += 1;
    inFlight += 1;
    spied.peak = Math.max(spied.peak, inFlight);
    return new Promise<number>((resolve) => setImmediate(() => (inFlight -= 1, resolve(0))));
  };
  const saved = { benchmark: bench.benchmark, runJob: jobs.runJob, ioJob: jobs.ioJob, cpuJob: jobs.cpuJob, start: JobPool.start };
  bench.benchmark = (cases: Record<string, () => unknown>, options: Spied['benchmarks'][number]['options']) => {
    spied.benchmarks.push({ names: Object.keys(cases ?? {}), options: { ...options } });
    return answer(cases, spied);
  };
  for (const name of ['runJob', 'ioJob', 'cpuJob']) jobs[name] = () => job('mainJobs');
  JobPool.start = async (size: number) => {
    spied.starts.push(size);
    return { size, run: () => job('poolJobs'), close: async () => void (spied.closes += 1) } as unknown as JobPool;
  };
  try {
    return await fn(spied);
  } finally {
    Object.assign(bench, { benchmark: saved.benchmark });
    Object.assign(jobs, { runJob: saved.runJob, ioJob: saved.ioJob, cpuJob: saved.cpuJob });
    JobPool.start = saved.start;
  }
}

const MODEL_NAMES = ['sequential', 'async', 'pool'];
const resultOf = (name: string, medianMs: number, meanMs: number, minMs: number, maxMs: number): CaseResult => ({ name, runs: 3, samplesMs: [minMs, medianMs, maxMs], minMs, medianMs, meanMs, maxMs });
const canned = () => MODEL_NAMES.map((name, i) => resultOf(name, 10 + i, 10 + i, 10 + i, 10 + i));
const compareCall = (options?: object) => `compareModels('io', 3${options ? `, ${show(options)}` : ''})`;

check(2, 'compareModels times the three models with ONE benchmark() call, passing runs and warmup, on one JobPool of `workers` threads, closed afterwards', async () => {
  const cores = Math.min(CORES, 4);
  for (const options of [undefined, { runs: 4, warmup: 2, workers: 3 }]) {
    const call = compareCall(options);
    const want = { runs: options?.runs ?? 5, warmup: options?.warmup ?? 1, workers: options?.workers ?? cores };
    // The stand-in benchmark calls each case once, as a real one would: a pool started inside a case shows.
    const callEach = async (cases: Record<string, () => unknown>) => {
      for (const name of Object.keys(cases ?? {})) await cases[name]?.();
      return canned();
    };
    await withStandIns(callEach, async (spied) => {
      const c = await within(attempt(() => compareModels('io', 3, options)), 5_000, call);
      ensure(spied.benchmarks.length === 1, `${call} called benchmark() ${spied.benchmarks.length} times: time the three models together, with ONE benchmark() call (from benchmark.ts), so they are interleaved.`);
      const [b] = spied.benchmarks;
      ensure(show(b.names) === show(MODEL_NAMES), `${call} gave benchmark() the cases ${show(b.names)}: they should be ${show(MODEL_NAMES)}, in that order.`);
      ensure(b.options.runs === want.runs && b.options.warmup === want.warmup,
        `${call} passed benchmark() runs ${show(b.options.runs)} and warmup ${show(b.options.warmup)}: it should pass runs ${want.runs} and warmup ${want.warmup}${options ? ' (the options given)' : ' (the defaults)'}.`);
      ensure(show(spied.starts) === show([want.workers]),
        `${call} started JobPools of ${show(spied.starts)} workers: it should start ONE pool of ${want.workers} (options.workers, default min(cores, 4) = ${cores}), before benchmarking: starting threads is not the work being measured.`);
      ensure(spied.closes === 1, `${call} closed ${spied.closes} JobPools: close the pool once, when the benchmark is done (in a finally).`);
      ensure(c?.workers === want.workers, `${call} resolved with workers ${show(c?.workers)}: it should report ${want.workers}, the pool's size.`);
    });
  }
  // When benchmarking fails, the pool is closed all the same.
  await withStandIns(async () => Promise.reject(new Error('the grader made benchmark() fail')), async (spied) => {
    const error = await within(attempt(() => compareModels('io', 3)).then(() => undefined, (e: unknown) => e), 5_000, compareCall());
    ensure(error instanceof Error && error.message === 'the grader made benchmark() fail', `When benchmark() rejected, ${compareCall()} ${error === undefined ? 'resolved' : `rejected with ${show(error)}`}: it should reject with that error.`);
    ensure(spied.closes === 1, `When benchmark() rejected, ${compareCall()} closed ${spied.closes} JobPools: close the pool in a finally, so a failure does not leave its threads running.`);
  });
}, { rules: ['compare-setup'] });

check(3, 'the models: sequential runs one job at a time, async starts every job at once on the main thread, pool hands every job to pool.run at once', async () => {
  const shapes: Array<{ name: string; main: number; pool: number; peak: number }> = [];
  await withStandIns(async (cases, spied) => {
    for (const name of MODEL_NAMES) {
      Object.assign(spied, { mainJobs: 0, poolJobs: 0, peak: 0 });
      await within(attempt(() => cases[name]?.()), 5_000, `the '${name}' case`);
      shapes.push({ name, main: spied.mainJobs, pool: spied.poolJobs, peak: spied.peak });
    }
    return canned();
  }, () => within(attempt(() => compareModels('io', 5, { runs: 1, warmup: 0 })), 5_000, compareCall({ runs: 1, warmup: 0 }).replace('3', '5')));
  const want: Record<string, { main: number; pool: number; peak: number; hint: string }> = {
    sequential: { main: 5, pool: 0, peak: 1, hint: 'await each job before starting the next, on this thread' },
    async: { main: 5, pool: 0, peak: 5, hint: 'start every job on this thread, then await them together: Promise.all(jobs.map(async () => runJob(workload)))' },
    pool: { main: 0, pool: 5, peak: 5, hint: 'hand every job to the pool before awaiting any: Promise.all(jobs.map(() => pool.run(workload)))' },
  };
  for (const s of shapes) {
    const w = want[s.name];
    if (s.main !== w.main || s.pool !== w.pool || s.peak !== w.peak) {
      fail(
        `In compareModels('io', 5), one call of the '${s.name}' case ran ${s.main} jobs on the main thread (runJob) and ${s.pool} through pool.run, at most ${s.peak} at once`,
        `${w.main} on the main thread and ${w.pool} through pool.run, at most ${w.peak} at once`,
        `The '${s.name}' model should ${w.hint}.`,
      );
    }
  }
}, { rules: ['model-shapes'] });

check(2, 'recommended is the model with the lowest median, the earlier on a tie, whatever the means and minimums say', () =>
  holds(
    fc.asyncProperty(
      fc.tuple(...MODEL_NAMES.map(() => fc.record({ median: fc.constantFrom(10, 20, 30), mean: fc.integer({ min: 1, max: 60 }), min: fc.integer({ min: 1, max: 9 }) }))),
      async (figs) => {
        const results = MODEL_NAMES.map((name, i) => resultOf(name, figs[i].median, figs[i].mean, figs[i].min, 40 + i));
        const c = await withStandIns(async () => results, () => within(attempt(() => compareModels('io', 3)), 5_000, compareCall()));
        const lowest = Math.min(...results.map((r) => r.medianMs));
        const want = MODEL_NAMES[results.findIndex((r) => r.medianMs === lowest)];
        if (c?.recommended !== want) {
          fail(
            `When benchmark() measured ${results.map((r) => `${r.name}: median ${r.medianMs}, mean ${r.meanMs}, min ${r.minMs}`).join('; ')}, compareModels recommended ${show(c?.recommended)}`,
            `'${want}': the lowest median${results.filter((r) => r.medianMs === lowest).length > 1 ? ', the earlier of the tied models' : ''}`,
            'Pick by medianMs (the mean is pulled by outliers, the min is one lucky run); on a tie keep the earlier model (a strict < when comparing).',
          );
        }
        ensure(c.results === results || show(c.results) === show(results), `compareModels resolved with results ${show(c.results)}: they should be benchmark()'s results as they came.`);
      },
    ),
    { numRuns: 40 },
  ),
  { rules: ['recommend-fastest'] },
);

// ------------------------------------------------------------ real time

check(
  3,
  "io: async overlap beats sequential by 5× or more for 20 jobs, and the recommendation is 'async'",
  async () => {
    const lines: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const c = await within(attempt(() => compareModels('io', IO_SIZE, round === 1 ? ONE_RUN.io : THREE_RUNS)), 30_000, `compareModels('io', ${IO_SIZE})`);
      checkShape(c, 'io', IO_SIZE);
      const ratio = medianOf(c, 'sequential') / medianOf(c, 'async');
      lines.push(`round ${round}: ${figures(c)} · async ${ratio.toFixed(1)}× faster than sequential · recommended ${show(c.recommended)}`);
      if (ratio >= 5 && c.recommended === 'async') {
        note(`Measured: ${lines[lines.length - 1]}.`);
        return;
      }
      // A round is spoiled when the timers themselves ran late (other programs held the cores):
      // the async case's median, one 20 ms wait in theory, shows how late.
      if (medianOf(c, 'async') < 60) break;
    }
    fail(
      `${IO_SIZE} io jobs of 20 ms each: ${lines.join('; ')}`,
      "async overlap should be at least 5× faster than one after another (about 20× in theory), and recommended as 'async'",
      'Did the async model start every job before awaiting any (Promise.all over all the jobs)? Awaiting each job in a loop is sequential.',
    );
  },
  { rules: ['io-async-wins', 'recommend-fastest'], timeoutMs: 100_000 },
);

let pool: ReferencePool | undefined;
afterAll(async () => {
  await pool?.close().catch(() => undefined);
});

check(
  4,
  "cpu: the pool beats async by 0.75·W or more on W = min(cores, 4) workers, and the recommendation is 'pool'",
  async () => {
    // Count the jobs the learner's 'pool' model hands to the given JobPool (the
    // same module instance the learner's models.ts imports).
    let pooled = 0;
    const original = JobPool.prototype.run;
    JobPool.prototype.run = function (this: JobPool, ...args: Parameters<JobPool['run']>) {
      pooled += 1;
      return original.apply(this, args);
    };
    try {
      const lines: string[] = [];
      let blamed = 0;
      for (let round = 1; round <= CPU_TRIES + ROUNDS && blamed < 2; round++) {
        pooled = 0;
        const tryOnly = round <= CPU_TRIES;
        const { runs, warmup } = tryOnly ? ONE_RUN.cpu : THREE_RUNS;
        const c = await within(attempt(() => compareModels('cpu', CPU_SIZE, { runs, warmup, workers: W })), 60_000, `compareModels('cpu', ${CPU_SIZE})`);
        checkShape(c, 'cpu', CPU_SIZE);
        const ratio = medianOf(c, 'async') / medianOf(c, 'pool');
        const jobs = `${pooled} of ${CPU_SIZE * (runs + warmup)} pool-model jobs went through JobPool.run`;
        ensure(
          pooled === CPU_SIZE * (runs + warmup),
          `compareModels('cpu', ${CPU_SIZE}, { runs: ${runs}, warmup: ${warmup} }): ${jobs}. ` +
            "The 'pool' model must run every job on the pool's workers (pool.run('cpu')), never on the main thread: one thread runs your JavaScript, so only other threads make CPU-bound work faster.",
        );
        if (W < 2) {
          note(`This machine has ${CORES} core, so no speedup is possible and none was required (${figures(c)}). Graded by where the jobs ran instead: ${jobs}.`);
          return;
        }
        if (ratio >= NEED && c.recommended === 'pool') {
          note(`Measured: ${figures(c)} · the pool ${ratio.toFixed(2)}× faster than async (${NEED.toFixed(2)} needed) · ${jobs}.${lines.length > 0 ? ` Before: ${lines.join('; ')}.` : ''}`);
          return;
        }
        if (tryOnly) {
          lines.push(`try ${round} (one run): ${figures(c)} · yours ${ratio.toFixed(2)}×`);
          continue;
        }
        // What can this machine do right now? The same comparison with the kit's
        // own code: the same job on this thread, one after another, vs on a pool
        // of W threads, warmed up like the given pool.
        if (!pool) {
          pool = await ReferencePool.start(BENCHMARK_TASKS, W);
          await pool.map('cpuJob', Array.from({ length: 30 * W }, () => 200_000));
          for (let k = 0; k < 30; k++) kitCpuJob(200_000);
        }
        const kit = pool;
        const n = 20_000_000; // jobs.ts CPU_JOB_N: the same job as the learner's
        const one = await timed(async () => {
          for (let j = 0; j < CPU_SIZE; j++) kitCpuJob(n);
        });
        const many = await timed(() => kit.map('cpuJob', Array.from({ length: CPU_SIZE }, () => n)));
        const kitRatio = one.ms / many.ms;
        lines.push(`round ${round - CPU_TRIES}: ${figures(c)} · yours ${ratio.toFixed(2)}× · the kit's pool ${kitRatio.toFixed(2)}× just after`);
        if (kitRatio >= NEED && ratio < 0.85 * kitRatio) blamed += 1;
      }
      if (blamed < 2) {
        note(
          `Speedup not measured: other programs were using this machine's cores (${lines.join('; ')}; ${NEED.toFixed(2)}× needed). ` +
            `Graded by where the jobs ran instead: every pool-model job went through JobPool.run.`,
        );
        return;
      }
      fail(
        `${CPU_SIZE} cpu jobs on ${W} workers: ${lines.join('; ')}`,
        `the pool should be at least ${NEED.toFixed(2)}× faster than async and recommended, as the kit's own pool managed right beside it`,
        'Does the pool model hand ALL the jobs to the pool at once (Promise.all over pool.run), and does the pool have W workers?',
      );
    } finally {
      JobPool.prototype.run = original;
    }
  },
  { rules: ['cpu-pool-wins', 'recommend-fastest'], timeoutMs: 150_000 },
);
