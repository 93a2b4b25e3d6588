// The inbox of a helper thread: every message kept from the start, errors as
// data, a sticky exit, real-time waits that never hang; and the crew that
// terminates its threads even when they block forever.
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { Crew, Inbox } from '../../graders/support/shared-memory-threads';

/** A stand-in worker: the inbox only listens to its events. */
function fakeWorker() {
  const worker = new EventEmitter();
  return { worker, inbox: new Inbox<string>(worker as unknown as Worker) };
}

describe('Inbox', () => {
  test('keeps messages that arrive before anyone asks, in order', async () => {
    const { worker, inbox } = fakeWorker();
    worker.emit('message', 'one');
    worker.emit('message', 'two');
    expect(await inbox.next(10)).toEqual({ kind: 'message', message: 'one' });
    expect(await inbox.next(10)).toEqual({ kind: 'message', message: 'two' });
  });

  test('next() waits for a message that comes later', async () => {
    const { worker, inbox } = fakeWorker();
    const next = inbox.next(1_000);
    setTimeout(() => worker.emit('message', 'late'), 5);
    expect(await next).toEqual({ kind: 'message', message: 'late' });
  });

  test('next() gives up after its time, and a message after that is not lost', async () => {
    const { worker, inbox } = fakeWorker();
    expect(await inbox.next(20)).toEqual({ kind: 'timeout' });
    worker.emit('message', 'after the timeout');
    expect(await inbox.next(10)).toEqual({ kind: 'message', message: 'after the timeout' });
  });

  test('an uncaught error in the worker arrives as a threw message, with its own name', async () => {
    const { worker, inbox } = fakeWorker();
    const error = Object.assign(new Error('mutex.lock() in 01-threads-progress/mutex.ts'), { name: 'NotImplemented' });
    worker.emit('error', error);
    expect(await inbox.next(10)).toEqual({
      kind: 'message',
      message: { kind: 'threw', name: 'NotImplemented', message: 'mutex.lock() in 01-threads-progress/mutex.ts', stack: error.stack },
    });
  });

  test('a thrown non-Error still arrives as a threw message', async () => {
    const { worker, inbox } = fakeWorker();
    worker.emit('error', 42);
    expect(await inbox.next(10)).toEqual({ kind: 'message', message: { kind: 'threw', name: 'Error', message: 'a non-Error value was thrown: 42' } });
  });

  test('exit comes after the messages before it, and stays: every later call learns the worker is gone', async () => {
    const { worker, inbox } = fakeWorker();
    worker.emit('message', 'last words');
    worker.emit('exit', 1);
    expect(await inbox.next(10)).toEqual({ kind: 'message', message: 'last words' });
    expect(await inbox.next(10)).toEqual({ kind: 'exit', code: 1 });
    expect(await inbox.next(10)).toEqual({ kind: 'exit', code: 1 });
  });

  test('an exit while someone waits is delivered, and stays', async () => {
    const { worker, inbox } = fakeWorker();
    const next = inbox.next(1_000);
    worker.emit('exit', 0);
    expect(await next).toEqual({ kind: 'exit', code: 0 });
    expect(await inbox.next(10)).toEqual({ kind: 'exit', code: 0 });
  });

  test('drain() takes what has arrived without waiting, and never the exit', async () => {
    const { worker, inbox } = fakeWorker();
    expect(inbox.drain()).toEqual([]);
    worker.emit('message', 'a');
    worker.emit('message', 'b');
    worker.emit('exit', 0);
    expect(inbox.drain()).toEqual(['a', 'b']);
    expect(inbox.drain()).toEqual([]);
    expect(await inbox.next(10)).toEqual({ kind: 'exit', code: 0 });
  });
});

describe('Crew (real threads)', () => {
  const helper = path.join(__dirname, 'fixtures', 'helper-thread.js');
  const hello = { kind: 'message', message: { kind: 'hello' } };
  afterAll(() => Crew.terminateAll());

  test("a helper thread's messages and its custom-named error reach the grader, then its exit", async () => {
    const crew = new Crew();
    try {
      const { worker, inbox } = crew.start<{ kind: string }>(helper);
      expect(await inbox.next(10_000)).toEqual(hello);
      worker.postMessage('throw');
      expect(await inbox.next(10_000)).toMatchObject({ kind: 'message', message: { kind: 'threw', name: 'NotImplemented' } });
      expect(await inbox.next(10_000)).toMatchObject({ kind: 'exit' });
    } finally {
      await crew.dismiss();
    }
  }, 20_000);

  test('dismiss() ends its own threads even when blocked forever; terminateAll() ends the ones a check forgot', async () => {
    const crew = new Crew();
    const mine = crew.start<{ kind: string }>(helper);
    const forgotten = new Crew().start<{ kind: string }>(helper);
    try {
      expect(await Promise.all([mine.inbox.next(10_000), forgotten.inbox.next(10_000)])).toEqual([hello, hello]);
      mine.worker.postMessage('block');
      forgotten.worker.postMessage('block');
      await crew.dismiss();
      expect(await mine.inbox.next(1_000)).toMatchObject({ kind: 'exit' });
      expect(await forgotten.inbox.next(50)).toEqual({ kind: 'timeout' }); // another crew's thread: not dismissed
      await Crew.terminateAll();
      expect(await forgotten.inbox.next(1_000)).toMatchObject({ kind: 'exit' });
    } finally {
      // If the crew under test failed to end a blocked thread, end it here: the test fails instead of hanging jest.
      await Promise.all([mine.worker.terminate(), forgotten.worker.terminate()]);
    }
  }, 20_000);
});
