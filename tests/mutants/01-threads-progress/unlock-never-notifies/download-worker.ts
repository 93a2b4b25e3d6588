// Unchanged: the reference download thread (only its type is re-exported; the file is not run from here).
export type { WorkerInput } from '../../../../solutions/01-threads-progress/download-worker';
