// The reference solutions against the libraries a user would pick instead,
// measured in the same run, interleaved: 04's WorkerPool against piscina, 06's
// orchestrate (its concurrency limit) against p-limit, 09's retry against
// p-retry. A library that is not installed gives a row that says so.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkerPool } from '../../solutions/04-cpu-parallel';
import { orchestrate } from '../../solutions/06-orchestrator';
import { retry } from '../../solutions/09-timeouts';
import { TASKS } from './models';
import { measure, type Case, type Measured } from './stats';

export interface Library {
  name: string;
  version: string;
  module: unknown;
}

/**
 * Loads an installed package by name, or says why not. Recent p-limit and
 * p-retry are ES modules only; the kit runs as CommonJS, where TypeScript turns
 * `import()` into `require()`, so this `import()` is built at run time to stay
 * a real one.
 */
const realImport = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;

export async function loadLibrary(name: string, root: string): Promise<Library | { name: string; missing: string }> {
  const dir = path.join(root, 'node_modules', name);
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest)) return { name, missing: 'not installed' };
  const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
  try {
    return { name, version, module: await realImport(pathToFileURL(require.resolve(name, { paths: [root] })).href) };
  } catch (error) {
    return { name, missing: `${name}@${version} failed to load: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** One comparison row: the reference and the library on the same job, same run. */
export interface Comparison {
  what: string;
  reference: string;
  library: string;
  /** Both measurements, or why the library side is missing. */
  measured?: { reference: Measured; library: Measured; baseline?: Measured };
  missing?: string;
  /** How the two differ in meaning, where they do. */
  note: string;
}

export interface ComparisonOptions {
  runs: number;
  warmup: number;
  workers: number;
  quick: boolean;
  root: string;
  onStep?: () => void;
  between?: () => void;
}

async function pair(reference: Case, library: Case, options: ComparisonOptions, baseline?: Case) {
  const cases = baseline ? [baseline, reference, library] : [reference, library];
  const measured = await measure(cases, { runs: options.runs, warmup: options.warmup, onStep: options.onStep, between: options.between });
  const [a, b, c] = measured;
  return baseline ? { baseline: a, reference: b, library: c } : { reference: a, library: b };
}

interface Piscina {
  run(task: unknown, options: { name: string }): Promise<unknown>;
  destroy(): Promise<void>;
}

async function poolVersusPiscina(options: ComparisonOptions): Promise<Comparison[]> {
  const tiny = options.quick ? 500 : 2000;
  const cpuTasks = options.workers * (options.quick ? 2 : 4);
  const cpuN = options.quick ? 4_000_000 : 6_000_000;
  const rows: Comparison[] = [
    {
      what: `tiny-task throughput: ${tiny} no-op tasks on ${options.workers} threads`,
      reference: '04 WorkerPool (threads)',
      library: 'piscina',
      note: 'The cost of a round trip to a thread and back. Both run one task per thread at a time (piscina: concurrentTasksPerWorker 1, its default); piscina does more bookkeeping per task (task objects, abort support, timing records).',
    },
    {
      what: `CPU speedup: ${cpuTasks} cpu tasks (${cpuN.toLocaleString('en-US')} square roots each) on ${options.workers} threads`,
      reference: '04 WorkerPool (threads)',
      library: 'piscina',
      note: 'Speedup = the main thread alone ÷ the pool, measured in the same rounds; the ideal is the number of free cores.',
    },
  ];
  const lib = await loadLibrary('piscina', options.root);
  if ('missing' in lib) return rows.map((row) => ({ ...row, missing: lib.missing }));
  rows.forEach((row) => (row.library = `piscina ${lib.version}`));
  // require.resolve found piscina's CommonJS entry: its exports arrive as the namespace's default.
  type PiscinaClass = new (o: object) => Piscina;
  const ns = lib.module as { Piscina?: PiscinaClass; default: { Piscina?: PiscinaClass } };
  const Piscina = ns.Piscina ?? ns.default.Piscina!;
  const piscina = new Piscina({ filename: TASKS, minThreads: options.workers, maxThreads: options.workers, idleTimeout: 60_000 });
  const pool = new WorkerPool({ workers: options.workers, runtime: 'thread', tasks: TASKS });
  try {
    const warm = Array.from({ length: options.workers * 2 }, (_, i) => i);
    await Promise.all([pool.map('noop', warm), Promise.all(warm.map((i) => piscina.run(i, { name: 'noop' })))]);
    const inputs = Array.from({ length: tiny }, (_, i) => i);
    rows[0].measured = await pair(
      { name: 'WorkerPool tiny', run: () => pool.map('noop', inputs) },
      { name: 'piscina tiny', run: () => Promise.all(inputs.map((i) => piscina.run(i, { name: 'noop' }))) },
      options,
    );
    const heavy = Array.from({ length: cpuTasks }, () => cpuN);
    const { cpu } = require(TASKS) as { cpu: (n: number) => number };
    rows[1].measured = await pair(
      { name: 'WorkerPool cpu', run: () => pool.map('cpu', heavy) },
      { name: 'piscina cpu', run: () => Promise.all(heavy.map((n) => piscina.run(n, { name: 'cpu' }))) },
      options,
      { name: 'main thread cpu', run: () => heavy.forEach(cpu) },
    );
  } finally {
    await Promise.all([pool.close(), piscina.destroy()]);
  }
  return rows;
}

async function orchestrateVersusPLimit(options: ComparisonOptions): Promise<Comparison[]> {
  const limit = 8;
  const tiny = options.quick ? 2000 : 4000;
  const slow = options.quick ? 40 : 80;
  const rows: Comparison[] = [
    {
      what: `limit overhead: ${tiny.toLocaleString('en-US')} jobs that only await a resolved promise, ${limit} at a time`,
      reference: '06 orchestrate({ concurrency })',
      library: 'p-limit',
      note: 'orchestrate also gives every job its own AbortSignal (AbortSignal.any), a timeout slot and fail-fast cancellation; p-limit only limits.',
    },
    {
      what: `limited I/O: ${slow} jobs that wait 5 ms, ${limit} at a time (ideal ${(slow / limit) * 5} ms)`,
      reference: '06 orchestrate({ concurrency })',
      library: 'p-limit',
      note: 'Same meaning here: at most 8 in flight, results in input order.',
    },
  ];
  const lib = await loadLibrary('p-limit', options.root);
  if ('missing' in lib) return rows.map((row) => ({ ...row, missing: lib.missing }));
  rows.forEach((row) => (row.library = `p-limit ${lib.version}`));
  const pLimit = (lib.module as { default: (n: number) => <T>(fn: () => Promise<T>) => Promise<T> }).default;
  const job = async () => 1;
  const wait = () => sleep(5);
  const runBoth = (n: number, body: () => Promise<unknown>): [Case, Case] => [
    { name: `orchestrate ${n}`, run: () => orchestrate(Array.from({ length: n }, () => body), { concurrency: limit }) },
    {
      name: `p-limit ${n}`,
      run: () => {
        const limited = pLimit(limit);
        return Promise.all(Array.from({ length: n }, () => limited(body)));
      },
    },
  ];
  rows[0].measured = await pair(...runBoth(tiny, job), options);
  rows[1].measured = await pair(...runBoth(slow, wait), options);
  return rows;
}

async function retryVersusPRetry(options: ComparisonOptions): Promise<Comparison[]> {
  const ops = options.quick ? 200 : 500;
  const backoffOps = 20;
  const failures = 3;
  const rows: Comparison[] = [
    {
      what: `retry overhead: ${ops} operations that fail ${failures} times then succeed, no delay`,
      reference: '09 retry({ retries: 3, baseMs: 0 })',
      library: 'p-retry',
      note: "Same meaning: retries counts the retries after the first attempt; backoff baseMs·factor^(n-1) is p-retry's minTimeout·factor^(n-1) with randomize off.",
    },
    {
      what: `backoff timing: ${backoffOps} operations that fail ${failures} times, waits 4 + 8 + 16 ms (ideal 28 ms)`,
      reference: '09 retry({ retries: 3, baseMs: 4 })',
      library: 'p-retry',
      note:
        "Where they differ: 09's jitter shortens a wait (×(1 − jitter·r)), p-retry's randomize lengthens it (×1…2); " +
        'p-retry never retries a TypeError that is not a network error, turns a thrown non-Error into such a TypeError (so does not retry it either) and stops at its own AbortError; ' +
        '09 retries any thrown value its shouldRetry accepts. The rows above avoid those cases.',
    },
  ];
  const lib = await loadLibrary('p-retry', options.root);
  if ('missing' in lib) return rows.map((row) => ({ ...row, missing: lib.missing }));
  rows.forEach((row) => (row.library = `p-retry ${lib.version}`));
  type PRetry = (fn: (attempt: number) => Promise<unknown>, o: object) => Promise<unknown>;
  const pRetry = (lib.module as { default: PRetry }).default;
  // Fails `failures` times, then succeeds: counts attempts, so a mismatch in meaning shows as an error, not a figure.
  const flaky = () => {
    let attempts = 0;
    return async () => {
      attempts += 1;
      if (attempts <= failures) throw new Error(`attempt ${attempts} failed`);
      return attempts;
    };
  };
  const check = (values: unknown[]) => {
    if (values.some((v) => v !== failures + 1)) throw new Error(`expected ${failures + 1} attempts each, got ${values.join(', ')}`);
  };
  const both = (n: number, baseMs: number): [Case, Case] => [
    {
      name: `retry ${n}`,
      run: async () => check(await Promise.all(Array.from({ length: n }, () => retry(flaky(), { retries: failures, baseMs, factor: 2 })))),
    },
    {
      name: `p-retry ${n}`,
      run: async () => check(await Promise.all(Array.from({ length: n }, () => pRetry(flaky(), { retries: failures, minTimeout: baseMs, factor: 2, randomize: false })))),
    },
  ];
  rows[0].measured = await pair(...both(ops, 0), options);
  rows[1].measured = await pair(...both(backoffOps, 4), options);
  return rows;
}

/** One group that throws (a library whose API changed, a meaning check that failed) becomes a row saying so; the others still run. */
async function guarded(what: string, reference: string, library: string, group: () => Promise<Comparison[]>): Promise<Comparison[]> {
  try {
    return await group();
  } catch (error) {
    return [{ what, reference, library, missing: `failed: ${(error as Error).message.split('\n')[0]}`, note: 'This comparison failed; the message says why.' }];
  }
}

export async function compareLibraries(options: ComparisonOptions): Promise<Comparison[]> {
  return [
    ...(await guarded('worker pool', '04 WorkerPool', 'piscina', () => poolVersusPiscina(options))),
    ...(await guarded('concurrency limit', '06 orchestrate', 'p-limit', () => orchestrateVersusPLimit(options))),
    ...(await guarded('retry', '09 retry', 'p-retry', () => retryVersusPRetry(options))),
  ];
}
