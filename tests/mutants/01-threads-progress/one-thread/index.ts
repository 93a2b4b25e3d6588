// Exercise 01: threads, shared progress and a lock. The grader imports from here.
export { SharedMutex } from './mutex';
export { downloadAll, type DownloadOptions, type DownloadResult, type LogEntry } from './downloads';
