// GIVEN: you do not need to change this file.
// One worker thread of JobPool (pool.ts): it runs one job per message, on its
// own thread, and answers { id, value } or { id, error }.
import { parentPort } from 'node:worker_threads';
import { runJob, type Workload } from './jobs';

const port = parentPort;
if (!port) throw new Error('pool-worker.ts runs only as a worker thread started by JobPool');

port.on('message', (request: { id: number; workload: Workload }) => {
  Promise.resolve()
    .then(() => runJob(request.workload))
    .then(
      (value) => port.postMessage({ id: request.id, value }),
      (error: unknown) => port.postMessage({ id: request.id, error: String(error) }),
    );
});
port.postMessage({ ready: true });
