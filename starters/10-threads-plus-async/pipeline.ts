// Exercise 10, part 2: a pipeline from the main thread through worker threads and back.
// Read README.md beside this file first. Check your work with:  npm test -- 10

function todo(name: string): never {
  const error = new Error(`${name}() in 10-threads-plus-async/pipeline.ts`);
  error.name = 'NotImplemented';
  throw error;
}

export interface PipelineOptions {
  /** How many worker threads run the task (a whole number >= 1). */
  workers: number;
  /** The most items pulled from the source and not yet yielded (a whole number >= 1); also each channel's capacity. */
  capacity: number;
  /** true: yield results in the source's order; false: as they come. */
  ordered: boolean;
  /** Absolute path of the module that exports the task (a .ts or .js file). */
  taskModule: string;
  /** The task's export name: a function (value: number) => number | Promise<number>, run in a worker. */
  fnName: string;
}

/**
 * Run `require(taskModule)[fnName]` on every item of `source` in `workers`
 * worker threads, connected to the main thread by channels, and yield the
 * results.
 *
 * - Throws a RangeError AT THE CALL (not on iteration) when `workers` or
 *   `capacity` is not a whole number >= 1.
 * - Yields each item's result exactly once, then ends; in source order when
 *   `ordered`, as they come otherwise.
 * - Backpressure: never more than `capacity` items pulled from `source` whose
 *   results the consumer has not yet taken; a slow consumer makes the source
 *   wait. (Count an item as taken when the consumer asks for the NEXT result,
 *   i.e. after your `yield` returns.)
 * - The main thread never blocks and never polls: it waits with
 *   Atomics.waitAsync / promises, so its event loop sits idle meanwhile.
 * - If the task throws on an item, iteration rejects with an Error whose
 *   message contains the item's value; every worker thread has exited first.
 * - If the consumer leaves its for await early (break, return, throw), nothing
 *   more is pulled from `source`, every worker thread exits, no handle is left.
 */
export function pipeline(source: AsyncIterable<number>, options: PipelineOptions): AsyncIterable<number> {
  void source;
  void options;
  return todo('pipeline');
}
