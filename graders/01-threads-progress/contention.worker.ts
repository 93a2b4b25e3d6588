// Helper thread for the mutual-exclusion scenario. For each trial of the plan,
// after a start barrier, `rounds` times: lock(), check that nobody else is
// inside (witness), increment a plain shared counter with a NON-atomic
// read-modify-write, unlock(). Without real exclusion two threads interleave
// and updates are lost, or the witness sees a second holder.
// The first trial's mutex is watched by the race amplifier (see
// ../support/shared-memory-amplifier.ts): loads of its memory are slowed, so
// a test-then-set lock lets two threads in within a few rounds, on any machine.
// A trial in 'tryLock' mode takes the mutex with tryLock() instead (retrying
// after a short sleep while it is held): several threads then race tryLock()
// on a free mutex at once, which a test-then-set tryLock() loses.
// In that trial each holder also sleeps inside the critical section, so two
// holders that got in a little apart still overlap where the witness can see it.
import { workerData } from 'node:worker_threads';
import { exerciseModule, pauseAfterLoads, post } from '../support/in-thread';
import { CONTENTION, type Exercise } from './protocol';

const { plan, control, counter, amplify } = workerData as {
  /** One fresh mutex per trial: a trial that went wrong may leave its mutex in any state. */
  plan: Array<{ mutex: SharedArrayBuffer; rounds: number; holdMs: number; mode: 'lock' | 'tryLock' }>;
  control: SharedArrayBuffer;
  counter: SharedArrayBuffer;
  /** Sleep this long (ms) after each load of the first trial's mutex memory. */
  amplify: number;
};
const cells = new Int32Array(control);
const count = new Int32Array(counter);
const nap = new Int32Array(new SharedArrayBuffer(4)); // nobody notifies it: a wait is a sleep
pauseAfterLoads(plan[0].mutex, amplify); // before the learner's module captures any global
const { SharedMutex } = exerciseModule<Exercise>();

post({ kind: 'ready' });
for (let trial = 0; trial < plan.length; trial++) {
  const { mutex: buffer, rounds, holdMs, mode } = plan[trial];
  const mutex = SharedMutex.from(buffer);
  Atomics.add(cells, CONTENTION.ready, 1);
  while (Atomics.load(cells, CONTENTION.go) <= trial) Atomics.wait(cells, CONTENTION.go, trial);
  for (let i = 1; i <= rounds; i++) {
    if (mode === 'lock') mutex.lock();
    else while (!mutex.tryLock()) Atomics.wait(nap, 0, 0, 0.05);
    if (Atomics.add(cells, CONTENTION.holders, 1) !== 0) Atomics.add(cells, CONTENTION.overlaps, 1);
    if (holdMs > 0) Atomics.wait(nap, 0, 0, holdMs);
    count[0] = count[0] + 1;
    Atomics.sub(cells, CONTENTION.holders, 1);
    mutex.unlock();
    if ((i & 63) === 0) Atomics.add(cells, CONTENTION.ticks, 1); // progress, for stall detection
  }
  Atomics.add(cells, CONTENTION.done, 1);
}
post({ kind: 'done' });
