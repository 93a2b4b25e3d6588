// An overlap barrier: the proof that `count` tasks were running at the same
// time, with no clock involved (the idea of piscina's wait-for-others test
// fixture). Each task arrives, then blocks in Atomics.wait until all `count`
// have arrived or its deadline passes. Only tasks on threads that truly run side
// by side can all get through: with one worker, or on the main thread, the first
// task waits out its deadline alone. It works on a one-core machine too, where
// a speedup cannot be measured: blocked threads need no CPU.
//
// The buffer is a SharedArrayBuffer, so it reaches worker threads by reference
// through postMessage (structured clone), never by copy.

/** A fresh barrier: one shared counter of arrivals. */
export function createBarrier(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

/** How many tasks have arrived so far. */
export function arrivals(buffer: SharedArrayBuffer): number {
  return Atomics.load(new Int32Array(buffer), 0);
}

/**
 * Call inside a task (on a worker thread): arrive, then wait until `count` tasks
 * have arrived. Returns whether they all did before `timeoutMs`, so a task on a
 * thread that waits alone still returns and says so instead of hanging.
 */
export function arriveAndWait(buffer: SharedArrayBuffer, count: number, timeoutMs: number): { reached: boolean; arrived: number } {
  const cell = new Int32Array(buffer);
  Atomics.add(cell, 0, 1);
  Atomics.notify(cell, 0);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = Atomics.load(cell, 0);
    if (seen >= count) return { reached: true, arrived: seen };
    const left = deadline - Date.now();
    if (left <= 0) return { reached: false, arrived: seen };
    Atomics.wait(cell, 0, seen, left);
  }
}

/** Block the calling thread for `ms` without burning CPU (time.sleep in a Python thread). */
export function sleepThread(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
