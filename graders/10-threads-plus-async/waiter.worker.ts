// Helper thread: calls ONE blocking method of the learner's Channel on a shared
// buffer and reports how it returned. Used to see whether send()/recv()
// blocked in a thread wake up (after the grader sends, receives or closes).
import { workerData } from 'node:worker_threads';
import { exerciseModule, post, threw } from '../support/in-thread';
import type { Exercise } from './protocol';

const { buffer, op, value } = workerData as { buffer: SharedArrayBuffer; op: 'send' | 'recv'; value: number };
try {
  const channel = exerciseModule<Exercise>().Channel.from(buffer);
  post({ kind: 'ready' });
  if (op === 'recv') post({ kind: 'received', value: channel.recv() });
  else {
    try {
      channel.send(value);
      post({ kind: 'sent' });
    } catch (error) {
      post(error instanceof Error ? { kind: 'send-threw', name: error.name } : { kind: 'send-threw-non-error', thrown: String(error) });
    }
  }
} catch (error) {
  post(threw(error));
}
