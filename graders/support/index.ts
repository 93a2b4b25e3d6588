// The graders' support library: the one place for the fake clock, timelines,
// points, properties and messages. Graders import from here and re-implement none of it.
export { check, checkTitle, type CheckOptions } from './check';
export { CheckFailure, ensure, exact, explain, fail, show, showReason } from './feedback';
export { abortSignalTimeoutCalls, onVirtualClock, VirtualClock, FAKED, type Outcome, type RunOptions } from './clock';
export { Timeline, timedTask, type Span, type Result } from './timeline';
export { delays, fc, holds, names } from './property';
export { attempt, reasonOf, valueOf } from './outcome';
export { exerciseDir, firstMessage, startTsWorker } from './threads';
export { note } from './note';
export { scheduledTasks, settleUnder } from './races';
export { abortables, abortAt, abortSignalTimeoutHint, onVirtualTime, plural, type AbortableOptions, type AbortableTask, type CallRecord, type Step } from './abortable';
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
