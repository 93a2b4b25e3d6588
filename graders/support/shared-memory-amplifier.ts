// A race amplifier for locks built on shared memory, installed in a grader's
// helper thread before it loads the learner's code.
//
// A lock that tests "is it free?" with a load and then takes it with a separate
// write races only when another thread slips in between the two steps. Once V8
// optimizes the code that gap is a few instructions wide, so such a lock can pass
// millions of contended rounds, and on a machine that lends the grader only one
// core at a time it practically never fails (measured here: a plain-flag lock
// went unnoticed in 1 run in 6 of 3 threads × 1e6 rounds). The amplifier makes
// the gap wide on purpose: every LOAD of the watched memory (a plain read of an
// element, or Atomics.load) is followed by a short sleep, which is exactly what
// the OS may do to any thread at any moment. Read-modify-write atomics
// (compareExchange, exchange, add, ...), stores, wait and notify are not
// slowed. So the amplifier never makes a correct lock fail (it only delays
// loads, which yields interleavings that could happen anyway), while a
// test-then-set lock lets two threads in within a few rounds, even on one core.
//
// How: typed-array constructors are wrapped so that a view over the watched
// buffer comes back as a Proxy that sleeps after element reads, and the
// Atomics functions unwrap such proxies (they accept only real typed arrays).

const TYPED_ARRAYS = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

const INDEX = /^(0|[1-9]\d*)$/;

type AnyFunction = (...args: unknown[]) => unknown;

/** Slow down every load of `watched` in this thread by `pauseMs` (fractions allowed). Call once per thread. */
export function pauseAfterLoads(watched: SharedArrayBuffer, pauseMs: number): void {
  const realAtomics: Record<string, AnyFunction> = {};
  for (const name of Object.getOwnPropertyNames(Atomics)) {
    const value = (Atomics as unknown as Record<string, unknown>)[name];
    if (typeof value === 'function') realAtomics[name] = value as AnyFunction;
  }
  const nap = new Int32Array(new SharedArrayBuffer(4)); // nobody notifies it: a wait is a sleep
  const pause = () => realAtomics.wait.call(Atomics, nap, 0, 0, pauseMs);
  const real = new WeakMap<object, object>(); // slow view -> the real typed array

  const slow = (view: object): object => {
    const proxy = new Proxy(view, {
      get(target, key) {
        if (typeof key === 'string' && INDEX.test(key)) {
          const value = (target as unknown as Record<string, unknown>)[key];
          pause();
          return value;
        }
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as AnyFunction).bind(target) : value;
      },
      set(target, key, value) {
        return Reflect.set(target, key, value, target);
      },
    });
    real.set(proxy, view);
    return proxy;
  };

  const global = globalThis as unknown as Record<string, unknown>;
  for (const name of TYPED_ARRAYS) {
    const Ctor = global[name] as new (...args: unknown[]) => object;
    const wrapped: object = new Proxy(Ctor, {
      construct(target, args, newTarget) {
        const view = Reflect.construct(target, args, newTarget === wrapped ? target : newTarget);
        return args[0] === watched ? slow(view) : view;
      },
    });
    global[name] = wrapped;
  }

  const atomics = Atomics as unknown as Record<string, AnyFunction>;
  for (const [name, fn] of Object.entries(realAtomics)) {
    atomics[name] = function (this: unknown, array: unknown, ...rest: unknown[]) {
      const target = (typeof array === 'object' && array !== null && real.get(array)) || array;
      const result = fn.call(Atomics, target, ...rest);
      if (name === 'load' && target !== array) pause();
      return result;
    };
  }
}
