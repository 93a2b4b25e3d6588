// What the 10 grader, its harness thread and its helper threads share.

/** The learner's exports, as the grader's threads see them. */
export interface Exercise {
  Channel: {
    create(capacity: number): ChannelLike;
    from(buffer: SharedArrayBuffer): ChannelLike;
  };
  pipeline(source: AsyncIterable<number>, options: { workers: number; capacity: number; ordered: boolean; taskModule: string; fnName: string }): AsyncIterable<number>;
}

export interface ChannelLike {
  readonly buffer: SharedArrayBuffer;
  send(value: number): void;
  recv(): number | undefined;
  sendAsync(value: number): Promise<void>;
  recvAsync(): Promise<number | undefined>;
  close(): void;
}

/** Producer p sends p * PRODUCER_STRIDE + i. */
export const PRODUCER_STRIDE = 1_000_000;

/** The BroadcastChannel on which the harness tells tasks.ts's firstHeld to let its item go. */
export const RELEASE_CHANNEL = 'kit-10-release';
