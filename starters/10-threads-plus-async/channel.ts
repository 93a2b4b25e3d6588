// Exercise 10, part 1: a bounded channel in shared memory. Read README.md beside this file first.
// Fill in the method bodies; keep the names and signatures (the grader calls them).
// Check your work with:  npm test -- 10

// GIVEN: Atomics.waitAsync (Node >= 16) is missing from this kit's TypeScript library types.
declare global {
  interface Atomics {
    waitAsync(typedArray: Int32Array, index: number, value: number, timeoutMs?: number): { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
  }
}

function todo(name: string): never {
  const error = new Error(`${name}() in 10-threads-plus-async/channel.ts`);
  error.name = 'NotImplemented';
  throw error;
}

/** What send()/sendAsync() throw once the channel is closed. */
export class ChannelClosedError extends Error {
  constructor(message = 'send on a closed channel') {
    super(message);
    this.name = 'ChannelClosedError';
  }
}

/**
 * A bounded multi-producer multi-consumer queue of numbers (float64, carried
 * exactly) that lives in one SharedArrayBuffer: Python's queue.Queue(maxsize)
 * for worker threads, with an async side for the main thread.
 *
 * - At most `capacity` values are in the channel; values come out in the order
 *   they went in, each to exactly one receiver, however many threads send and
 *   receive at once.
 * - `send`/`recv` BLOCK their thread (Atomics.wait): for worker threads only.
 * - `sendAsync`/`recvAsync` never block nor poll (Atomics.waitAsync): for the main thread.
 * - `close()` wakes every waiter. After it, receivers still get the values left
 *   in the channel, in order, and then `undefined` ("closed and empty"); senders
 *   throw a ChannelClosedError (sendAsync: its promise rejects with it).
 */
export class Channel {
  /** The shared memory behind this channel: send it to another thread and call `Channel.from` there. */
  readonly buffer: SharedArrayBuffer;

  private constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    // TODO: keep typed-array views of the buffer (Int32 cells for Atomics, Float64 slots for the values).
  }

  /** A new, empty, open channel for at most `capacity` values. RangeError unless capacity is a whole number >= 1. */
  static create(capacity: number): Channel {
    void capacity;
    return todo('Channel.create');
  }

  /** The channel that lives in `buffer` (made by `create`, typically in another thread). */
  static from(buffer: SharedArrayBuffer): Channel {
    return new Channel(buffer);
  }

  /** Put `value` in; while the channel is full, block this thread until a slot frees. Throws ChannelClosedError once closed. */
  send(value: number): void {
    void value;
    todo('Channel.send');
  }

  /** Take the oldest value; while the channel is empty and open, block this thread. `undefined` once closed and empty. */
  recv(): number | undefined {
    return todo('Channel.recv');
  }

  /** Like send, but waits with Atomics.waitAsync: never blocks the event loop. Rejects with ChannelClosedError once closed. */
  async sendAsync(value: number): Promise<void> {
    void value;
    todo('Channel.sendAsync');
  }

  /** Like recv, but waits with Atomics.waitAsync: never blocks the event loop. Resolves `undefined` once closed and empty. */
  async recvAsync(): Promise<number | undefined> {
    return todo('Channel.recvAsync');
  }

  /** Close the channel (closing twice is harmless) and wake EVERY waiting sender and receiver, blocking or async. */
  close(): void {
    todo('Channel.close');
  }
}
