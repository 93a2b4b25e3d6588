// `npm run bench:models [-- --quick] [--runs N] [--warmup N]` (--help: usage)
// The kit's own benchmark, for maintainers and curious learners: the reference
// solutions through the models × workloads table (sequential, async overlap,
// worker threads, child processes × io-bound, cpu-bound, mixed), then against
// the libraries a user would pick instead (piscina, p-limit, p-retry), every
// group interleaved run by run. Writes docs/benchmarks.md and
// docs/benchmarks.svg. A benchmark, never a test: nothing in verify reads it.
// CPU-heavy cases run on this script's main thread only where that is the
// model being measured ("sequential", "async overlap", the speedup baseline).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compareLibraries } from './bench/libraries';
import { FULL_SIZES, MODELS, QUICK_SIZES, modelCases, poolSize, startPools, workloads } from './bench/models';
import { markdown, modelsChart, modelsTable, comparisonsTable, type Machine, type ModelRow, type Report } from './bench/render';
import { measure } from './bench/stats';
import { errors, runCli } from './errors';
import { repoRoot } from './kit';

const USAGE = `Usage: npm run bench:models [-- --quick] [--runs N] [--warmup N]
  Times the concurrency models and the reference solutions against piscina, p-limit and p-retry
  on this machine; writes docs/benchmarks.md and docs/benchmarks.svg.
  --quick     smaller tasks, 5 runs + 1 warmup (about 30 s); default 11 runs + 2 warmup (1-3 min)
  --runs N    measured runs per case (N >= 1)
  --warmup N  uncounted runs per case first (N >= 0)
`;

function wholeNumber(option: string, value: string, least: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < least) throw errors.badOption(option, `expected a whole number ≥ ${least}, got "${value}"`);
  return n;
}

function machine(): Machine {
  const [one, five, fifteen] = os.loadavg();
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    nodeVersion: process.version,
    platform: `${os.type()} ${os.release()} (${os.arch()})`,
    loadAverage: [one, five, fifteen],
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: { quick: { type: 'boolean', default: false }, runs: { type: 'string' }, warmup: { type: 'string' }, help: { type: 'boolean' } } });
  } catch (error) {
    throw errors.badOption('arguments', (error as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const quick = parsed.values.quick ?? false;
  const runs = parsed.values.runs === undefined ? (quick ? 5 : 11) : wholeNumber('--runs', parsed.values.runs, 1);
  const warmup = parsed.values.warmup === undefined ? (quick ? 1 : 2) : wholeNumber('--warmup', parsed.values.warmup, 0);
  const started = performance.now();
  const host = machine();
  const sizes = quick ? QUICK_SIZES : FULL_SIZES;
  const workers = poolSize(sizes.tasks);
  const say = (text: string) => process.stdout.write(text);
  // The npm script starts Node with --expose-gc; run directly without it, there is simply no collection between steps.
  const between = (globalThis as { gc?: () => void }).gc;
  say(`bench:models${quick ? ' --quick' : ''}: ${runs} run(s) + ${warmup} warmup, ${host.cores} core(s), load ${host.loadAverage.map((x) => x.toFixed(2)).join(' ')}${between ? '' : ', no --expose-gc'}\n`);
  const dot = () => say('.');

  say('models × workloads ');
  const pools = await startPools(workers);
  const models: ModelRow[] = [];
  try {
    const all = workloads(sizes);
    // One interleaved group for the whole table: every cell runs once per round.
    const cases = all.flatMap((w) => modelCases(w, pools));
    const measured = await measure(cases, { runs, warmup, onStep: dot, between });
    all.forEach((w, i) =>
      models.push({
        workload: w.name,
        description: w.description,
        cells: MODELS.map((model, j) => ({ model, measured: measured[i * MODELS.length + j] })),
      }),
    );
  } finally {
    await pools.close();
  }
  say('\nreference solutions vs libraries ');
  const comparisons = await compareLibraries({ runs, warmup, workers, quick, root: repoRoot, onStep: dot, between });
  say('\n\n');

  const report: Report = { machine: host, runs, warmup, quick, workers, gc: between !== undefined, models, comparisons };
  const docs = path.join(repoRoot, 'docs');
  fs.mkdirSync(docs, { recursive: true });
  fs.writeFileSync(path.join(docs, 'benchmarks.md'), markdown(report, 'benchmarks.svg'));
  fs.writeFileSync(path.join(docs, 'benchmarks.svg'), modelsChart(report));
  say(`${modelsTable(models)}\n\n${comparisonsTable(comparisons)}\n\n`);
  say(`wrote docs/benchmarks.md and docs/benchmarks.svg in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

runCli(main);
