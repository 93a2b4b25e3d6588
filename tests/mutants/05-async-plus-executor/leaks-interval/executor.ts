export { runInExecutor, type Executor } from '../../../../solutions/05-async-plus-executor/executor';
