// Exercise 06: background job orchestrator. Nothing to write here: the grader
// imports everything from this file. Your work is in task-group.ts and orchestrate.ts.
export { orchestrate, TimeoutError, type Job, type OrchestrateOptions } from './orchestrate';
export { TaskGroup, type Child } from './task-group';
