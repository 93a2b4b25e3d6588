// holds(): a failing property becomes a message a learner can act on: their
// own failure text, the smallest failing input, and a command that replays
// exactly that run (KIT_SEED / KIT_PATH are read back by holds itself).
import vm from 'node:vm';
import { CheckFailure } from '../../graders/support/feedback';
import { delays, fc, holds, names } from '../../graders/support/property';

const saved = { ...process.env };
afterEach(() => {
  for (const key of ['KIT_SEED', 'KIT_PATH', 'KIT_EXERCISE_ID']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

const failureOf = async (run: Promise<void>): Promise<CheckFailure> => {
  try {
    await run;
  } catch (error) {
    return error as CheckFailure;
  }
  throw new Error('expected holds() to fail');
};

/** A property that fails from 10 up, recording every input it was given. */
function belowTen(seen: number[] = []) {
  return fc.property(fc.integer({ min: 0, max: 1_000 }), (n) => {
    seen.push(n);
    if (n >= 10) throw new CheckFailure(`${n} is too big`);
  });
}

test('a property that holds returns quietly', async () => {
  await expect(holds(fc.property(fc.nat(), (n) => n >= 0))).resolves.toBeUndefined();
  await expect(holds(fc.asyncProperty(fc.nat(), async (n) => n >= 0))).resolves.toBeUndefined();
});

test('a failure keeps the check\'s message, shows the smallest input and prints the seed and path to replay it', async () => {
  process.env.KIT_EXERCISE_ID = '02';
  const failure = await failureOf(holds(belowTen()));
  expect(failure).toBeInstanceOf(CheckFailure);
  const lines = failure.message.split('\n');
  expect(lines.slice(0, 3)).toEqual(['10 is too big', '', 'Smallest failing input: [10]']);
  expect(lines[3]).toMatch(/^Replay exactly this run: KIT_SEED=-?\d+ KIT_PATH=\d+(:\d+)* npm test -- 02$/);
});

test('the printed command replays exactly that run: the first input tried is the shrunk one', async () => {
  const first = await failureOf(holds(belowTen()));
  const [, seed, path] = first.message.match(/KIT_SEED=(-?\d+) KIT_PATH=(\S+)/) ?? [];
  process.env.KIT_SEED = seed;
  process.env.KIT_PATH = path;
  const seen: number[] = [];
  const again = await failureOf(holds(belowTen(seen)));
  expect(seen[0]).toBe(10);
  expect(again.message).toBe(first.message);
});

test('KIT_SEED alone replays the same random inputs', async () => {
  process.env.KIT_SEED = '1234';
  const a: number[] = [];
  const b: number[] = [];
  await holds(fc.property(fc.nat(), (n) => void a.push(n)));
  await holds(fc.property(fc.nat(), (n) => void b.push(n)));
  expect(a).toEqual(b);
  expect(a).toHaveLength(50); // the default number of runs
});

test('a KIT_SEED that is not a whole number is refused by name', async () => {
  process.env.KIT_SEED = 'abc';
  await expect(holds(belowTen())).rejects.toThrow('KIT_SEED must be a whole number, got "abc"');
});

test('without an exercise id the command says where it goes', async () => {
  delete process.env.KIT_EXERCISE_ID;
  expect((await failureOf(holds(belowTen()))).message).toMatch(/npm test -- <exercise>$/);
});

test('anything else thrown is shown; NotImplemented passes through untouched', async () => {
  const failure = await failureOf(holds(fc.property(fc.constant(1), () => {
    throw new TypeError('x is undefined');
  })));
  expect(failure.message.split('\n')[0]).toBe('It threw TypeError: x is undefined.');
  const todo = Object.assign(new Error('gather()'), { name: 'NotImplemented' });
  await expect(holds(fc.asyncProperty(fc.constant(1), async () => Promise.reject(todo)))).rejects.toBe(todo);
  // One from another realm (a worker thread, Node internals) is recognised by name, not by class.
  const foreign = vm.runInNewContext(`const e = new Error('gather()'); e.name = 'NotImplemented'; e`) as unknown;
  await expect(holds(fc.asyncProperty(fc.constant(1), async () => Promise.reject(foreign)))).rejects.toBe(foreign);
});

test('a long counterexample is cut for the message', async () => {
  const failure = await failureOf(holds(fc.property(fc.constant('x'.repeat(1_000)), () => false)));
  const line = failure.message.split('\n').find((l) => l.startsWith('Smallest failing input: '))!;
  expect(line.length).toBe('Smallest failing input: '.length + 400);
  expect(line.endsWith('...')).toBe(true);
});

test('delays and names generate what graders rely on', () => {
  fc.assert(fc.property(delays({ min: 5, max: 9 }), (ms) => Number.isInteger(ms) && ms >= 5 && ms <= 9));
  fc.assert(
    fc.property(names({ minLength: 2, maxLength: 4 }), (list) =>
      list.length >= 2 && list.length <= 4 && new Set(list).size === list.length && list.every((n) => /^[a-z][a-z0-9]{0,7}$/.test(n)),
    ),
  );
});
