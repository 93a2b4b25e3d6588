// Mutant: orchestrate unchanged.
export { orchestrate, TimeoutError, type Job, type OrchestrateOptions } from '../../../../solutions/06-orchestrator/orchestrate';
