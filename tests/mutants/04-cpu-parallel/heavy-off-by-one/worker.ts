export type { Reply, Request } from '../../../../solutions/04-cpu-parallel/worker';
