// Mutant: the starter's index, unchanged.
export { deadline, TimeoutError, withTimeout, type Deadline, type DeadlineOptions, type Operation, type WithTimeoutOptions } from './timeout';
export { backoffDelay, retry, type Attempt, type RetryEvent, type RetryOptions } from './retry';
