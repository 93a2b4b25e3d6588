// Grader for 11-benchmark. Lesson: measure, don't guess, and measure honestly:
// warm up, repeat, interleave the cases run by run, report the spread, then
// choose the model that fits the workload. The statistics and the run order are
// graded on an injected clock (exact); the models are graded in real time, as
// ratios within one run, because that is the lesson.
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
            fc.array(fc.integer({ min: 1_000, max: 5_000 }), { minLength: p.warmup, maxLength: p.warmup }),
            fc.array(fc.integer({ min: 0, max: 500 }), { minLength: p.runs, maxLength: p.runs }),
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
    fc.record({ option: fc.constant('warmup' as const), value: fc.oneof(fc.integer({ min: -5, max: -1 }), fc.constantFrom(0.5, NaN, -Infinity)) }),
  );
  await holds(
    fc.asyncProperty(bad, async ({ option, value }) => {
      let called = 0;
      const options = { runs: 3, warmup: 1, [option]: value, now: () => 0 };
      const error = await rejectionOf(() => benchmark({ a: () => void (called += 1) }, options));
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
      const rows = text.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('|'));
      const cells = (line: string) => line.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
      const header = cells(rows[0] ?? '').map((c) => c.toLowerCase());
      const column = (word: string) => header.findIndex((c) => c.includes(word));
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

// ------------------------------------------------------------ real time

check(
  3,
  "io: async overlap beats sequential by 5× or more for 20 jobs, and the recommendation is 'async'",
  async () => {
    const lines: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const c = await within(attempt(() => compareModels('io', IO_SIZE, { runs: 3, warmup: 1 })), 30_000, `compareModels('io', ${IO_SIZE})`);
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
      const runs = 3;
      const warmup = 1;
      const lines: string[] = [];
      let blamed = 0;
      for (let round = 1; round <= ROUNDS && blamed < 2; round++) {
        pooled = 0;
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
          note(`Measured: ${figures(c)} · the pool ${ratio.toFixed(2)}× faster than async (${NEED.toFixed(2)} needed) · ${jobs}.`);
          return;
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
        lines.push(`round ${round}: ${figures(c)} · yours ${ratio.toFixed(2)}× · the kit's pool ${kitRatio.toFixed(2)}× just after`);
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
