// Exercise 08: a job scheduler. The grader imports everything from here.
export { backoffDelay, CancelledError, DEFAULT_BACKOFF, Scheduler, type Backoff, type Job, type JobHandle, type ScheduleOptions, type SchedulerOptions } from './scheduler';
