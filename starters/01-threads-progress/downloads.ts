// Exercise 01, part 2: the main thread's side of the downloads. Read README.md beside this file first.
// Fill in downloadAll; keep its name and signature (the grader calls it).
// Check your work with:  npm test -- 01
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
  /** Every finished download (the grader sorts them; any order is fine). */
  log: LogEntry[];
}

function todo(name: string): never {
  const error = new Error(`${name}() in 01-threads-progress/downloads.ts`);
  error.name = 'NotImplemented';
  throw error;
}

/**
 * "Download" every file on `threads` worker threads at once (ThreadPoolExecutor(max_workers=threads)).
 * - Work out each file's delay here (functions cannot be sent to another thread).
 * - Create the shared state: a SharedMutex and an Int32Array progress counter over a SharedArrayBuffer.
 * - Start every worker BEFORE waiting for any, each running download-worker.ts through the provided
 *   bootstrap:  new Worker(path.join(__dirname, 'ts-worker.js'), {
 *                 argv: [path.join(__dirname, 'download-worker.ts')], workerData: input })
 * - Resolve once every worker has sent back its log entries, with the final counter and all entries.
 */
export async function downloadAll(fileIds: number[], { threads, delayMs }: DownloadOptions): Promise<DownloadResult> {
  // TODO: share the mutex and the counter, start the workers, collect their logs.
  return todo('downloadAll');
}
