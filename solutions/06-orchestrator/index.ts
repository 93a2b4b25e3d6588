// Exercise 06: background job orchestrator. The grader imports everything from here.
export { orchestrate, TimeoutError, type Job, type OrchestrateOptions } from './orchestrate';
export { TaskGroup, type Child } from './task-group';
