// Helper thread for the handoff scenario: `rounds` times, one thread (holder)
// holds the learner's mutex while the other (waiter) sleeps in lock(), then
// the holder unlocks, and the waiter's lock() must return at once.
// Each round first measures a raw wake-up on the same two threads (the holder
// notifies a cell the waiter sleeps on), so the learner's handoff is compared
// with what this machine's scheduler allows right now, not with a fixed time.
// In the holder, every Atomics.notify on the mutex memory is followed by a
// pause: an unlock() that notifies BEFORE it releases the mutex then lets the
// woken waiter find the mutex still locked and go back to sleep, with nobody
// left to wake it (a lost wake-up). A correct unlock() notifies last, so the
// pause costs it nothing.
import { workerData } from 'node:worker_threads';
import { exerciseModule, post } from '../support/in-thread';
import { HANDOFF, type Exercise } from './protocol';

const { role, mutex: buffer, control, times: timesBuffer, rounds, notifyPauseMs } = workerData as {
  role: 'holder' | 'waiter';
  mutex: SharedArrayBuffer;
  control: SharedArrayBuffer;
  /** Float64 × 4 per round: ping sent, ping woke, unlock called, lock returned (ms, one monotonic clock). */
  times: SharedArrayBuffer;
  rounds: number;
  notifyPauseMs: number;
};
const cells = new Int32Array(control);
const times = new Float64Array(timesBuffer);
const nap = new Int32Array(new SharedArrayBuffer(4)); // nobody notifies it: a wait is a sleep
const sleep = (ms: number) => Atomics.wait(nap, 0, 0, ms);
const now = () => Number(process.hrtime.bigint()) / 1e6; // CLOCK_MONOTONIC: the same clock in every thread
const notify = Atomics.notify.bind(Atomics);
const set = (cell: number, value: number) => {
  Atomics.store(cells, cell, value);
  notify(cells, cell);
};
/** Sleep until `cell` reaches `value`; false if `ms` pass first. */
const reach = (cell: number, value: number, ms = 60_000) => {
  const end = now() + ms;
  for (let seen = Atomics.load(cells, cell); seen < value; seen = Atomics.load(cells, cell)) {
    const left = end - now();
    if (left <= 0) return false;
    Atomics.wait(cells, cell, seen, left);
  }
  return true;
};

if (role === 'holder') {
  (Atomics as { notify: unknown }).notify = (array: Int32Array, index: number, count?: number) => {
    const woken = notify(array, index, count);
    if (array.buffer === buffer) {
      Atomics.add(cells, HANDOFF.woken, woken);
      sleep(notifyPauseMs);
    }
    return woken;
  };
}
const { SharedMutex } = exerciseModule<Exercise>();
const mutex = SharedMutex.from(buffer);
post({ kind: 'ready' });
reach(HANDOFF.go, 1);

for (let r = 1; r <= rounds; r++) {
  const at = 4 * (r - 1);
  if (role === 'holder') {
    sleep(2); // the waiter is asleep on the ping cell by now
    times[at] = now();
    set(HANDOFF.ping, r);
    reach(HANDOFF.pong, r);
    mutex.lock();
    set(HANDOFF.held, r);
    reach(HANDOFF.calling, r);
    sleep(5); // the waiter is inside lock() by now, asleep if the lock sleeps
    Atomics.store(cells, HANDOFF.woken, 0);
    times[at + 2] = now();
    mutex.unlock();
    if (!reach(HANDOFF.done, r, 2_000)) {
      post({ kind: 'stuck', round: r, woken: Atomics.load(cells, HANDOFF.woken) });
      break;
    }
  } else {
    reach(HANDOFF.ping, r);
    times[at + 1] = now();
    set(HANDOFF.pong, r);
    reach(HANDOFF.held, r);
    set(HANDOFF.calling, r);
    mutex.lock();
    times[at + 3] = now(); // before times[at + 2]: lock() returned before unlock() was called
    mutex.unlock();
    set(HANDOFF.done, r);
  }
}
post({ kind: 'done' });
