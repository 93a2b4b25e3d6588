// Mutant: withTimeout and deadline unchanged.
export { deadline, TimeoutError, withTimeout, type Deadline, type DeadlineOptions, type Operation, type WithTimeoutOptions } from '../../../../solutions/09-timeouts/timeout';
