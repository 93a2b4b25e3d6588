export { bump, heavy, whoami } from '../../../../solutions/04-cpu-parallel/tasks';
