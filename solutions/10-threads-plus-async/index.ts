// Exercise 10: threads plus async. Reference solution: the exports the grader imports.
export { Channel, ChannelClosedError } from './channel';
export { pipeline, type PipelineOptions } from './pipeline';
