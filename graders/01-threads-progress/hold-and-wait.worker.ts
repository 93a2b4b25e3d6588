// Helper thread for the holder/waiter scenario on the learner's SharedMutex.
// - holder: lock(), say so, then sleep in Atomics.wait until the grader sets
//   `release`, then unlock(). It burns no CPU while it holds the mutex.
// - waiter: once the grader sets `go`, raise `calling` and call lock(); when
//   lock() returns, raise `acquired` and unlock().
// Every wait of ours is on the control buffer, never on the learner's memory.
import { workerData } from 'node:worker_threads';
import { exerciseModule, post } from '../support/in-thread';
import { HOLD, type Exercise } from './protocol';

const { SharedMutex } = exerciseModule<Exercise>();
const { role, mutex: buffer, control } = workerData as { role: 'holder' | 'waiter'; mutex: SharedArrayBuffer; control: SharedArrayBuffer };
const cells = new Int32Array(control);
const mutex = SharedMutex.from(buffer);

const raise = (cell: number) => {
  Atomics.store(cells, cell, 1);
  Atomics.notify(cells, cell);
};
const awaitCell = (cell: number) => {
  while (Atomics.load(cells, cell) === 0) Atomics.wait(cells, cell, 0);
};

if (role === 'holder') {
  mutex.lock();
  raise(HOLD.held);
  post({ kind: 'held' });
  awaitCell(HOLD.release);
  mutex.unlock();
  post({ kind: 'released' });
} else {
  post({ kind: 'ready' });
  awaitCell(HOLD.go);
  raise(HOLD.calling);
  mutex.lock();
  raise(HOLD.acquired);
  mutex.unlock();
  post({ kind: 'acquired' });
}
