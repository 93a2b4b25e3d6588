import workerThreads from 'node:worker_threads';
import { countingWorkers, workerCensus } from '../../graders/support/worker-census';

/** A worker that exits as soon as it is told to (or at once). */
function start(waitForMessage = false): workerThreads.Worker {
  const code = waitForMessage ? "require('node:worker_threads').parentPort.once('message', () => process.exit(0))" : '';
  return new workerThreads.Worker(code, { eval: true });
}

const exited = (worker: workerThreads.Worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve()));

describe('workerCensus', () => {
  it('counts each worker started while it is open, by threadId, and how many were alive at once', async () => {
    const census = workerCensus();
    const a = start(true);
    const b = start(true);
    expect(census.started).toEqual([a.threadId, b.threadId]);
    expect(census.alive.size).toBe(2);
    expect(census.mostAlive).toBe(2);
    a.postMessage('go');
    await exited(a);
    expect([...census.alive]).toEqual([b]);
    const c = start(true);
    expect(census.mostAlive).toBe(2);
    b.postMessage('go');
    c.postMessage('go');
    await Promise.all([exited(b), exited(c)]);
    expect(census.alive.size).toBe(0);
    expect(census.started).toHaveLength(3);
    census.stop();
  });

  it('counts nothing before it starts or after stop(), and a stopped census still sees its workers exit', async () => {
    const before = start();
    const census = workerCensus();
    const during = start(true);
    census.stop();
    const after = start();
    expect(census.started).toEqual([during.threadId]);
    during.postMessage('go');
    await Promise.all([exited(before), exited(during), exited(after)]);
    expect(census.alive.size).toBe(0);
  });

  it('counts code that copied the Worker class after the census module loaded', async () => {
    const { Worker: Copied } = workerThreads;
    const census = workerCensus();
    const worker = new Copied('', { eval: true });
    census.stop();
    expect(census.started).toEqual([worker.threadId]);
    await exited(worker);
  });

  it('a second copy of the module joins the installed class instead of wrapping it again', async () => {
    const installed = workerThreads.Worker;
    let second: typeof import('../../graders/support/worker-census') | undefined;
    jest.isolateModules(() => {
      second = require('../../graders/support/worker-census');
    });
    expect(workerThreads.Worker).toBe(installed);
    const [one, two] = [workerCensus(), second!.workerCensus()];
    const worker = start();
    one.stop();
    two.stop();
    expect(one.started).toEqual([worker.threadId]);
    expect(two.started).toEqual([worker.threadId]);
    await exited(worker);
  });

  it('countingWorkers counts while fn runs, and closes its census when fn settles, also when it throws', async () => {
    const open = () => (workerThreads.Worker as unknown as Record<symbol, Set<unknown>>)[Symbol.for('concurrency-kit.worker-census')].size;
    const before = open();
    const { value, census } = await countingWorkers(async () => start());
    const later = start();
    expect(census.started).toEqual([value.threadId]);
    expect(open()).toBe(before);
    await expect(countingWorkers(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(open()).toBe(before);
    await Promise.all([exited(value), exited(later)]);
  });
});
