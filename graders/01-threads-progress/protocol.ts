// What the 01 grader and its helper threads agree on: the Int32 cells of their
// shared control buffers, the rule probes, and the messages. Imported by both
// sides, so an index can never mean two things.
import type { SharedMutex } from '@exercise/01-threads-progress';

export type Exercise = typeof import('@exercise/01-threads-progress');
export type Mutex = SharedMutex;

/** Control cells of the contention scenario (contention.worker.ts). */
export const CONTENTION = { ready: 0, go: 1, holders: 2, overlaps: 3, ticks: 4, done: 5, size: 6 } as const;

/** Control cells of the holder/waiter scenario (hold-and-wait.worker.ts). */
export const HOLD = { held: 0, go: 1, calling: 2, acquired: 3, release: 4, size: 5 } as const;

/** Control cells of the handoff scenario (handoff.worker.ts). */
export const HANDOFF = { go: 0, ping: 1, pong: 2, held: 3, calling: 4, done: 5, woken: 6, size: 7 } as const;

/** Rule probes run by rules.worker.ts, in order. */
export const PROBES = [
  'create gives a free mutex',
  'tryLock while held',
  'tryLock after unlock',
  'lock then tryLock',
  'unlock when free',
  'withLock returns',
  'withLock throws',
] as const;
export type Probe = (typeof PROBES)[number];

export type ProbeMessage =
  | { kind: 'start'; probe: Probe }
  | { kind: 'result'; probe: Probe; problem: string | null }
  | { kind: 'end' };
