// Exercise 09: timeouts, retries and deadlines. The grader imports everything from here.
export { deadline, TimeoutError, withTimeout, type Deadline, type DeadlineOptions, type Operation, type WithTimeoutOptions } from './timeout';
export { backoffDelay, retry, type Attempt, type RetryEvent, type RetryOptions } from './retry';
