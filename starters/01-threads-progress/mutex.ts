// Exercise 01, part 1: a mutex that lives in shared memory. Read README.md beside this file first.
// Fill in the method bodies; keep the names and signatures (the grader calls them).
// Check your work with:  npm test -- 01

function todo(name: string): never {
  const error = new Error(`${name}() in 01-threads-progress/mutex.ts`);
  error.name = 'NotImplemented';
  throw error;
}

/**
 * A lock that several threads share: Python's threading.Lock for worker threads.
 * Its whole state is one Int32 in a SharedArrayBuffer (say 0 = unlocked, 1 = locked),
 * read and written only through Atomics.
 */
export class SharedMutex {
  /** The shared memory behind this mutex: send it to another thread and call `SharedMutex.from` there. */
  readonly buffer: SharedArrayBuffer;

  private constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    // TODO: keep an Int32Array view of the buffer for Atomics to work on.
  }

  /** A new, unlocked mutex in fresh shared memory (one Int32: 4 bytes). */
  static create(): SharedMutex {
    return todo('SharedMutex.create');
  }

  /** Attach to the mutex that lives in `buffer` (typically created in another thread). */
  static from(buffer: SharedArrayBuffer): SharedMutex {
    return todo('SharedMutex.from');
  }

  /**
   * Block the calling thread until it holds the mutex.
   * Take it with ONE atomic step (Atomics.compareExchange). While another thread
   * holds it, SLEEP in Atomics.wait until unlock() wakes you; never spin in a loop
   * that burns CPU, and never poll on a timer (sleep a while, look again).
   * All rounds of the grader's 3 × 1,000,000 lock/unlock race must finish within 25 s.
   */
  lock(): void {
    todo('SharedMutex.lock');
  }

  /**
   * Take the mutex if it is free and return true; return false at once if it is held. Never waits.
   * One atomic step: of several threads racing for a free mutex, only one gets true.
   */
  tryLock(): boolean {
    return todo('SharedMutex.tryLock');
  }

  /**
   * Release the mutex FIRST, then wake one thread waiting in lock() (Atomics.notify),
   * every time. Throws an Error, changing nothing, if the mutex is not locked.
   */
  unlock(): void {
    todo('SharedMutex.unlock');
  }

  /** Run `fn` holding the mutex and return its result; release the mutex even if `fn` throws. */
  withLock<T>(fn: () => T): T {
    return todo('SharedMutex.withLock');
  }
}
