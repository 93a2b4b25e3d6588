// Exercise 01: threads and a lock. Reference solution: the main thread's side.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerInput } from './download-worker';
import { SharedMutex } from './mutex';

export interface DownloadOptions {
  /** How many worker threads download at the same time. */
  threads: number;
  /** How long downloading file `id` takes, in milliseconds. Called on the main thread. */
  delayMs: (fileId: number) => number;
}

/** One finished download: which file, the progress count it produced, and the thread that did it. */
export interface LogEntry {
  fileId: number;
  progress: number;
  threadId: number;
}

export interface DownloadResult {
  /** The shared progress counter once every thread is done: the number of files downloaded. */
  progress: number;
  /** Every finished download, in progress order. */
  log: LogEntry[];
}

/** Start one download thread and resolve with the log entries it sends back when done. */
function runWorker(input: WorkerInput): Promise<LogEntry[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'ts-worker.js'), {
      argv: [path.join(__dirname, 'download-worker.ts')],
      workerData: input,
    });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`a download thread exited (code ${code}) before sending its log`)));
  });
}

export async function downloadAll(fileIds: number[], { threads, delayMs }: DownloadOptions): Promise<DownloadResult> {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a whole number >= 1, got ${threads}`);
  // Functions cannot cross to another thread: work out every delay here and send numbers.
  const jobs = fileIds.map((fileId) => ({ fileId, ms: delayMs(fileId) }));
  const mutex = SharedMutex.create();
  const progress = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const next = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT); // index of the next job to take
  const input: WorkerInput = { jobs, mutex: mutex.buffer, progress, next };
  // Start every thread before waiting for any: their downloads overlap.
  const logs = await Promise.all(Array.from({ length: Math.min(threads, jobs.length) }, () => runWorker(input)));
  const log = logs.flat().sort((a, b) => a.progress - b.progress);
  return { progress: new Int32Array(progress)[0], log };
}
