// Exercise 10, part 3: one worker of the pipeline. pipeline.ts starts this file
// in a worker thread through ts-worker.js, as 01 did:
//   new Worker(path.join(__dirname, 'ts-worker.js'), { argv: [path.join(__dirname, 'pipeline-worker.ts')], workerData })
// Here blocking is fine: recv() items from the input channel until it is closed
// (undefined), run the task on each, send the results back.
import { workerData } from 'node:worker_threads';

// TODO: read what pipeline.ts put in workerData (shared buffers, taskModule, fnName),
// attach to the channels with Channel.from, load the task with
// require(taskModule)[fnName], and loop.
void workerData;
