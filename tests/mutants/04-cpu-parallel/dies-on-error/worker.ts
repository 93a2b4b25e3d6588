// Mutant worker: no try/catch around the task, so a task that throws kills
// the whole worker (an uncaught exception in a thread ends the thread).
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
export type { Reply, Request } from '../../../../solutions/04-cpu-parallel/worker';
import type { Request } from '../../../../solutions/04-cpu-parallel/worker';

const tasks = require(path.resolve(process.argv[3]));
const send = (reply: unknown) => (parentPort ? parentPort.postMessage(reply) : process.send?.(reply));
const onRequest = async (request: Request) => send({ id: request.id, value: await tasks[request.fn](...request.args) });
if (parentPort) parentPort.on('message', onRequest);
else process.on('message', onRequest);
