// Exercise 09: timeouts, retries and deadlines. Nothing to write here: the grader
// imports everything from this file. Your work is in timeout.ts and retry.ts.
export { deadline, TimeoutError, withTimeout, type Deadline, type DeadlineOptions, type Operation, type WithTimeoutOptions } from './timeout';
export { backoffDelay, retry, type Attempt, type RetryEvent, type RetryOptions } from './retry';
