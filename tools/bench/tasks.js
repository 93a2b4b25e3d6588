// The task module of `npm run bench:models`: the same functions run on the main
// thread, in the 04 WorkerPool's threads and processes, and in piscina's threads,
// so every model and every library runs identical code. Plain CommonJS (not
// TypeScript) so piscina can load it as it is. One argument each: piscina
// passes exactly one.
const { setTimeout: sleep } = require('node:timers/promises');

/**
 * Does nothing: the cost of a round trip to a worker and back.
 * @param {unknown} x
 */
function noop(x) {
  return x;
}

/**
 * CPU-bound: the sum of Math.sqrt(i) for 0 <= i < n (04's heavy).
 * @param {number} n
 */
function cpu(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.sqrt(i);
  return sum;
}

/**
 * I/O-bound: waits `ms` without using the CPU, as a network call would.
 * @param {number} ms
 */
async function io(ms) {
  await sleep(ms);
  return ms;
}

/**
 * Both: waits, then computes (a request followed by parsing its answer).
 * @param {{ ms: number, n: number }} work
 */
async function mixed({ ms, n }) {
  await sleep(ms);
  return cpu(n);
}

module.exports = { noop, cpu, io, mixed };
