// settleUnder + scheduledTasks: "whatever order things finish in" checks that
// report how a call settled and never hang, even on code that never settles.
import fc from 'fast-check';
import { scheduledTasks, settleUnder } from '../../graders/support/races';

/** Run `body` under a few random schedulers; fc.assert throws if any run fails. */
const underSchedulers = (body: (s: fc.Scheduler) => Promise<void>) =>
  fc.assert(fc.asyncProperty(fc.scheduler(), body), { numRuns: 20 });

test('scheduledTasks resolve with their values, in whatever order the scheduler picks', async () => {
  const orders = new Set<string>();
  await underSchedulers(async (s) => {
    const finished: number[] = [];
    const tasks = scheduledTasks(s, ['a', 'b', 'c']);
    const outcome = await settleUnder(s, () => Promise.all(tasks.map((t, i) => t().then((v) => (finished.push(i), v)))));
    expect(outcome).toEqual({ status: 'fulfilled', value: ['a', 'b', 'c'], at: 0 });
    orders.add(finished.join());
  });
  expect(orders.size).toBeGreaterThan(1); // the scheduler really varied the order
});

test('scheduledTasks label each task for the scheduler report', async () => {
  await underSchedulers(async (s) => {
    const [first] = scheduledTasks(s, [1], (i) => `source #${i}`);
    await settleUnder(s, first);
    expect(String(s)).toContain('source #0');
  });
});

test('a call that never settles is reported pending at once, not as a hang', async () => {
  const started = Date.now();
  await underSchedulers(async (s) => {
    const tasks = scheduledTasks(s, [1, 2]);
    const outcome = await settleUnder(s, () => Promise.all(tasks.map((t) => t())).then(() => new Promise(() => undefined)));
    expect(outcome).toEqual({ status: 'pending', at: 0, why: 'every task had finished, yet it was still waiting' });
  });
  expect(Date.now() - started).toBeLessThan(2_000); // 20 runs
});

test('a rejection and a synchronous throw read as rejected', async () => {
  const boom = new Error('boom');
  await underSchedulers(async (s) => {
    const [task] = scheduledTasks(s, [1]);
    expect(await settleUnder(s, () => task().then(() => Promise.reject(boom)))).toEqual({ status: 'rejected', reason: boom, at: 0 });
    expect(
      await settleUnder(s, () => {
        throw boom;
      }),
    ).toEqual({ status: 'rejected', reason: boom, at: 0 });
  });
});

test('code that awaits a little after the last scheduled task still counts as settled', async () => {
  await underSchedulers(async (s) => {
    const [task] = scheduledTasks(s, ['x']);
    const outcome = await settleUnder(s, async () => {
      const value = await task();
      await new Promise((resolve) => setImmediate(resolve)); // one macrotask later
      return value;
    });
    expect(outcome).toMatchObject({ status: 'fulfilled', value: 'x' });
  });
});
