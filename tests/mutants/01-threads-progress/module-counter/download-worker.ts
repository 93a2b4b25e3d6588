// Mutant: see downloads.ts. This is the thread body, with the counter in a module-level `let`.
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

const { jobs, mutex: mutexBuffer, next: nextBuffer } = workerData as WorkerInput;
const mutex = SharedMutex.from(mutexBuffer);
let progress = 0; // MUTATION: a module-level variable, one per thread
const next = new Int32Array(nextBuffer);
const nap = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)); // nobody notifies it: wait = sleep
const log: LogEntry[] = [];

// Atomics.add hands each job to exactly one thread, like a ThreadPoolExecutor's queue.
for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
  const { fileId, ms } = jobs[i];
  Atomics.wait(nap, 0, 0, ms); // the "download": this thread blocks, like time.sleep(ms / 1000)
  mutex.withLock(() => {
    const done = progress;
    progress = done + 1;
    log.push({ fileId, progress: done + 1, threadId });
  });
}
parentPort!.postMessage(log);
