// Exercise 08: a job scheduler. Reference solution.
// One wake-up timer for the earliest future due time; every decision to start
// work goes through pump(), which looks at ALL due jobs at once.

/** done rejects with this when the job is cancelled or the scheduler stops. Given: nothing to do. */
export class CancelledError extends Error {
  constructor(message = 'the job was cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** A job: sync or async; its value (or error) is the run's outcome. */
export type Job<T> = () => T | Promise<T>;

/** The wait before retry n: Math.round(Math.min(maxMs, baseMs * factor ** (n - 1))). */
export interface Backoff {
  baseMs: number;
  factor?: number;
  maxMs?: number;
}

export interface ScheduleOptions {
  delayMs?: number;
  at?: number;
  priority?: number;
  everyMs?: number;
  retries?: number;
  backoff?: Backoff;
}

export interface JobHandle<T> {
  readonly id: number;
  cancel(): boolean;
  readonly done: Promise<T>;
}

export interface SchedulerOptions {
  concurrency: number;
}

export const DEFAULT_BACKOFF: Required<Backoff> = { baseMs: 1_000, factor: 2, maxMs: Infinity };

export function backoffDelay(n: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  const { baseMs, factor = 2, maxMs = Infinity } = backoff;
  return Math.round(Math.min(maxMs, baseMs * factor ** (n - 1)));
}

interface Entry {
  id: number;
  job: Job<unknown>;
  priority: number;
  everyMs?: number;
  retries: number;
  backoff: Backoff;
  /** Recurring: the first due time, and the index of the tick now due or running. */
  start: number;
  tick: number;
  dueAt: number;
  attempt: number;
  state: 'waiting' | 'running' | 'settled';
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function bad(option: string, rule: string, value: unknown): RangeError {
  return new RangeError(`${option} must be ${rule}, got ${String(value)}`);
}

/**
 * RangeError naming the option; valid: delayMs finite >= 0; at and priority finite; not both delayMs
 * and at (both: a RangeError naming both); everyMs finite > 0; retries a whole number >= 0;
 * backoff.baseMs finite >= 0, backoff.factor finite >= 1, backoff.maxMs a number >= 0 (Infinity allowed).
 */
function validate(options: ScheduleOptions): void {
  const { delayMs, at, priority, everyMs, retries, backoff } = options;
  if (delayMs !== undefined && !(isFiniteNumber(delayMs) && delayMs >= 0)) throw bad('delayMs', 'a finite number ≥ 0', delayMs);
  if (at !== undefined && !isFiniteNumber(at)) throw bad('at', 'a finite time in ms (Date.now() scale)', at);
  if (delayMs !== undefined && at !== undefined) throw new RangeError('give delayMs or at, not both');
  if (priority !== undefined && !isFiniteNumber(priority)) throw bad('priority', 'a finite number', priority);
  if (everyMs !== undefined && !(isFiniteNumber(everyMs) && everyMs > 0)) throw bad('everyMs', 'a finite number > 0', everyMs);
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) throw bad('retries', 'a whole number ≥ 0', retries);
  if (backoff !== undefined) {
    const { baseMs, factor, maxMs } = backoff;
    if (!(isFiniteNumber(baseMs) && baseMs >= 0)) throw bad('backoff.baseMs', 'a finite number ≥ 0', baseMs);
    if (factor !== undefined && !(isFiniteNumber(factor) && factor >= 1)) throw bad('backoff.factor', 'a finite number ≥ 1', factor);
    if (maxMs !== undefined && !(typeof maxMs === 'number' && maxMs >= 0)) throw bad('backoff.maxMs', 'a number ≥ 0', maxMs);
  }
}

export class Scheduler {
  private readonly concurrency: number;
  private readonly waiting = new Set<Entry>();
  /** Every job whose done has not settled: waiting or running. */
  private readonly live = new Set<Entry>();
  private running = 0;
  private nextId = 1;
  private paused = false;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private drains: Array<() => void> = [];

  /** Throws a RangeError naming `concurrency` unless it is a whole number >= 1 (also when it, or `options`, is missing). */
  constructor(options: SchedulerOptions) {
    const concurrency = options?.concurrency;
    if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw bad('concurrency', 'a whole number ≥ 1', concurrency);
    this.concurrency = concurrency;
  }

  schedule<T>(job: Job<T>, options: ScheduleOptions = {}): JobHandle<T> {
    if (this.stopped) throw new Error('schedule() after stop(): the scheduler is stopped');
    if (typeof job !== 'function') throw new TypeError(`job must be a function, got ${typeof job}`);
    validate(options);
    const now = Date.now();
    const dueAt = options.at !== undefined ? Math.max(now, options.at) : now + (options.delayMs ?? 0);
    let resolve!: (value: unknown) => void;
    let reject!: (reason: unknown) => void;
    const done = new Promise<unknown>((res, rej) => ((resolve = res), (reject = rej)));
    done.catch(() => {}); // nobody has to listen: a cancelled job is not an unhandled rejection
    const entry: Entry = {
      id: this.nextId++,
      job,
      priority: options.priority ?? 0,
      everyMs: options.everyMs,
      retries: options.retries ?? 0,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      start: dueAt,
      tick: 0,
      dueAt,
      attempt: 1,
      state: 'waiting',
      resolve,
      reject,
    };
    this.waiting.add(entry);
    this.live.add(entry);
    this.pump();
    return { id: entry.id, cancel: () => this.cancel(entry), done: done as Promise<T> };
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  drain(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.drains.push(resolve);
      this.checkDrains();
    });
  }

  stop(): Promise<void> {
    this.stopped = true;
    // Running jobs are not interrupted (they keep their slot until they end), but nobody waits for them any more.
    for (const entry of [...this.live]) this.settle(entry, 'reject', new CancelledError('the scheduler was stopped'));
    this.waiting.clear();
    this.arm();
    return this.drain();
  }

  private cancel(entry: Entry): boolean {
    if (entry.state === 'settled') return false;
    // A running job keeps its slot until it ends; its outcome is then ignored.
    if (entry.state === 'waiting') this.waiting.delete(entry);
    this.settle(entry, 'reject', new CancelledError(`job ${entry.id} was cancelled`));
    this.arm();
    this.checkDrains();
    return true;
  }

  private settle(entry: Entry, how: 'resolve' | 'reject', value: unknown): void {
    entry.state = 'settled';
    this.live.delete(entry);
    if (how === 'resolve') entry.resolve(value);
    else entry.reject(value);
  }

  private isDue = (entry: Entry, now: number) => entry.dueAt <= now;

  /** Start every due job that fits, best first; then sleep until the next due time. */
  private pump(): void {
    const now = Date.now();
    if (!this.paused && !this.stopped) {
      const due = [...this.waiting]
        .filter((e) => this.isDue(e, now))
        .sort((a, b) => b.priority - a.priority || a.dueAt - b.dueAt || a.id - b.id);
      for (const entry of due) {
        if (this.running >= this.concurrency) break;
        this.start(entry);
      }
    }
    this.arm();
  }

  /** One timer, for the earliest job not yet due. */
  private arm(): void {
    const now = Date.now();
    let next = Infinity;
    for (const e of this.waiting) if (e.dueAt > now && e.dueAt < next) next = e.dueAt;
    if (next === this.timerAt) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = next;
    if (next !== Infinity) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.pump();
      }, next - now);
    }
  }

  private start(entry: Entry): void {
    this.waiting.delete(entry);
    entry.state = 'running';
    this.running += 1;
    let outcome: Promise<unknown>;
    try {
      outcome = Promise.resolve(entry.job());
    } catch (error) {
      outcome = Promise.reject(error);
    }
    outcome.then(
      (value) => this.finish(entry, { value }),
      (error: unknown) => this.finish(entry, { error }),
    );
  }

  private finish(entry: Entry, result: { value: unknown } | { error: unknown }): void {
    this.running -= 1;
    if (entry.state === 'running') {
      const now = Date.now();
      if ('error' in result) {
        if (entry.attempt <= entry.retries) {
          entry.dueAt = now + backoffDelay(entry.attempt, entry.backoff);
          entry.attempt += 1;
          this.requeue(entry);
        } else {
          this.settle(entry, 'reject', result.error);
        }
      } else if (entry.everyMs !== undefined) {
        // Fixed rate: the next tick after this one that has not passed yet; missed ticks are skipped.
        entry.tick = Math.max(entry.tick + 1, Math.ceil((now - entry.start) / entry.everyMs));
        entry.dueAt = entry.start + entry.tick * entry.everyMs;
        entry.attempt = 1;
        this.requeue(entry);
      } else {
        this.settle(entry, 'resolve', result.value);
      }
    }
    this.pump();
    this.checkDrains();
  }

  private requeue(entry: Entry): void {
    entry.state = 'waiting';
    this.waiting.add(entry);
  }

  /** Idle: nothing running and nothing due (jobs due later do not count). */
  private checkDrains(): void {
    if (this.drains.length === 0 || this.running > 0) return;
    const now = Date.now();
    for (const e of this.waiting) if (this.isDue(e, now)) return;
    const waiters = this.drains;
    this.drains = [];
    for (const resolve of waiters) resolve();
  }
}
