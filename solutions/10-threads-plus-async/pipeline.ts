// Exercise 10: threads plus async. Reference solution: the pipeline (main thread side).
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Channel } from './channel';

export interface PipelineOptions {
  workers: number;
  capacity: number;
  ordered: boolean;
  taskModule: string;
  fnName: string;
}

/** What a worker posts when the task threw (see pipeline-worker.ts). */
interface TaskFailure {
  index: number;
  value: number;
  name: string;
  message: string;
}

/** A task threw on an item: the message names the item's value and its position. */
class PipelineTaskError extends Error {
  constructor(
    readonly index: number,
    readonly value: number,
    cause: { name: string; message: string },
  ) {
    super(`${cause.name}: ${cause.message} (item ${index}, value ${value})`);
    this.name = 'PipelineTaskError';
  }
}

export function pipeline(source: AsyncIterable<number>, options: PipelineOptions): AsyncIterable<number> {
  const { workers, capacity, ordered, taskModule, fnName } = options;
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a whole number >= 1, got ${workers}`);
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number >= 1, got ${capacity}`);
  return run(source, { workers, capacity, ordered, taskModule, fnName });
}

async function* run(source: AsyncIterable<number>, { workers, capacity, ordered, taskModule, fnName }: PipelineOptions): AsyncGenerator<number> {
  const input = Channel.create(capacity);
  const output = Channel.create(capacity);
  const values = new Float64Array(new SharedArrayBuffer(capacity * Float64Array.BYTES_PER_ELEMENT));
  const results = new Float64Array(new SharedArrayBuffer(capacity * Float64Array.BYTES_PER_ELEMENT));
  const workerData = { input: input.buffer, output: output.buffer, values: values.buffer as SharedArrayBuffer, results: results.buffer as SharedArrayBuffer, taskModule, fnName };

  // The shared arrays' slots: an item takes a free one when pulled and gives it back
  // once its result is read; the channels carry slot numbers. (Not position % capacity:
  // in unordered mode a slow early item keeps its slot while later ones come and go.)
  const free = Array.from({ length: capacity }, (_, slot) => capacity - 1 - slot);
  const positionIn: number[] = []; // slot → the position in the source of the item in it
  let failure: Error | undefined;
  let wake: (() => void) | undefined; // the consumer, waiting for the feeder to pull an item or finish
  const poke = () => wake?.();
  const fail = (error: Error) => {
    failure ??= error;
    output.close(); // wakes the consumer if it sleeps in recvAsync
    poke();
  };
  const threads = Array.from({ length: workers }, () => {
    const worker = new Worker(path.join(__dirname, 'ts-worker.js'), { argv: [path.join(__dirname, 'pipeline-worker.ts')], workerData });
    worker.on('message', (m: TaskFailure) => fail(new PipelineTaskError(positionIn[m.index], m.value, m)));
    worker.on('error', (e: Error) => fail(e));
    return worker;
  });

  // Backpressure: never more than `capacity` items pulled from the source and not yet delivered.
  let inFlight = 0;
  let roomFreed: (() => void) | undefined;
  let stopped = false;
  let pulled = 0;
  let fed = false;
  const feed = async () => {
    const iterator = source[Symbol.asyncIterator]();
    try {
      for (;;) {
        while (inFlight >= capacity && !stopped) await new Promise<void>((resolve) => (roomFreed = resolve));
        if (stopped) return;
        const next = await iterator.next();
        if (next.done || stopped) return;
        const slot = free.pop()!; // one is free: fewer than `capacity` items are pulled and not yet read
        positionIn[slot] = pulled++;
        values[slot] = next.value;
        inFlight += 1;
        poke();
        await input.sendAsync(slot);
      }
    } catch (error) {
      if (!stopped) fail(error as Error);
    } finally {
      fed = true;
      // The workers finish what is left, then see the channel closed and end. Once stopped,
      // the consumer's finally has closed it already (and may have terminated a worker).
      if (!stopped) input.close();
      poke();
    }
  };
  void feed();
  /** The consumer took a result and asked for the next: one slot of room for the source. */
  const taken = () => {
    inFlight -= 1;
    roomFreed?.();
  };

  try {
    let received = 0;
    let delivered = 0;
    const early = new Map<number, number>(); // ordered mode: results that came before their turn
    for (;;) {
      if (failure) throw failure;
      if (received < pulled) {
        const slot = await output.recvAsync();
        if (slot === undefined) continue; // closed: a failure, thrown above
        received += 1;
        const index = positionIn[slot];
        const result = results[slot];
        free.push(slot);
        if (!ordered) {
          delivered += 1;
          yield result;
          taken();
          continue;
        }
        early.set(index, result);
        while (early.has(delivered)) {
          const next = early.get(delivered)!;
          early.delete(delivered);
          delivered += 1;
          yield next;
          taken();
        }
      } else if (fed) {
        return;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    }
  } finally {
    stopped = true;
    roomFreed?.();
    // Closing both channels ends every worker by itself: its recv() returns undefined
    // once the input is drained, its next send() throws. Only a worker still busy in
    // a task after a short grace is terminated. Not terminate() first: it stops a
    // thread wherever it is, even inside the channel's lock, and the lock would stay
    // taken for good (this thread's next send or close would spin forever).
    input.close();
    output.close();
    await Promise.all(threads.map((worker) => endWithin(worker, GRACE_MS)));
  }
}

/** How long a worker may take to see the closed channels and end by itself. */
const GRACE_MS = 200;

/** Resolves once `worker` has exited: by itself within `ms`, or terminated then. */
async function endWithin(worker: Worker, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise<'exited'>((resolve) => worker.once('exit', () => resolve('exited')));
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const first = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (first === 'late') await worker.terminate();
}
