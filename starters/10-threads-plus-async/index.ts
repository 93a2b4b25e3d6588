// Exercise 10: threads plus async. GIVEN: the exports the grader imports.
export { Channel, ChannelClosedError } from './channel';
export { pipeline, type PipelineOptions } from './pipeline';
