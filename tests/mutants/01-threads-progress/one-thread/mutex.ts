// Unchanged: the reference mutex.
export { SharedMutex } from '../../../../solutions/01-threads-progress/mutex';
