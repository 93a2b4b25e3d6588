// Mutant: retry unchanged.
export { backoffDelay, retry, type Attempt, type RetryEvent, type RetryOptions } from '../../../../solutions/09-timeouts/retry';
