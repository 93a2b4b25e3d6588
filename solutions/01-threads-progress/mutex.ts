// Exercise 01: threads and a lock. Reference solution: the mutex.
//
// One Int32 in a SharedArrayBuffer is the whole lock, so every thread that is
// handed the buffer shares it:  0 = unlocked, 1 = locked.
// - compareExchange(0 -> 1) is the atomic "test and set": exactly one thread wins.
// - a loser sleeps in Atomics.wait(state, 0, 1): the kernel parks the thread until
//   the value may have changed, so a waiting thread costs no CPU (no spinning).
// - unlock() stores 0 and wakes one sleeper with Atomics.notify; the woken thread
//   retries compareExchange (another thread may have won in between, hence the loop).

const UNLOCKED = 0;
const LOCKED = 1;

export class SharedMutex {
  /** The shared memory behind this mutex: send it to another thread and call `SharedMutex.from` there. */
  readonly buffer: SharedArrayBuffer;
  private readonly state: Int32Array;

  private constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.state = new Int32Array(buffer, 0, 1);
  }

  /** A new, unlocked mutex in fresh shared memory. */
  static create(): SharedMutex {
    return new SharedMutex(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  }

  /** Attach to the mutex that lives in `buffer` (typically created in another thread). */
  static from(buffer: SharedArrayBuffer): SharedMutex {
    if (!(buffer instanceof SharedArrayBuffer) || buffer.byteLength < Int32Array.BYTES_PER_ELEMENT) {
      throw new TypeError('SharedMutex.from(buffer) needs the SharedArrayBuffer of a SharedMutex (its .buffer)');
    }
    return new SharedMutex(buffer);
  }

  /** Block the calling thread until it holds the mutex. */
  lock(): void {
    while (Atomics.compareExchange(this.state, 0, UNLOCKED, LOCKED) !== UNLOCKED) {
      // Sleep only while the value is still LOCKED: if it changed since our
      // compareExchange, wait returns "not-equal" at once and we retry.
      Atomics.wait(this.state, 0, LOCKED);
    }
  }

  /** Take the mutex if it is free; never waits. */
  tryLock(): boolean {
    return Atomics.compareExchange(this.state, 0, UNLOCKED, LOCKED) === UNLOCKED;
  }

  /** Release the mutex and wake one waiting thread. */
  unlock(): void {
    // compareExchange, not a plain store: unlocking a free mutex must change nothing.
    if (Atomics.compareExchange(this.state, 0, LOCKED, UNLOCKED) !== LOCKED) {
      throw new Error('SharedMutex.unlock(): the mutex is not locked (unlock without a matching lock?)');
    }
    Atomics.notify(this.state, 0, 1);
  }

  /** Run `fn` holding the mutex; the mutex is released even if `fn` throws. */
  withLock<T>(fn: () => T): T {
    this.lock();
    try {
      return fn();
    } finally {
      this.unlock();
    }
  }
}
