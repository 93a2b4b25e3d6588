// Exercise 10: threads plus async. Reference solution: the channel.
//
// Layout of the one SharedArrayBuffer (every thread sees the same bytes):
//   Int32 cells: LOCK, HEAD (items received so far), TAIL (items sent so far),
//   CLOSED, CAPACITY, SEQ (bumped on every change; waiters sleep on it)
//   then `capacity` Float64 slots, the ring: item number k lives in slot k % capacity.
const LOCK = 0;
const HEAD = 1;
const TAIL = 2;
const CLOSED = 3;
const CAPACITY = 4;
const SEQ = 5;
const HEADER_BYTES = 8 * Int32Array.BYTES_PER_ELEMENT; // a multiple of 8, so the Float64 slots are aligned

// GIVEN: Atomics.waitAsync (Node >= 16) is missing from this kit's TypeScript library types.
declare global {
  interface Atomics {
    waitAsync(typedArray: Int32Array, index: number, value: number, timeoutMs?: number): { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
  }
}

export class ChannelClosedError extends Error {
  constructor(message = 'send on a closed channel') {
    super(message);
    this.name = 'ChannelClosedError';
  }
}

export class Channel {
  private readonly cells: Int32Array;
  private readonly slots: Float64Array;
  readonly capacity: number;

  private constructor(readonly buffer: SharedArrayBuffer) {
    this.cells = new Int32Array(buffer, 0, HEADER_BYTES / Int32Array.BYTES_PER_ELEMENT);
    this.capacity = Atomics.load(this.cells, CAPACITY);
    this.slots = new Float64Array(buffer, HEADER_BYTES, this.capacity);
  }

  static create(capacity: number): Channel {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number >= 1, got ${capacity}`);
    const buffer = new SharedArrayBuffer(HEADER_BYTES + capacity * Float64Array.BYTES_PER_ELEMENT);
    new Int32Array(buffer)[CAPACITY] = capacity;
    return new Channel(buffer);
  }

  static from(buffer: SharedArrayBuffer): Channel {
    return new Channel(buffer);
  }

  /** Items in the channel right now (sent, not yet received). */
  get size(): number {
    return this.locked(() => this.cells[TAIL] - this.cells[HEAD]);
  }

  get closed(): boolean {
    return Atomics.load(this.cells, CLOSED) === 1;
  }

  send(value: number): void {
    for (;;) {
      const seq = this.trySend(value);
      if (seq === true) return;
      Atomics.wait(this.cells, SEQ, seq); // sleep until something changes (a recv, a close)
    }
  }

  recv(): number | undefined {
    for (;;) {
      const got = this.tryRecv();
      if (got.done || got.value !== undefined) return got.value;
      Atomics.wait(this.cells, SEQ, got.seq);
    }
  }

  async sendAsync(value: number): Promise<void> {
    for (;;) {
      const seq = this.trySend(value);
      if (seq === true) return;
      const waiting = Atomics.waitAsync(this.cells, SEQ, seq); // never blocks this thread
      if (waiting.async) await waiting.value;
    }
  }

  async recvAsync(): Promise<number | undefined> {
    for (;;) {
      const got = this.tryRecv();
      if (got.done || got.value !== undefined) return got.value;
      const waiting = Atomics.waitAsync(this.cells, SEQ, got.seq);
      if (waiting.async) await waiting.value;
    }
  }

  close(): void {
    this.locked(() => {
      this.cells[CLOSED] = 1;
      this.changed();
    });
    Atomics.notify(this.cells, SEQ); // every waiter: each one sees CLOSED and returns
  }

  /** Put `value` in if there is room: true; else the SEQ value to wait on. Throws once closed. */
  private trySend(value: number): true | number {
    const result = this.locked(() => {
      if (this.cells[CLOSED] === 1) return 'closed' as const;
      const tail = this.cells[TAIL];
      if (tail - this.cells[HEAD] >= this.capacity) return this.cells[SEQ];
      this.slots[tail % this.capacity] = value;
      this.cells[TAIL] = tail + 1;
      this.changed();
      return true;
    });
    if (result === 'closed') throw new ChannelClosedError();
    if (result === true) Atomics.notify(this.cells, SEQ);
    return result;
  }

  /** Take the oldest item if there is one; `done` once closed and empty; else the SEQ value to wait on. */
  private tryRecv(): { value: number | undefined; done: boolean; seq: number } {
    const result = this.locked(() => {
      const head = this.cells[HEAD];
      if (head < this.cells[TAIL]) {
        const value = this.slots[head % this.capacity];
        this.cells[HEAD] = head + 1;
        this.changed();
        return { value, done: false, seq: 0 };
      }
      return { value: undefined, done: this.cells[CLOSED] === 1, seq: this.cells[SEQ] };
    });
    if (result.value !== undefined) Atomics.notify(this.cells, SEQ);
    return result;
  }

  private changed(): void {
    this.cells[SEQ] = (this.cells[SEQ] + 1) | 0;
  }

  /**
   * Run `fn` holding the channel's lock. The lock is held for a few
   * instructions only, so a thread that finds it taken retries at once instead
   * of sleeping: the main thread may never block, and a few retries cost less
   * than a sleep. (Atomics.compareExchange: test and take in one step.)
   */
  private locked<T>(fn: () => T): T {
    while (Atomics.compareExchange(this.cells, LOCK, 0, 1) !== 0);
    try {
      return fn();
    } finally {
      Atomics.store(this.cells, LOCK, 0);
    }
  }
}
