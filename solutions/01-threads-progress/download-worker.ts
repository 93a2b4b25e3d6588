// Exercise 01: threads and a lock. Reference solution: one download thread.
// downloads.ts starts this file in a worker thread (through ts-worker.js).
import { parentPort, threadId, workerData } from 'node:worker_threads';
import type { LogEntry } from './downloads';
import { SharedMutex } from './mutex';

/** What the main thread sends each download thread (every buffer is shared, not copied). */
export interface WorkerInput {
  jobs: Array<{ fileId: number; ms: number }>;
  mutex: SharedArrayBuffer;
  progress: SharedArrayBuffer;
  next: SharedArrayBuffer;
}

const { jobs, mutex: mutexBuffer, progress: progressBuffer, next: nextBuffer } = workerData as WorkerInput;
const mutex = SharedMutex.from(mutexBuffer);
const progress = new Int32Array(progressBuffer);
const next = new Int32Array(nextBuffer);
const nap = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)); // nobody notifies it: wait = sleep
const log: LogEntry[] = [];

// Atomics.add hands each job to exactly one thread, like a ThreadPoolExecutor's queue.
for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
  const { fileId, ms } = jobs[i];
  Atomics.wait(nap, 0, 0, ms); // the "download": this thread blocks, like time.sleep(ms / 1000)
  mutex.withLock(() => {
    const done = progress[0]; // read ...
    progress[0] = done + 1; // ... modify, write: not atomic on its own; the lock makes it safe
    log.push({ fileId, progress: done + 1, threadId });
  });
}
parentPort!.postMessage(log);
