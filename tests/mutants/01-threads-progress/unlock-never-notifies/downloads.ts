// Unchanged: the reference downloads (they use the reference mutex, not this folder's).
export { downloadAll, type DownloadOptions, type DownloadResult, type LogEntry } from '../../../../solutions/01-threads-progress/downloads';
