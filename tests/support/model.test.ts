// Model-based tests on the virtual clock: each command runs, the code under
// test settles, then the model is compared; a failure tells the steps that led
// to it, shortest story first.
import vm from 'node:vm';
import { onVirtualClock } from '../../graders/support/clock';
import { CheckFailure, fail } from '../../graders/support/feedback';
import { peek, settle, modelProperty, type ModelStep } from '../../graders/support/model';
import { fc, holds } from '../../graders/support/property';

/** The system under test: a counter whose add() lands after `delay` ms. Buggy from `breaksAt` on. */
class SlowCounter {
  value = 0;
  constructor(private readonly breaksAt = Infinity) {}
  add(n: number): void {
    setTimeout(() => (this.value += this.value + n >= this.breaksAt ? n + 1 : n), 0);
  }
}
type Model = { value: number };

const addStep = fc.integer({ min: 1, max: 5 }).map(
  (n): ModelStep<Model, SlowCounter> => ({
    check: () => true,
    run: async (model, real) => {
      model.value += n;
      real.add(n);
    },
    toString: () => `add(${n})`,
  }),
);

const spec = (breaksAt: number) => ({
  params: fc.constant(breaksAt),
  setup: (b: number) => ({ model: { value: 0 }, real: new SlowCounter(b) }),
  describe: (b: number) => `SlowCounter(${b === Infinity ? '' : b})`,
  steps: [addStep],
  agree: (model: Model, real: SlowCounter) => {
    if (real.value !== model.value) fail(`The counter reads ${real.value}`, `it should read ${model.value}`);
  },
});

test('a correct system agrees with the model after every step (its timers ran in between)', async () => {
  await expect(holds(modelProperty(spec(Infinity)), { numRuns: 20 })).resolves.toBeUndefined();
});

test('a wrong system fails with the shortest story that shows it', async () => {
  const failure = await holds(modelProperty(spec(6)), { numRuns: 100 }).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(CheckFailure);
  const message = (failure as CheckFailure).message;
  expect(message).toMatch(/^The counter reads \d+, but it should read \d+\.\n\nThe steps that led here:\n {2}SlowCounter\(6\)\n {2}1\. add\(\d\)\n/);
  // The story told is the shrunk counterexample's, step for step, and it really goes past 6.
  const told = [...message.matchAll(/^ {2}\d+\. (add\(\d\))$/gm)].map((m) => m[1]);
  const smallest = message.match(/^Smallest failing input: \[6,(.*?) \/\*/m)?.[1].split(',');
  expect(told).toEqual(smallest);
  expect(told.length).toBeGreaterThanOrEqual(2);
  expect(told.reduce((sum, step) => sum + Number(step.slice(4, -1)), 0)).toBeGreaterThanOrEqual(6);
  expect(message).toContain('Replay exactly this run: KIT_SEED=');
});

test.each([
  ['this realm', () => Object.assign(new Error('submit()'), { name: 'NotImplemented' })],
  ['another realm', () => vm.runInNewContext(`const e = new Error('submit()'); e.name = 'NotImplemented'; e`) as unknown],
])('a NotImplemented from %s thrown by a step passes through untouched', async (_, make) => {
  const todo = make();
  const throwing = fc.constant<ModelStep<Model, SlowCounter>>({ check: () => true, run: async () => Promise.reject(todo), toString: () => 'submit' });
  await expect(holds(modelProperty({ ...spec(Infinity), steps: [throwing] }), { numRuns: 5 })).rejects.toBe(todo);
});

test('peek reads how a promise settled without waiting on it; a never-settling one is pending', () =>
  onVirtualClock(async (clock) => {
    expect(await peek(Promise.resolve(1), clock)).toEqual({ status: 'fulfilled', value: 1 });
    expect(await peek(Promise.reject('no'), clock)).toEqual({ status: 'rejected', reason: 'no' });
    expect(await peek(new Promise(() => undefined), clock)).toEqual({ status: 'pending' });
    expect(await peek(new Promise((resolve) => setTimeout(resolve, 0, 'due now')), clock)).toEqual({ status: 'fulfilled', value: 'due now' });
    expect(await peek(new Promise((resolve) => setTimeout(resolve, 1, 'later')), clock)).toEqual({ status: 'pending' });
  }));

test('settle runs what is due now, not what is due later', () =>
  onVirtualClock(async (clock) => {
    const seen: string[] = [];
    setTimeout(() => seen.push('now'), 0);
    setTimeout(() => seen.push('later'), 5);
    await settle(clock);
    expect(seen).toEqual(['now']);
    expect(clock.now).toBe(0);
  }));
