// Helper thread: runs the SharedMutex rule probes on the learner's class, one
// after another from workerData.from, posting `start` before each (so a probe
// that blocks forever is named by the grader) and its verdict after.
// Runs in a worker, not on jest's thread: a tryLock that secretly waits would
// otherwise freeze the whole grading run.
import { workerData } from 'node:worker_threads';
import { exerciseModule, isNotImplemented, post, threw } from '../support/in-thread';
import { PROBES, type Exercise, type Probe, type ProbeMessage } from './protocol';

const { SharedMutex } = exerciseModule<Exercise>();
const send = (m: ProbeMessage) => post(m);

/** Returns the problem in words, or null when the rule holds. */
const probes: Record<Probe, () => string | null> = {
  'create gives a free mutex': () => {
    const m = SharedMutex.create();
    if (!(m.buffer instanceof SharedArrayBuffer)) {
      return `SharedMutex.create().buffer is ${Object.prototype.toString.call(m.buffer)}, but it must be a SharedArrayBuffer: only shared memory is seen by other threads.`;
    }
    const got = m.tryLock();
    if (got !== true) return `On a new mutex from SharedMutex.create(), tryLock() returned ${String(got)}, but a new mutex is free, so it should return true.`;
    return null;
  },
  'tryLock while held': () => {
    const a = SharedMutex.create();
    a.tryLock();
    const b = SharedMutex.from(a.buffer);
    const other = b.tryLock();
    if (other !== false) {
      return `While one handle held the mutex, tryLock() on a second handle from SharedMutex.from(buffer) returned ${String(other)}, but it should return false. Do both handles read the same Int32 in the shared buffer? Is the test-and-set one Atomics.compareExchange?`;
    }
    const again = a.tryLock();
    if (again !== false) return `tryLock() on a mutex that is already held returned ${String(again)}, but it should return false (the lock is not reentrant).`;
    return null;
  },
  'tryLock after unlock': () => {
    const a = SharedMutex.create();
    const b = SharedMutex.from(a.buffer);
    if (a.tryLock() !== true) return 'tryLock() on a new mutex did not return true.';
    a.unlock();
    const got = b.tryLock();
    if (got !== true) return `After lock holder called unlock(), tryLock() on another handle returned ${String(got)}, but the mutex is free again, so it should return true.`;
    return null;
  },
  'lock then tryLock': () => {
    const a = SharedMutex.create();
    const b = SharedMutex.from(a.buffer);
    a.lock(); // free mutex: must return at once
    const got = b.tryLock();
    if (got !== false) return `After lock() returned on one handle, tryLock() on another returned ${String(got)}, but the mutex is held, so it should return false.`;
    a.unlock();
    if (b.tryLock() !== true) return 'After lock() then unlock(), tryLock() did not return true: unlock() should leave the mutex free.';
    return null;
  },
  'unlock when free': () => {
    const m = SharedMutex.create();
    let error: unknown = null;
    try {
      m.unlock();
    } catch (e) {
      error = e;
    }
    if (isNotImplemented(error)) throw error;
    if (error === null) {
      return 'unlock() on a mutex nobody holds returned normally, but it should throw an Error: unlocking a free mutex is a bug in the caller (a missing lock(), or unlocking twice), like Python\'s "release unlocked lock". Check the state with compareExchange(LOCKED -> UNLOCKED) and throw when it was not locked.';
    }
    if (!(error instanceof Error) || error.message.trim() === '') {
      return `unlock() on a free mutex threw ${error instanceof Error ? 'an Error with an empty message' : String(error)}, but it should throw an Error whose message says the mutex is not locked.`;
    }
    const got = m.tryLock();
    if (got !== true) {
      return `After the failed unlock() of a free mutex, tryLock() returned ${String(got)}: the failed unlock() changed the state. Throw before writing anything (a blind store or Atomics.sub corrupts it).`;
    }
    m.unlock();
    let second: unknown = null;
    try {
      m.unlock();
    } catch (e) {
      second = e;
    }
    if (!(second instanceof Error)) return 'lock, unlock, then a second unlock() returned normally, but the second unlock() should throw an Error: the mutex was already free.';
    return null;
  },
  'withLock returns': () => {
    const m = SharedMutex.create();
    const other = SharedMutex.from(m.buffer);
    let heldInside: boolean | null = null;
    const value = m.withLock(() => {
      heldInside = !other.tryLock();
      return 42;
    });
    if (heldInside !== true) return 'Inside withLock(fn), the mutex was not held: another handle could take it. withLock must lock() before calling fn.';
    if (value !== 42) return `withLock(() => 42) returned ${String(value)}, but it should return what fn returned.`;
    if (other.tryLock() !== true) return 'After withLock(fn) returned, the mutex was still held: withLock must unlock() after fn.';
    return null;
  },
  'withLock throws': () => {
    const m = SharedMutex.create();
    const other = SharedMutex.from(m.buffer);
    const boom = new Error('fn failed');
    let caught: unknown = null;
    try {
      m.withLock(() => {
        throw boom;
      });
    } catch (e) {
      caught = e;
    }
    if (caught !== boom) {
      return `withLock(fn) where fn throws ${caught === null ? 'returned normally' : `threw ${caught instanceof Error ? caught.message : String(caught)}`}, but it should let fn's own error through to the caller.`;
    }
    if (other.tryLock() !== true) {
      return 'After fn threw inside withLock(fn), the mutex stayed locked forever, so every other thread would wait forever. Unlock in a finally block: try { return fn(); } finally { this.unlock(); }';
    }
    return null;
  },
};

for (const probe of PROBES.slice(workerData.from as number)) {
  send({ kind: 'start', probe });
  try {
    send({ kind: 'result', probe, problem: probes[probe]() });
  } catch (error) {
    post({ ...threw(error), probe });
  }
}
send({ kind: 'end' });
