// Exercise 08: a job scheduler. Nothing to write here: the grader imports everything
// from this file. Your work is in scheduler.ts.
export { backoffDelay, CancelledError, DEFAULT_BACKOFF, Scheduler, type Backoff, type Job, type JobHandle, type ScheduleOptions, type SchedulerOptions } from './scheduler';
