// Mutant: the starter's index, unchanged.
export { orchestrate, TimeoutError, type Job, type OrchestrateOptions } from './orchestrate';
export { TaskGroup, type Child } from './task-group';
