// The model-based check of the Executor: the spec as a few lines of state
// (startWhatFits), commands fast-check strings into random stories (submit,
// cancel, complete, fail, shutdown), and \`agree\`, which compares the learner's
// executor with the model after every step, with a message per kind of mismatch.
import { Executor, Future } from '@exercise/03-futures';
import { attempt, ensure, exact, fail, fc, isNotImplemented, modelProperty, peek, show, type ModelStep, type VirtualClock } from '../support';
import { errorFor } from './fixtures';

type Kind = 'async' | 'sync value' | 'sync throw';
type State = 'pending' | 'running' | 'cancelled' | 'finished' | 'failed';

interface ExecModel {
  maxWorkers: number;
  futures: Array<{ kind: Kind; state: State }>;
  queue: number[];
  started: number[];
  shutdown: boolean;
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
}

const runningIds = (m: ExecModel) => m.futures.flatMap((f, i) => (f.state === 'running' ? [i] : []));

/** The spec, in a few lines: free workers take queued work oldest first; sync work finishes as soon as it starts. */
function startWhatFits(m: ExecModel): void {
  while (runningIds(m).length < m.maxWorkers && m.queue.length > 0) {
    const id = m.queue.shift()!;
    m.started.push(id);
    const f = m.futures[id];
    f.state = f.kind === 'async' ? 'running' : f.kind === 'sync value' ? 'finished' : 'failed';
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
    const fn = (n: number): number | Promise<number> => {
      r.calls.push(n);
      if (this.kind === 'sync value') return n * 10;
      if (this.kind === 'sync throw') throw errorFor(n);
      return new Promise<number>((resolve, reject) => r.controls.set(n, { resolve, reject }));
    };
    const future = r.executor.submit(fn, id);
    ensure(future instanceof Future, `submit() returned ${show(future)}, but it should return a Future.`);
    r.futures.push(future);
    r.callbackRuns.push(0);
    future.addDoneCallback(() => (r.callbackRuns[id] += 1));
    m.futures.push({ kind: this.kind, state: 'pending' });
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
      m.futures[id].state = 'cancelled';
      m.queue = m.queue.filter((q) => q !== id);
    }
  }
  toString = () => this.#text || 'cancel';
}

class Finish implements ModelStep<ExecModel, ExecReal> {
  #text = '';
  constructor(
    readonly pick: number,
    readonly fails: boolean,
  ) {}
  check = (m: Readonly<ExecModel>) => m.futures.some((f) => f.state === 'running');
  async run(m: ExecModel, r: ExecReal) {
    const running = runningIds(m);
    const id = running[this.pick % running.length];
    this.#text = this.fails ? `#${id} fails` : `#${id} finishes with ${id * 10}`;
    const control = r.controls.get(id);
    ensure(control, `#${id} should be running by now, but its function was never called.`);
    if (this.fails) control.reject(errorFor(id));
    else control.resolve(id * 10);
    m.futures[id].state = this.fails ? 'failed' : 'finished';
    startWhatFits(m);
    const got = await peek(attempt(() => (this.fails ? r.futures[id].exception() : r.futures[id].result())), r.clock);
    const want = this.fails ? errorFor(id) : id * 10;
    ensure(
      got.status === 'fulfilled' && exact(got.value) === exact(want),
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
      for (const id of m.queue) m.futures[id].state = 'cancelled';
      m.queue = [];
    }
  }
  toString = () => `shutdown({ wait: true, cancelFutures: ${this.cancelFutures} })`;
}

const flags = (f: Future<number>) => ({ cancelled: f.cancelled(), running: f.running(), done: f.done() });
const flagsOf = (s: State) => ({ cancelled: s === 'cancelled', running: s === 'running', done: s === 'cancelled' || s === 'finished' || s === 'failed' });

function agree(m: ExecModel, r: ExecReal): void {
  if (show(r.calls) !== show(m.started)) {
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
    if (show(got) !== show(want)) {
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

const submit = fc.constantFrom<Kind>('async', 'async', 'async', 'async', 'sync value', 'sync throw').map((kind) => new Submit(kind));
const cancel = fc.tuple(fc.nat(), fc.boolean()).map(([k, queued]) => new Cancel(k, queued));
const finish = fc.tuple(fc.nat(), fc.boolean()).map(([k, fails]) => new Finish(k, fails));
const shutdown = fc.boolean().map((cancelFutures) => new Shutdown(cancelFutures));

/** Random stories against the model: maxWorkers 1 to 3, up to 30 steps each. */
export const executorFollowsTheModel = () =>
  modelProperty<number, ExecModel, ExecReal>({
    params: fc.constantFrom(1, 1, 2, 3), // small pools queue sooner
    describe: (maxWorkers) => `new Executor({ maxWorkers: ${maxWorkers} }), then:`,
    setup: (maxWorkers, clock) => ({
      model: { maxWorkers, futures: [], queue: [], started: [], shutdown: false },
      real: { clock, executor: new Executor({ maxWorkers }), futures: [], calls: [], controls: new Map(), callbackRuns: [], shutdowns: [] },
    }),
    // Weights: shutdown is picked 1 time in 12, so work piles up in the queue,
    // gets cancelled there and moves up before a shutdown ends the story.
    steps: [submit, submit, submit, submit, submit, cancel, cancel, cancel, finish, finish, finish, shutdown],
    agree,
    maxCommands: 30,
  });
