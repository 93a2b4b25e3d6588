// The model-based check of the Executor: the spec as a few lines of state
// (startWhatFits), commands fast-check strings into random stories (submit,
// cancel, complete, fail, shutdown, callers waiting on futures with or without
// a deadline, the clock moving on), and \`agree\`, which compares the learner's
// executor with the model after every step, with a message per kind of mismatch.
// The callers' outcomes form a trace (virtual time, caller, outcome) compared
// whole with the model's, reporting the first divergence on the timeline; and
// whenever no caller waits with a deadline, no timer may be left.
import { Executor, Future } from '@exercise/03-futures';
import { attempt, ensure, fail, fc, isNotImplemented, modelProperty, peek, show, type ModelStep, type VirtualClock } from '../support';
import { errorFor, isCancelled, isTimeout } from './fixtures';
import { sameValue } from './scenarios';

type Kind = 'async' | 'sync value' | 'sync throw';
type State = 'pending' | 'running' | 'cancelled' | 'finished' | 'failed';

/** What a future ends with: a value, an error (kept, so identity can be checked), or a cancel. */
type Outcome = { value: unknown } | { reason: unknown } | { cancelled: true };

/** A caller of result()/exception(): what the model says it gets, and when. */
interface ModelWaiter {
  id: number;
  method: 'result' | 'exception';
  timeoutMs?: number;
  deadline: number;
  settled?: { at: number; outcome: Outcome | { timeout: true } };
}

interface ExecModel {
  maxWorkers: number;
  futures: Array<{ kind: Kind; state: State; outcome?: Outcome; syncOutcome?: Outcome }>;
  queue: number[];
  started: number[];
  shutdown: boolean;
  now: number;
  waiters: ModelWaiter[];
}

interface ExecReal {
  clock: VirtualClock;
  executor: Executor;
  futures: Array<Future<number>>;
  /** Ids in the order their functions were called. */
  calls: number[];
  controls: Map<number, { resolve: (v: number) => void; reject: (e: Error) => void }>;
  callbackRuns: number[];
  shutdowns: Array<{ settled: boolean; error?: unknown }>;
  /** How each caller's promise settled, and when (virtual ms since the start). */
  waiters: Array<{ status: 'pending' } | { status: 'fulfilled'; value: unknown; at: number } | { status: 'rejected'; reason: unknown; at: number }>;
}

/** Complete model future `id` and tell its waiting callers, now. */
function complete(m: ExecModel, id: number, state: 'cancelled' | 'finished' | 'failed', outcome: Outcome): void {
  const f = m.futures[id];
  f.state = state;
  f.outcome = outcome;
  for (const w of m.waiters) if (w.id === id && !w.settled) w.settled = { at: m.now, outcome };
}

/** Callers whose deadline has come give up (TimeoutError at their deadline); the future is untouched. */
function timeOut(m: ExecModel): void {
  for (const w of m.waiters) if (!w.settled && w.deadline <= m.now) w.settled = { at: w.deadline, outcome: { timeout: true } };
}

const runningIds = (m: ExecModel) => m.futures.flatMap((f, i) => (f.state === 'running' ? [i] : []));

/** The spec, in a few lines: free workers take queued work oldest first; sync work finishes as soon as it starts. */
function startWhatFits(m: ExecModel): void {
  while (runningIds(m).length < m.maxWorkers && m.queue.length > 0) {
    const id = m.queue.shift()!;
    m.started.push(id);
    const f = m.futures[id];
    if (f.kind === 'async') f.state = 'running';
    else complete(m, id, f.kind === 'sync value' ? 'finished' : 'failed', f.syncOutcome!);
  }
}

// Each step names what it did (#id) while it runs; `#text` stays out of fast-check's JSON of the commands.
class Submit implements ModelStep<ExecModel, ExecReal> {
  #text = '';
  constructor(readonly kind: Kind) {}
  check = () => true;
  async run(m: ExecModel, r: ExecReal) {
    const id = m.futures.length;
    if (m.shutdown) {
      this.#text = `submit(${this.kind} task) after shutdown`;
      let threw = false;
      try {
        r.executor.submit(() => 0);
      } catch (error) {
        if (isNotImplemented(error)) throw error;
        threw = true;
      }
      ensure(threw, 'submit() after shutdown() returned normally, but it should throw: a shut-down executor accepts no new work.');
      return;
    }
    this.#text = `submit #${id} (${this.kind})`;
    // Sync work ends with a value or an error known now, so the model can check identity.
    const boom = errorFor(id);
    const fn = (n: number): number | Promise<number> => {
      r.calls.push(n);
      if (this.kind === 'sync value') return n * 10;
      if (this.kind === 'sync throw') throw boom;
      return new Promise<number>((resolve, reject) => r.controls.set(n, { resolve, reject }));
    };
    const future = r.executor.submit(fn, id);
    ensure(future instanceof Future, `submit() returned ${show(future)}, but it should return a Future.`);
    r.futures.push(future);
    r.callbackRuns.push(0);
    future.addDoneCallback(() => (r.callbackRuns[id] += 1));
    m.futures.push({ kind: this.kind, state: 'pending', syncOutcome: this.kind === 'sync value' ? { value: id * 10 } : { reason: boom } });
    m.queue.push(id);
    startWhatFits(m);
  }
  toString = () => this.#text || `submit (${this.kind})`;
}

class Cancel implements ModelStep<ExecModel, ExecReal> {
  #text = '';
  /** `queued`: pick among the futures still waiting in the queue (the interesting case), else among all. */
  constructor(
    readonly pick: number,
    readonly queued: boolean,
  ) {}
  check = (m: Readonly<ExecModel>) => (this.queued ? m.queue.length > 0 : m.futures.length > 0);
  async run(m: ExecModel, r: ExecReal) {
    const id = this.queued ? m.queue[this.pick % m.queue.length] : this.pick % m.futures.length;
    const before = m.futures[id].state;
    this.#text = `cancel #${id} (it is ${before})`;
    const expected = before === 'pending' || before === 'cancelled';
    const got = r.futures[id].cancel();
    if (got !== expected) {
      fail(
        `cancel() on #${id}, which is ${before}, returned ${got}`,
        `it should return ${expected}`,
        expected
          ? 'A future still waiting in the queue has not started, so it can be cancelled.'
          : 'Only work that has not started can be cancelled; running or finished work answers false.',
      );
    }
    if (before === 'pending') {
      complete(m, id, 'cancelled', { cancelled: true });
      m.queue = m.queue.filter((q) => q !== id);
    }
  }
  toString = () => this.#text || 'cancel';
}

/** What async work ends with: values and reasons from the whole domain (falsy, not Errors); `null` means "#id's own". */
const PAYLOADS: unknown[] = [null, 0, '', false, undefined, 'text', { code: 7 }];

class Finish implements ModelStep<ExecModel, ExecReal> {
  #text = '';
  constructor(
    readonly pick: number,
    readonly fails: boolean,
    readonly payload = 0,
  ) {}
  check = (m: Readonly<ExecModel>) => m.futures.some((f) => f.state === 'running');
  async run(m: ExecModel, r: ExecReal) {
    const running = runningIds(m);
    const id = running[this.pick % running.length];
    const chosen = PAYLOADS[this.payload % PAYLOADS.length];
    // Reasons are never null (exception() answers null for "no failure"); null picks #id's own value or Error.
    const payload = chosen === null ? (this.fails ? errorFor(id) : id * 10) : chosen;
    this.#text = this.fails ? `#${id} fails with ${show(payload)}` : `#${id} finishes with ${show(payload)}`;
    const control = r.controls.get(id);
    ensure(control, `#${id} should be running by now, but its function was never called.`);
    if (this.fails) control.reject(payload as Error);
    else control.resolve(payload as number);
    complete(m, id, this.fails ? 'failed' : 'finished', this.fails ? { reason: payload } : { value: payload });
    startWhatFits(m);
    const got = await peek(attempt(() => (this.fails ? r.futures[id].exception() : r.futures[id].result())), r.clock);
    const want = payload;
    ensure(
      got.status === 'fulfilled' && Object.is(got.value, want),
      `After #${id}'s function ${this.fails ? 'rejected' : 'resolved'}, ${this.fails ? 'exception()' : 'result()'} ` +
        `${got.status === 'pending' ? 'never settled' : got.status === 'fulfilled' ? `gave ${show(got.value)}` : `rejected with ${show(got.reason)}`}; ` +
        `expected ${show(want)}. The executor must pass the function's outcome to its future.`,
    );
  }
  toString = () => this.#text || (this.fails ? 'fail' : 'complete');
}

class Shutdown implements ModelStep<ExecModel, ExecReal> {
  constructor(readonly cancelFutures: boolean) {}
  check = () => true;
  async run(m: ExecModel, r: ExecReal) {
    const record: ExecReal['shutdowns'][number] = { settled: false };
    r.shutdowns.push(record);
    r.executor.shutdown({ wait: true, cancelFutures: this.cancelFutures }).then(
      () => (record.settled = true),
      (error: unknown) => (record.error = error),
    );
    m.shutdown = true;
    if (this.cancelFutures) {
      for (const id of m.queue) complete(m, id, 'cancelled', { cancelled: true });
      m.queue = [];
    }
  }
  toString = () => `shutdown({ wait: true, cancelFutures: ${this.cancelFutures} })`;
}

/** A caller starts waiting on a future: result() or exception(), with a deadline or without. Several may wait on one future. */
class Await implements ModelStep<ExecModel, ExecReal> {
  #text = '';
  constructor(
    readonly pick: number,
    readonly method: 'result' | 'exception',
    readonly timeoutMs: number | undefined,
    /** Pick among the futures not done yet (the interesting case), else among all. */
    readonly open: boolean,
  ) {}
  check = (m: Readonly<ExecModel>) => (this.open ? m.futures.some((f) => f.state === 'pending' || f.state === 'running') : m.futures.length > 0);
  async run(m: ExecModel, r: ExecReal) {
    const ids = this.open ? m.futures.flatMap((f, i) => (f.state === 'pending' || f.state === 'running' ? [i] : [])) : m.futures.map((_, i) => i);
    const id = ids[this.pick % ids.length];
    const k = m.waiters.length;
    const call = `#${id}.${this.method}(${this.timeoutMs ?? ''})`;
    this.#text = `caller ${k + 1}: ${call} at ${m.now} ms (#${id} is ${m.futures[id].state})`;
    const f = m.futures[id];
    const waiter: ModelWaiter = { id, method: this.method, timeoutMs: this.timeoutMs, deadline: this.timeoutMs === undefined ? Infinity : m.now + this.timeoutMs };
    if (f.outcome) waiter.settled = { at: m.now, outcome: f.outcome };
    m.waiters.push(waiter);
    r.waiters.push({ status: 'pending' });
    const t0 = r.clock.now - m.now;
    attempt(() => r.futures[id][this.method](this.timeoutMs)).then(
      (value) => (r.waiters[k] = { status: 'fulfilled', value, at: r.clock.now - t0 }),
      (reason) => (r.waiters[k] = { status: 'rejected', reason, at: r.clock.now - t0 }),
    );
    timeOut(m); // a deadline of 0 has already come
  }
  toString = () => this.#text || `${this.method}(${this.timeoutMs ?? ''})`;
}

/** Virtual time moves on: callers whose deadline comes give up. */
class Advance implements ModelStep<ExecModel, ExecReal> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: ExecModel, r: ExecReal) {
    await r.clock.advance(this.ms);
    m.now += this.ms;
    timeOut(m);
  }
  toString = () => `${this.ms} ms pass`;
}

const flags = (f: Future<number>) => ({ cancelled: f.cancelled(), running: f.running(), done: f.done() });
const flagsOf = (s: State) => ({ cancelled: s === 'cancelled', running: s === 'running', done: s === 'cancelled' || s === 'finished' || s === 'failed' });

function agree(m: ExecModel, r: ExecReal): void {
  if (!sameValue(r.calls, m.started)) {
    const ranCancelled = r.calls.find((id) => m.futures[id]?.state === 'cancelled');
    // In flight: async work we have not finished yet (sync work ends as it starts).
    const liveNow = r.calls.filter((id) => m.futures[id]?.kind === 'async' && ['running', 'pending'].includes(m.futures[id].state)).length;
    if (ranCancelled !== undefined) {
      fail(
        `The function of #${ranCancelled} was called although #${ranCancelled} had been cancelled while it waited in the queue`,
        'a worker must skip work whose future was cancelled',
        'Before running queued work, call future.setRunningOrNotifyCancel(): it returns false for a cancelled future.',
      );
    }
    if (r.calls.length > m.started.length && liveNow > m.maxWorkers) {
      fail(
        `${liveNow} functions are running at once`,
        `maxWorkers is ${m.maxWorkers}: the rest must wait in the queue`,
        'Count the work in flight and start queued work only while that count is below maxWorkers (< not <=).',
      );
    }
    fail(
      `The functions were called in the order ${show(r.calls)}`,
      `the model calls ${show(m.started)}: a free worker takes the OLDEST queued work at once, and never more than maxWorkers run`,
      r.calls.length < m.started.length
        ? 'Something that should have started did not: when work finishes (or fails), start the next queued item.'
        : 'Queued work starts first-in, first-out (shift(), not pop()).',
    );
  }
  m.futures.forEach((f, id) => {
    const got = flags(r.futures[id]);
    const want = flagsOf(f.state);
    if (!sameValue(got, want)) {
      fail(
        `#${id}: cancelled()=${got.cancelled}, running()=${got.running}, done()=${got.done}`,
        `#${id} is ${f.state}, so they should be ${want.cancelled}, ${want.running}, ${want.done}`,
        f.state === 'running'
          ? 'A worker that starts a job marks its future running (setRunningOrNotifyCancel()).'
          : f.state === 'pending'
            ? 'Work waiting in the queue is pending: not running, not done.'
            : "When the function settles, complete its future: setResult(value), or setException(error) if it threw or rejected.",
      );
    }
    const runs = r.callbackRuns[id];
    const wantRuns = want.done ? 1 : 0;
    ensure(runs === wantRuns, `#${id} is ${f.state}, but its done-callback ran ${runs} time(s); it should run ${wantRuns === 1 ? 'exactly once' : 'not yet'}.`);
  });
  const idle = m.futures.every((f) => f.state !== 'running' && f.state !== 'pending');
  r.shutdowns.forEach((s, i) => {
    ensure(s.error === undefined, `shutdown() call ${i + 1} rejected with ${show(s.error)}; it should resolve.`);
    if (s.settled !== idle) {
      fail(
        `shutdown({ wait: true }) call ${i + 1} is ${s.settled ? 'resolved' : 'still pending'}`,
        idle
          ? 'every submitted future is done (or cancelled), so it should have resolved'
          : 'work is still running or queued, so it should still be waiting',
        idle ? 'Resolve the shutdown promise when the last running job finishes and the queue is empty.' : 'wait: true waits for running AND queued work.',
      );
    }
  });
}

/** What the lesson says a caller gets from an outcome. */
function expectedOf(w: ModelWaiter, outcome: Outcome | { timeout: true }): { text: string; matches: (s: ExecReal['waiters'][number]) => boolean } {
  if ('timeout' in outcome) return { text: 'rejected with a TimeoutError', matches: (s) => s.status === 'rejected' && isTimeout(s.reason) };
  if ('cancelled' in outcome) return { text: 'rejected with a CancelledError', matches: (s) => s.status === 'rejected' && isCancelled(s.reason) };
  if ('value' in outcome) {
    return w.method === 'result'
      ? { text: `resolved with ${show(outcome.value)}`, matches: (s) => s.status === 'fulfilled' && Object.is(s.value, outcome.value) }
      : { text: 'resolved with null', matches: (s) => s.status === 'fulfilled' && s.value === null };
  }
  return w.method === 'result'
    ? { text: `rejected with ${show(outcome.reason)} itself`, matches: (s) => s.status === 'rejected' && Object.is(s.reason, outcome.reason) }
    : { text: `resolved with ${show(outcome.reason)} itself`, matches: (s) => s.status === 'fulfilled' && Object.is(s.value, outcome.reason) };
}

/** The callers' trace, model against real, in timeline order; the first divergence fails with both timelines. */
function agreeOnCallers(m: ExecModel, r: ExecReal): void {
  const name = (k: number) => {
    const w = m.waiters[k];
    return `caller ${k + 1} (#${w.id}.${w.method}(${w.timeoutMs ?? ''}))`;
  };
  const showReal = (s: ExecReal['waiters'][number]) =>
    s.status === 'pending' ? 'still waiting' : s.status === 'fulfilled' ? `resolved with ${show(s.value)}` : `rejected with ${show(s.reason)}`;
  const order = m.waiters.map((w, k) => ({ k, at: w.settled?.at ?? Infinity })).sort((a, b) => a.at - b.at || a.k - b.k);
  for (const { k } of order) {
    const w = m.waiters[k];
    const real = r.waiters[k];
    const want = w.settled ? expectedOf(w, w.settled.outcome) : undefined;
    const same = want ? real.status !== 'pending' && real.at === w.settled!.at && want.matches(real) : real.status === 'pending';
    if (!same) {
      const lines = (label: string, text: (j: number) => string) =>
        `${label}:\n${m.waiters.map((_, j) => `    ${name(j)}: ${text(j)}`).join('\n')}`;
      fail(
        `First divergence, at ${w.settled ? `${w.settled.at} ms` : `${m.now} ms (now)`}: ${name(k)} ${real.status === 'pending' ? 'is still waiting' : `${showReal(real)} at ${real.at} ms`}`,
        `it should ${want ? `have ${want.text} at ${w.settled!.at} ms` : 'still be waiting'}.\n` +
          lines('  The model', (j) => {
            const x = m.waiters[j];
            return x.settled ? `${expectedOf(x, x.settled.outcome).text} at ${x.settled.at} ms` : 'still waiting';
          }) +
          '\n' +
          lines('  Yours', (j) => {
            const x = r.waiters[j];
            return x.status === 'pending' ? 'still waiting' : `${showReal(x)} at ${x.at} ms`;
          }),
        'Every caller waits on its own: completing a future (a value, an error, a cancel) wakes all its callers; ' +
          "a deadline rejects only that caller's wait and leaves the future as it is.",
      );
    }
  }
  const waitingWithDeadline = m.waiters.some((w) => !w.settled && Number.isFinite(w.deadline));
  const timers = r.clock.pendingTimers();
  if (!waitingWithDeadline && timers > 0) {
    fail(
      `At ${m.now} ms no caller waits with a deadline, yet ${timers} timer(s) are still scheduled`,
      'a deadline timer must be cleared the moment the wait it guards ends (a value, an error, a cancel, or its own timeout)',
      'Clear the timer in the function that wakes the caller, on every path.',
    );
  }
}

const submit = fc.constantFrom<Kind>('async', 'async', 'async', 'async', 'sync value', 'sync throw').map((kind) => new Submit(kind));
const cancel = fc.tuple(fc.nat(), fc.boolean()).map(([k, queued]) => new Cancel(k, queued));
const finish = fc.tuple(fc.nat(), fc.boolean(), fc.nat()).map(([k, fails, payload]) => new Finish(k, fails, payload));
const awaitOne = fc
  .tuple(fc.nat(), fc.constantFrom<'result' | 'exception'>('result', 'exception'), fc.option(fc.constantFrom(0, 5, 10, 25, 60), { nil: undefined }), fc.boolean())
  .map(([k, method, timeoutMs, open]) => new Await(k, method, timeoutMs, open));
const advance = fc.constantFrom(1, 5, 10, 25).map((ms) => new Advance(ms));
const shutdown = fc.boolean().map((cancelFutures) => new Shutdown(cancelFutures));

/** Random stories against the model: maxWorkers 1 to 3, up to 30 steps each. */
export const executorFollowsTheModel = () =>
  modelProperty<number, ExecModel, ExecReal>({
    params: fc.constantFrom(1, 1, 2, 3), // small pools queue sooner
    describe: (maxWorkers) => `new Executor({ maxWorkers: ${maxWorkers} }), then:`,
    setup: (maxWorkers, clock) => ({
      model: { maxWorkers, futures: [], queue: [], started: [], shutdown: false, now: 0, waiters: [] },
      real: { clock, executor: new Executor({ maxWorkers }), futures: [], calls: [], controls: new Map(), callbackRuns: [], shutdowns: [], waiters: [] },
    }),
    // Weights: shutdown is picked 1 time in 17, so work piles up in the queue,
    // gets cancelled there and moves up before a shutdown ends the story;
    // callers wait on futures (several on one, some with a deadline) while time passes.
    steps: [submit, submit, submit, submit, submit, cancel, cancel, cancel, finish, finish, finish, awaitOne, awaitOne, awaitOne, advance, advance, shutdown],
    agree: (m, r) => {
      agree(m, r);
      agreeOnCallers(m, r);
    },
    maxCommands: 30,
  });
