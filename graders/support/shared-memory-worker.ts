// Worker-side helpers for graders' helper threads (the grader side is
// shared-memory-threads.ts). A helper thread loads the learner's exercise by
// absolute path: jest's `@exercise/...` alias does not exist inside a worker.
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { ThrewMessage } from './shared-memory-threads';
import { exerciseDir } from './threads';
import { errorToWire } from './wire-error';

/** The learner's exercise module (its index.ts), as the runner pointed KIT_EXERCISE_DIR at it. */
export function exerciseModule<T>(): T {
  return require(path.join(exerciseDir(), 'index')) as T;
}

/** Post a message to the grader's thread. */
export function post(message: unknown): void {
  parentPort!.postMessage(message);
}

/** What the learner's code threw, as data: a custom error name survives the trip. */
export function threw(error: unknown): ThrewMessage {
  return { kind: 'threw', ...errorToWire(error) };
}
