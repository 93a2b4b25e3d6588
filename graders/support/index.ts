// The graders' support library: the one place for the fake clock, timelines,
// points, properties and messages. Graders import from here (code running inside
// a helper thread imports from './in-thread') and re-implement none of it.
export { check, checkTitle, type CheckOptions } from './check';
export { CheckFailure, ensure, exact, explain, fail, plural, show, showReason } from './feedback';
export { abortSignalTimeoutCalls, onVirtualClock, VirtualClock, FAKED, type Outcome, type RunOptions } from './clock';
export { renderTimeline, Timeline, timedTask, type ExpectedSpan, type Result, type Span, type SpanState, type TimelineRecord, type TimelineSpan } from './timeline';
export { delays, fc, holds, names } from './property';
export { attempt, reasonOf, valueOf } from './outcome';
export { exerciseDir, firstMessage, startTsWorker } from './threads';
export { note } from './note';
export { scheduledTasks, settleUnder } from './races';
export { abortAt, abortSignalTimeoutHint } from './signals';
export { modelProperty, peek, settle, type ModelSpec, type ModelStep, type Peeked } from './model';
export { errorFromWire, errorToWire, isErrorLike, isNotImplemented, type WireError } from './wire-error';
export { Crew, Inbox, type CrewMember, type Received, type ThrewMessage } from './shared-memory-threads';
export { arrivals, createBarrier } from './barrier';
export { countingWorkers, type WorkerCensus } from './worker-census';
export {
  activeResources,
  availableCores,
  extraResources,
  formatMs,
  loopBusyDuring,
  measureCpu,
  osThreadCount,
  sleep,
  StallMeter,
  threadCpuMs,
  threadSchedMs,
  timed,
  within,
  type CpuMeasure,
} from './cpu';
export { get, percentile, type GetOptions, type Reply } from './http-client';
export { ReferencePool, REFERENCE_TASKS, type RunOptions as ReferenceRunOptions } from './reference-pool';
export { heavy as referenceHeavy, MAX_N } from './reference-tasks';
export { BENCHMARK_TASKS, cpuJob as kitCpuJob } from './benchmark-tasks';
export { sameFields, sameItems, firstDifference } from './equal';
export {
  abortListeners,
  abortReasons,
  abortTimeOf,
  abortTimings,
  behaviours,
  describeTiming,
  domainReasons,
  domainValues,
  failAfterAbortError,
  fakes,
  falsyValues,
  sharedDomain,
  sizes,
  watchUnhandledRejections,
  type AbortTiming,
  type Behaviour,
  type BehaviourOptions,
  type FakeCall,
  type FakeOp,
  type Fakes,
} from './adversarial';
export { distinctEnds, ensureSameTrace, holdsOnClock, jobPlans, limits, listSchedule, timedPlans, type ClockScene, type TimedStep, type TraceEvent } from './scenarios';
