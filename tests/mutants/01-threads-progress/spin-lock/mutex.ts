// Mutant: lock() spins: it retries compareExchange in a tight loop instead of sleeping.

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
      // MUTATION: no Atomics.wait: burn CPU until the holder lets go.
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
