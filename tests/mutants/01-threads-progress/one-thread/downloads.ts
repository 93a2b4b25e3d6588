// Mutant: every download runs on ONE worker thread, whatever `threads` says.
import { downloadAll as reference, type DownloadOptions, type DownloadResult } from '../../../../solutions/01-threads-progress/downloads';
export type { DownloadOptions, DownloadResult, LogEntry } from '../../../../solutions/01-threads-progress/downloads';

export function downloadAll(fileIds: number[], options: DownloadOptions): Promise<DownloadResult> {
  return reference(fileIds, { ...options, threads: 1 }); // MUTATION
}
