// Helper thread for the mutual-exclusion scenario: a producer sends
// base + 0, base + 1, ... base + count - 1 with blocking send(); a consumer
// receives with blocking recv() until the channel is closed and drained, and
// reports what it got (count, sum, and whether each producer's values came in
// that producer's order).
import { workerData } from 'node:worker_threads';
import { exerciseModule, post, threw } from '../support/in-thread';
import { PRODUCER_STRIDE, type Exercise } from './protocol';

const { buffer, role, base, count } = workerData as { buffer: SharedArrayBuffer; role: 'producer' | 'consumer'; base: number; count: number };
try {
  const channel = exerciseModule<Exercise>().Channel.from(buffer);
  post({ kind: 'ready' });
  if (role === 'producer') {
    for (let i = 0; i < count; i++) channel.send(base + i);
    post({ kind: 'produced' });
  } else {
    const last = new Map<number, number>();
    let got = 0;
    let sum = 0;
    let outOfOrder = 0;
    let strange = 0;
    for (let v = channel.recv(); v !== undefined; v = channel.recv()) {
      got += 1;
      sum += v;
      const producer = Math.floor(v / PRODUCER_STRIDE);
      if (!Number.isInteger(v) || v < 0) strange += 1;
      else if ((last.get(producer) ?? -1) >= v) outOfOrder += 1;
      last.set(producer, v);
    }
    post({ kind: 'consumed', got, sum, outOfOrder, strange });
  }
} catch (error) {
  post(threw(error));
}
