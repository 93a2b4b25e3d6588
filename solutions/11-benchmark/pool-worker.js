// GIVEN: you do not need to change this file.
// One worker thread of JobPool (pool.ts): it runs one job per message, on its
// own thread, and answers { id, value } or { id, error }. Plain JavaScript, so
// a new thread starts without a TypeScript loader; the jobs are the same as
// jobs.ts's (keep the two in step).
const { parentPort } = require('node:worker_threads');
const { setTimeout } = require('node:timers');

const IO_JOB_MS = 20;
const CPU_JOB_N = 20_000_000;
const sqrt = Math.sqrt;

/** @param {number} n */
function cpuJob(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sqrt(i);
  return sum;
}

/** @param {'io' | 'cpu'} workload */
function runJob(workload) {
  if (workload === 'io') return new Promise((resolve) => setTimeout(() => resolve(IO_JOB_MS), IO_JOB_MS));
  return cpuJob(CPU_JOB_N);
}

// Warm up before saying ready: V8 runs a new thread's first calls of a hot loop
// in slower, not yet optimised code (measured here: ~85 ms instead of ~50 for
// the first two jobs). Without this, a benchmark would time the JIT, not the
// model. About 10 ms.
for (let k = 0; k < 30; k++) cpuJob(200_000);

const port = parentPort;
if (!port) throw new Error('pool-worker.js runs only as a worker thread started by JobPool');

port.on('message', (/** @type {{ id: number, workload: 'io' | 'cpu' }} */ request) => {
  Promise.resolve()
    .then(() => runJob(request.workload))
    .then(
      (value) => port.postMessage({ id: request.id, value }),
      (error) => port.postMessage({ id: request.id, error: String(error) }),
    );
});
port.postMessage({ ready: true });
