// Exercise 06, part 2: orchestrate, fan-out → fan-in with a limit. Read README.md first.
// Fill in the body; keep the names and signatures. Check your work with:  npm test -- 06

/** One job: it gets its own signal and should stop soon after that signal aborts. */
export type Job<T> = (signal: AbortSignal) => Promise<T>;

export interface OrchestrateOptions {
  /** Most jobs in flight at once: a whole number ≥ 1. Default: no limit. */
  concurrency?: number;
  /** Per-job time limit in ms, counted from that job's start. Default: none. */
  timeoutMs?: number;
  /** The caller's signal: aborting it cancels the whole run. */
  signal?: AbortSignal;
  /** 'fail-fast' (default): the first failure cancels the rest. 'settle': run everything, report every outcome. */
  mode?: 'fail-fast' | 'settle';
}

/** The reason a job's signal aborts with when the job runs past `timeoutMs`. (Given: nothing to do.) */
export class TimeoutError extends Error {
  constructor(message = 'timed out') {
    super(message);
    this.name = 'TimeoutError';
  }
}

function todo(name: string): never {
  const error = new Error(`${name}() in 06-orchestrator/orchestrate.ts`);
  error.name = 'NotImplemented';
  throw error;
}

/**
 * Run `jobs`, at most `concurrency` at a time, and collect their results.
 * - Start jobs in input order; call each exactly once, as job(signal), with a
 *   signal of its own. Start the next one the moment any running job settles.
 *   A job that throws synchronously fails like one that rejects. No jobs:
 *   resolve at once with [].
 * - 'fail-fast' (default): resolve with every value itself, in input order. On
 *   the first failure, abort every running job's signal at that instant, start
 *   no new job, wait until the running jobs have settled, then reject with that
 *   first failure itself (whatever a job does after its abort is no failure).
 * - 'settle': run every job; resolve with one { status: 'fulfilled', value } or
 *   { status: 'rejected', reason } per job, in input order (like Promise.allSettled).
 * - timeoutMs: when a job is still running timeoutMs after ITS start, abort its
 *   signal with a new TimeoutError; its outcome is that TimeoutError (in
 *   fail-fast mode that is a failure like any other). Clear the timer as soon
 *   as the job settles.
 * - signal: if it is (or becomes) aborted, abort every running job, start no
 *   new one, wait until the running ones have settled, then reject with
 *   signal.reason (in either mode).
 * - When orchestrate settles, nothing it started is still running, none of
 *   its timers is left, and none of its listeners is left on options.signal.
 */
export function orchestrate<T>(jobs: Array<Job<T>>, options: OrchestrateOptions & { mode: 'settle' }): Promise<Array<PromiseSettledResult<T>>>;
export function orchestrate<T>(jobs: Array<Job<T>>, options?: OrchestrateOptions & { mode?: 'fail-fast' }): Promise<T[]>;
export function orchestrate<T>(jobs: Array<Job<T>>, options?: OrchestrateOptions): Promise<T[] | Array<PromiseSettledResult<T>>>;
export async function orchestrate<T>(jobs: Array<Job<T>>, options: OrchestrateOptions = {}): Promise<T[] | Array<PromiseSettledResult<T>>> {
  // TODO: a queue of job indexes, `concurrency` workers taking from it, one AbortController to stop them all.
  return todo('orchestrate');
}
