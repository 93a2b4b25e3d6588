// Exercise 01, part 3: one download thread. Read README.md beside this file first.
// downloads.ts starts this file in a worker thread (through the provided ts-worker.js).
// This file runs top to bottom once per thread; when it ends, the thread ends.
import { parentPort, threadId, workerData } from 'node:worker_threads';
import type { LogEntry } from './downloads';
import { SharedMutex } from './mutex';

/**
 * What the main thread sends each download thread. A suggestion: change it as you
 * like, it is your own protocol. Everything shared must be a SharedArrayBuffer.
 */
export interface WorkerInput {
  /** The files to download and how long each takes. */
  jobs: Array<{ fileId: number; ms: number }>;
  /** SharedMutex.buffer of the one mutex every thread uses. */
  mutex: SharedArrayBuffer;
  /** Holds the shared progress counter (one Int32). */
  progress: SharedArrayBuffer;
  /** Holds the index of the next job to take (one Int32), if threads share one queue. */
  next: SharedArrayBuffer;
}

function todo(name: string): never {
  const error = new Error(`${name} in 01-threads-progress/download-worker.ts`);
  error.name = 'NotImplemented';
  throw error;
}

// TODO, for each file this thread downloads:
//   1. "download" it: block this thread for its delay with Atomics.wait (like time.sleep);
//   2. holding the mutex: read the shared progress counter, write it back plus one, and
//      remember { fileId, progress, threadId } in this thread's own log;
// then post the thread's log to the main thread (parentPort!.postMessage).
const input = workerData as WorkerInput;
const log: LogEntry[] = [];
todo('the download thread (the body of this file)');
