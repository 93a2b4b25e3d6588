// The model-based check of the Scheduler: the lesson's rules as a few lines of
// state (a list of jobs, a clock, a pause flag), commands fast-check strings
// into random stories (schedule, cancel, advance time, pause, resume, a run
// completes or fails, drain, stop), and `agree`, which compares the learner's
// scheduler with the model after every step.
//
// The model is written from the rules, not from the solution: it steps through
// virtual time one due instant at a time and starts, at each instant, what the
// ordering rule picks. Runs end only when a command says so, so nothing in the
// model depends on which timer or microtask happens to go first.
import { CancelledError, Scheduler, type ScheduleOptions } from '@exercise/08-scheduler';
import { ensure, fail, fc, isNotImplemented, modelProperty, show, showReason, Timeline, type ModelStep, type VirtualClock } from '../support';

type State = 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';

interface MJob {
  id: number;
  options: ScheduleOptions;
  priority: number;
  retries: number;
  start: number;
  tick: number;
  dueAt: number;
  attempt: number;
  state: State;
  /** A run of this job is in progress (it may be cancelled and still hold its slot). */
  inRun: boolean;
  /** The error of its last failed attempt (the real one's object), once failed. */
  lastError?: Error;
  stopped?: boolean;
}

export interface SchedModel {
  concurrency: number;
  now: number;
  paused: boolean;
  stopped: boolean;
  jobs: MJob[];
  starts: string[];
  drains: boolean[];
}

interface Run {
  id: number;
  attempt: number;
  at: number;
  resolve: (value: string) => void;
  reject: (error: Error) => void;
  end: (failed?: boolean) => void;
}

export interface SchedReal {
  clock: VirtualClock;
  scheduler: Scheduler;
  timeline: Timeline;
  handles: Array<{ cancel(): boolean }>;
  /** How each done settled, by job id - 1. */
  dones: Array<{ status: 'pending' | 'fulfilled' | 'rejected'; value?: unknown }>;
  /** Runs in the order the scheduler called the jobs. */
  runs: Run[];
  drains: boolean[];
}

const backoffDelay = (n: number, b: NonNullable<ScheduleOptions['backoff']>) =>
  Math.round(Math.min(b.maxMs ?? Infinity, b.baseMs * (b.factor ?? 2) ** (n - 1)));

const settled = (s: State) => s === 'done' || s === 'failed' || s === 'cancelled';
const inRun = (m: SchedModel) => m.jobs.filter((j) => j.inRun);

/** The rules in a few lines: at this instant, start the due jobs that fit, best first. */
function startDue(m: SchedModel): void {
  if (m.paused || m.stopped) return;
  const due = m.jobs
    .filter((j) => j.state === 'waiting' && j.dueAt <= m.now)
    .sort((a, b) => b.priority - a.priority || a.dueAt - b.dueAt || a.id - b.id);
  for (const j of due) {
    if (inRun(m).length >= m.concurrency) return;
    j.state = 'running';
    j.inRun = true;
    m.starts.push(`#${j.id} at ${m.now} ms`);
  }
}

/** Step through every due instant up to now + ms. */
function advance(m: SchedModel, ms: number): void {
  const target = m.now + ms;
  for (;;) {
    const next = Math.min(...m.jobs.filter((j) => j.state === 'waiting' && j.dueAt > m.now).map((j) => j.dueAt));
    if (!(next <= target)) break;
    m.now = next;
    startDue(m);
  }
  m.now = target;
  startDue(m);
}

function idle(m: SchedModel): boolean {
  return inRun(m).length === 0 && !m.jobs.some((j) => j.state === 'waiting' && j.dueAt <= m.now);
}

const backoffs = fc.record({ baseMs: fc.integer({ min: 0, max: 120 }), factor: fc.constantFrom(1, 2, 3), maxMs: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }) });

/** Schedule options for one job: the interesting ones often (same instants, equal priorities, recurring, retries). */
const scheduleOptions = fc.record(
  {
    when: fc.oneof(
      fc.constant({}),
      fc.constantFrom(0, 50, 100, 100, 150).map((delayMs) => ({ delayMs })),
      fc.integer({ min: 1, max: 300 }).map((delayMs) => ({ delayMs })),
      fc.integer({ min: -50, max: 200 }).map((rel) => ({ at: rel })), // relative to now; below 0 = already past
    ),
    priority: fc.constantFrom(0, 0, 0, 1, 2, -1),
    everyMs: fc.option(fc.constantFrom(40, 100, 130), { nil: undefined, freq: 3 }),
    retries: fc.constantFrom(0, 0, 1, 2),
    backoff: fc.option(backoffs, { nil: undefined, freq: 5 }),
  },
  { requiredKeys: ['when', 'priority', 'retries'] },
);
type Drawn = typeof scheduleOptions extends fc.Arbitrary<infer T> ? T : never;

function describeOptions(o: ScheduleOptions): string {
  const parts = Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${typeof v === 'object' ? show(v) : v}`);
  return `{ ${parts.join(', ')} }`;
}

class Schedule implements ModelStep<SchedModel, SchedReal> {
  #text = '';
  constructor(readonly drawn: Drawn) {}
  check = () => true;
  async run(m: SchedModel, r: SchedReal) {
    const { when, priority, everyMs, retries, backoff } = this.drawn;
    const options: ScheduleOptions = { ...('at' in when ? { at: m.now + when.at } : when), priority, retries };
    if (everyMs !== undefined) options.everyMs = everyMs;
    if (backoff !== undefined) options.backoff = backoff;
    if (m.stopped) {
      this.#text = `schedule(job, ${describeOptions(options)}) after stop()`;
      let threw = false;
      try {
        r.scheduler.schedule(() => 'late', options);
      } catch (error) {
        if (isNotImplemented(error)) throw error;
        threw = true;
      }
      ensure(threw, 'schedule() after stop() returned normally, but it should throw: a stopped scheduler takes no new jobs.');
      return;
    }
    const id = m.jobs.length + 1;
    this.#text = `at ${m.now} ms: #${id} = schedule(job, ${describeOptions(options)})`;
    let attempt = 0;
    const job = () => {
      attempt += 1;
      const n = attempt;
      const end = r.timeline.begin(`#${id}${n > 1 || everyMs ? ` (${everyMs ? 'run' : 'try'} ${n})` : ''}`);
      return new Promise<string>((resolve, reject) => r.runs.push({ id, attempt: n, at: r.clock.now, resolve, reject, end }));
    };
    const handle = r.scheduler.schedule(job, options);
    ensure(handle.id === id, `schedule() returned a handle with id ${show(handle.id)}, but the jobs of a scheduler are numbered 1, 2, 3... (this is job ${id}).`);
    r.handles.push(handle);
    const record: SchedReal['dones'][number] = { status: 'pending' };
    r.dones.push(record);
    handle.done.then(
      (value) => Object.assign(record, { status: 'fulfilled', value }),
      (reason: unknown) => Object.assign(record, { status: 'rejected', value: reason }),
    );
    const dueAt = options.at !== undefined ? Math.max(m.now, options.at) : m.now + (options.delayMs ?? 0);
    m.jobs.push({ id, options, priority, retries, start: dueAt, tick: 0, dueAt, attempt: 1, state: 'waiting', inRun: false });
    startDue(m);
  }
  toString = () => this.#text || 'schedule';
}

class Advance implements ModelStep<SchedModel, SchedReal> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: SchedModel, r: SchedReal) {
    await r.clock.advance(this.ms);
    advance(m, this.ms);
  }
  toString = () => `${this.ms} ms pass`;
}

class Cancel implements ModelStep<SchedModel, SchedReal> {
  #text = '';
  constructor(readonly pick: number) {}
  check = (m: Readonly<SchedModel>) => m.jobs.length > 0;
  async run(m: SchedModel, r: SchedReal) {
    const j = m.jobs[this.pick % m.jobs.length];
    const before = j.inRun && j.state === 'running' ? 'running' : j.state;
    this.#text = `at ${m.now} ms: cancel #${j.id} (it is ${before})`;
    const expected = !settled(j.state);
    const got = r.handles[j.id - 1].cancel();
    if (got !== expected) {
      fail(
        `cancel() on #${j.id}, which is ${before}, returned ${show(got)}`,
        `it should return ${expected}`,
        expected ? 'A job whose done has not settled can be cancelled: return true.' : 'done had already settled: cancel() changes nothing and returns false.',
      );
    }
    if (expected) j.state = 'cancelled';
    startDue(m);
  }
  toString = () => this.#text || 'cancel';
}

class Finish implements ModelStep<SchedModel, SchedReal> {
  #text = '';
  constructor(
    readonly pick: number,
    readonly fails: boolean,
  ) {}
  check = (m: Readonly<SchedModel>) => m.jobs.some((j) => j.inRun);
  async run(m: SchedModel, r: SchedReal) {
    const running = inRun(m);
    const j = running[this.pick % running.length];
    const run = [...r.runs].reverse().find((x) => x.id === j.id);
    ensure(run, `#${j.id} should be running by now, but its job was never called.`);
    this.#text = `at ${m.now} ms: #${j.id}'s run ${this.fails ? 'fails' : 'completes'}`;
    const error = new Error(`#${j.id} attempt ${run.attempt} failed`);
    run.end(this.fails);
    if (this.fails) run.reject(error);
    else run.resolve(`value of #${j.id}`);
    j.inRun = false;
    if (j.state === 'running') {
      if (this.fails && j.attempt <= j.retries) {
        j.dueAt = m.now + backoffDelay(j.attempt, j.options.backoff ?? { baseMs: 1_000 });
        j.attempt += 1;
        j.state = 'waiting';
      } else if (this.fails) {
        j.state = 'failed';
        j.lastError = error;
      } else if (j.options.everyMs !== undefined) {
        const every = j.options.everyMs;
        j.tick = Math.max(j.tick + 1, Math.ceil((m.now - j.start) / every));
        j.dueAt = j.start + j.tick * every;
        j.attempt = 1;
        j.state = 'waiting';
      } else {
        j.state = 'done';
      }
    }
    startDue(m);
  }
  toString = () => this.#text || (this.fails ? 'a run fails' : 'a run completes');
}

class Pause implements ModelStep<SchedModel, SchedReal> {
  constructor(readonly resume: boolean) {}
  check = () => true;
  async run(m: SchedModel, r: SchedReal) {
    if (this.resume) r.scheduler.resume();
    else r.scheduler.pause();
    m.paused = !this.resume;
    startDue(m);
  }
  toString = () => (this.resume ? 'resume()' : 'pause()');
}

class Drain implements ModelStep<SchedModel, SchedReal> {
  check = () => true;
  async run(m: SchedModel, r: SchedReal) {
    const k = r.drains.length;
    r.drains.push(false);
    m.drains.push(false);
    r.scheduler.drain().then(() => (r.drains[k] = true));
  }
  toString = () => 'drain()';
}

class Stop implements ModelStep<SchedModel, SchedReal> {
  check = (m: Readonly<SchedModel>) => !m.stopped;
  async run(m: SchedModel, r: SchedReal) {
    void r.scheduler.stop().catch(() => {});
    m.stopped = true;
    for (const j of m.jobs) {
      if (!settled(j.state)) {
        j.state = 'cancelled';
        j.stopped = true;
      }
    }
    // Checked at once, before any time passes: a timer left now would fire later.
    const left = r.clock.pendingTimers();
    ensure(
      left === 0,
      `Right after stop(), ${left} timer(s) were still scheduled. stop() clears every timer at once (the wake-up timer, retry waits, next ticks).`,
    );
  }
  toString = () => 'stop()';
}

function agree(m: SchedModel, r: SchedReal): void {
  for (const [k, resolved] of m.drains.entries()) if (!resolved && idle(m)) m.drains[k] = true;
  const starts = r.runs.map((x) => `#${x.id} at ${x.at} ms`);
  if (show(starts) !== show(m.starts)) {
    const first = m.starts.findIndex((s, i) => starts[i] !== s);
    const at = first === -1 ? m.starts.length : first;
    fail(
      `The scheduler started ${show(starts.slice(at, at + 3))} (${starts.length} runs in all)`,
      `by the rules run ${at + 1} should be ${m.starts[at] === undefined ? 'nothing: no job was due with a free slot' : m.starts[at]} (${m.starts.length} runs in all)`,
      'At every instant, start the due jobs that fit: higher priority first, then earlier due time, then earlier schedule() call; never more than concurrency (a cancelled run still holds its slot until it ends); nothing while paused or after stop().',
      r.timeline,
    );
  }
  for (const j of m.jobs) {
    const got = r.dones[j.id - 1];
    const want = j.state === 'done' ? 'fulfilled' : j.state === 'failed' || j.state === 'cancelled' ? 'rejected' : 'pending';
    if (got.status !== want) {
      fail(
        `#${j.id}'s done is ${got.status}${got.status === 'rejected' ? ` (${showReason(got.value)})` : ''}`,
        `#${j.id} is ${j.state}${j.stopped ? ' (by stop())' : ''}, so done should be ${want}`,
        want === 'pending'
          ? 'done settles only when the job is over: success, last retry failed, cancel() or stop().'
          : want === 'rejected'
            ? 'cancel() and stop() reject done at once with a CancelledError; a job out of retries rejects with its last error.'
            : 'A one-shot job that succeeds resolves done with its value.',
        r.timeline,
      );
    }
    if (j.state === 'done') ensure(got.value === `value of #${j.id}`, `#${j.id}'s done resolved with ${show(got.value)}, but its job resolved with "value of #${j.id}".`);
    if (j.state === 'failed') {
      ensure(got.value === j.lastError, `#${j.id}'s done rejected with ${showReason(got.value)}, but it should reject with the last attempt's own error, ${showReason(j.lastError)}.`);
    }
    if (j.state === 'cancelled') {
      ensure(got.value instanceof CancelledError, `#${j.id} was ${j.stopped ? 'stopped' : 'cancelled'}, but its done rejected with ${showReason(got.value)} instead of a CancelledError.`);
    }
  }
  for (const [k, resolved] of m.drains.entries()) {
    if (r.drains[k] !== resolved) {
      fail(
        `drain() call ${k + 1} is ${r.drains[k] ? 'resolved' : 'still pending'}`,
        resolved ? 'nothing is running or due, so it should have resolved' : 'a job is still running or due, so it should still wait',
        'drain() resolves at the first moment when nothing runs and nothing is due; jobs due later do not hold it.',
        r.timeline,
      );
    }
  }
  if (!m.jobs.some((j) => j.state === 'waiting' && j.dueAt > m.now)) {
    const left = r.clock.pendingTimers();
    ensure(
      left === 0,
      () => `At ${m.now} ms no job waits for a later time, yet ${left} timer(s) were still scheduled. Clear the timer of a job that started, was cancelled or stopped: a forgotten timer fires for nothing and keeps the process alive.`,
    );
  }
}

const schedule = scheduleOptions.map((d) => new Schedule(d));
const pass = fc.oneof(fc.constantFrom(0, 40, 50, 100), fc.integer({ min: 1, max: 400 })).map((ms) => new Advance(ms));
const cancel = fc.nat().map((k) => new Cancel(k));
const finish = fc.tuple(fc.nat(), fc.boolean()).map(([k, fails]) => new Finish(k, fails));
const pauseOrResume = fc.boolean().map((resume) => new Pause(resume));

/** Random stories against the model: concurrency 1 to 3, up to 30 steps each. */
export const schedulerFollowsTheModel = () =>
  modelProperty<number, SchedModel, SchedReal>({
    params: fc.constantFrom(1, 1, 2, 3),
    describe: (concurrency) => `new Scheduler({ concurrency: ${concurrency} }), then:`,
    setup: (concurrency, clock) => ({
      model: { concurrency, now: 0, paused: false, stopped: false, jobs: [], starts: [], drains: [] },
      real: { clock, scheduler: new Scheduler({ concurrency }), timeline: new Timeline(() => clock.now), handles: [], dones: [], runs: [], drains: [] },
    }),
    steps: [schedule, schedule, schedule, schedule, pass, pass, pass, finish, finish, finish, cancel, pauseOrResume, fc.constant(new Drain()), fc.constant(new Stop())],
    agree,
    maxCommands: 30,
  });
