// Mutant: TaskGroup unchanged.
export { TaskGroup, type Child } from '../../../../solutions/06-orchestrator/task-group';
