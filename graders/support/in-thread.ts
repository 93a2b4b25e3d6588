// The support library's surface for code that runs INSIDE a thread the grader
// started (helper workers, the kit's reference pool threads, 05's harness).
// Graders (jest's side) import from './index'. This entry stays cheap to load
// in a fresh thread: no fake clock, no fast-check, nothing that patches globals.
export { exerciseModule, post, threw } from './shared-memory-worker';
export { pauseAfterLoads } from './shared-memory-amplifier';
export { arriveAndWait, sleepThread } from './barrier';
export { activeResources, extraResources, loopBusyDuring, sleep, StallMeter, threadSchedMs, timed } from './cpu';
export { ReferencePool, REFERENCE_TASKS } from './reference-pool';
export { MAX_N } from './reference-tasks';
export { errorToWire, isNotImplemented } from './wire-error';
export { workerCensus, type WorkerCensus } from './worker-census';
