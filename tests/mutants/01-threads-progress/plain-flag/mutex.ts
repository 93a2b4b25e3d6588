// Mutant: the lock is a plain flag. "Is it free?" and "take it" are two separate
// plain memory accesses, so two threads can both see UNLOCKED and both take it.

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
    while (this.state[0] !== UNLOCKED) Atomics.wait(this.state, 0, LOCKED); // MUTATION: test ...
    this.state[0] = LOCKED; // ... then set, in two steps
  }

  /** Take the mutex if it is free; never waits. */
  tryLock(): boolean {
    if (this.state[0] !== UNLOCKED) return false; // MUTATION: plain test, then plain set
    this.state[0] = LOCKED;
    return true;
  }

  /** Release the mutex and wake one waiting thread. */
  unlock(): void {
    if (this.state[0] !== LOCKED) { // MUTATION: plain test ...
      throw new Error('SharedMutex.unlock(): the mutex is not locked (unlock without a matching lock?)');
    }
    this.state[0] = UNLOCKED; // ... then plain set
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
