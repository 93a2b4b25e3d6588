// Mutant: the running jobs are aborted, but queued jobs still start.

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

/** The reason a job's signal aborts with when the job runs past `timeoutMs`. */
export class TimeoutError extends Error {
  constructor(message = 'timed out') {
    super(message);
    this.name = 'TimeoutError';
  }
}

export function orchestrate<T>(jobs: Array<Job<T>>, options: OrchestrateOptions & { mode: 'settle' }): Promise<Array<PromiseSettledResult<T>>>;
export function orchestrate<T>(jobs: Array<Job<T>>, options?: OrchestrateOptions & { mode?: 'fail-fast' }): Promise<T[]>;
export function orchestrate<T>(jobs: Array<Job<T>>, options?: OrchestrateOptions): Promise<T[] | Array<PromiseSettledResult<T>>>;
export async function orchestrate<T>(jobs: Array<Job<T>>, options: OrchestrateOptions = {}): Promise<T[] | Array<PromiseSettledResult<T>>> {
  const { concurrency = Infinity, timeoutMs, signal: outer, mode = 'fail-fast' } = options;
  if (!(concurrency >= 1)) throw new RangeError(`orchestrate: concurrency must be at least 1, got ${concurrency}`);
  outer?.throwIfAborted();

  // One "stop" for the whole run: the outer signal or (fail-fast) the first failure.
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort(outer!.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const outcomes = new Array<PromiseSettledResult<T>>(jobs.length);
  let failure: { error: unknown } | undefined;
  let next = 0;

  const runJob = async (index: number) => {
    const own = new AbortController(); // this job's timeout only
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => own.abort(new TimeoutError(`job ${index} ran past ${timeoutMs} ms`)), timeoutMs);
    try {
      const value = await jobs[index](AbortSignal.any([stop.signal, own.signal]));
      if (own.signal.aborted) throw own.signal.reason; // past its time: a timeout, whatever it returned
      outcomes[index] = { status: 'fulfilled', value };
    } catch (caught) {
      const error = own.signal.aborted ? own.signal.reason : caught;
      outcomes[index] = { status: 'rejected', reason: error };
      // Only a real failure stops the run, not a job giving up because the run was already stopped.
      if (mode === 'fail-fast' && !stop.signal.aborted) {
        failure = { error };
        stop.abort(new Error('orchestrate: cancelled because another job failed', { cause: error }));
      }
    } finally {
      clearTimeout(timer); // a finished job leaves no timer behind
    }
  };

  // `concurrency` lanes, each taking the next job in input order as soon as its previous one settles.
  const lane = async () => {
    while (next < jobs.length) await runJob(next++); // Mutant: no check of stop.signal
  };
  try {
    // Every lane ends only when its job has settled: nothing is left running when we return.
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
  if (outer?.aborted) throw outer.reason;
  if (failure) throw failure.error;
  return mode === 'settle' ? outcomes : outcomes.map((o) => (o as PromiseFulfilledResult<T>).value);
}
