// Exercise 10: threads plus async. Reference solution: one pipeline worker.
// pipeline.ts starts this file in a worker thread (through ts-worker.js). It
// may block: it sleeps in recv() until an item number arrives or the input
// channel closes.
import { parentPort, workerData } from 'node:worker_threads';
import { Channel, ChannelClosedError } from './channel';

/** What pipeline() sends each worker (every buffer is shared, not copied). */
interface WorkerInput {
  input: SharedArrayBuffer;
  output: SharedArrayBuffer;
  /** The item in slot s (the number the input channel carries): its value is values[s], its result goes to results[s]. */
  values: SharedArrayBuffer;
  results: SharedArrayBuffer;
  taskModule: string;
  fnName: string;
}

/** What a worker posts when the task threw (pipeline.ts reads it). */
interface TaskFailure {
  index: number;
  value: number;
  name: string;
  message: string;
}

const { input: inputBuffer, output: outputBuffer, values: valuesBuffer, results: resultsBuffer, taskModule, fnName } = workerData as WorkerInput;
const input = Channel.from(inputBuffer);
const output = Channel.from(outputBuffer);
const values = new Float64Array(valuesBuffer);
const results = new Float64Array(resultsBuffer);
const task = (require(taskModule) as Record<string, (x: number) => number | Promise<number>>)[fnName];

async function work(): Promise<void> {
  for (let index = input.recv(); index !== undefined; index = input.recv()) {
    const value = values[index % values.length];
    try {
      if (typeof task !== 'function') throw new TypeError(`${taskModule} exports no function ${fnName}`);
      results[index % results.length] = await task(value);
    } catch (error) {
      const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      parentPort!.postMessage({ index, value, name, message } satisfies TaskFailure);
      return;
    }
    try {
      output.send(index);
    } catch (error) {
      if (error instanceof ChannelClosedError) return; // the consumer is gone (break, or another item failed): end
      throw error;
    }
  }
}

void work();
