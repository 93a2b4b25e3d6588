// Model-based testing on the virtual clock: fast-check's fc.commands +
// fc.asyncModelRun, with two things a grader needs on top:
//  - after every command the code under test is allowed to react (`settle`:
//    timers due now and every pending promise callback run) before anything
//    is compared, so a grader never depends on which microtask did the work;
//  - a failure lists the steps that led to it. holds() keeps the message of
//    the shrunk (shortest) failing sequence, so the learner reads a short story
//    ("Executor({ maxWorkers: 1 }), then 1. submit #0 … 2. cancel #1 …").
import fc from 'fast-check';
import { macrotask, onVirtualClock, type VirtualClock } from './clock';
import { CheckFailure, explain } from './feedback';
import { isNotImplemented } from './wire-error';


/** Let the code under test react: run the timers due at this virtual instant and every pending promise callback. */
export async function settle(clock: VirtualClock): Promise<void> {
  await macrotask();
  await clock.advance(0);
  await macrotask();
}

export type Peeked<T> = { status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown } | { status: 'pending' };

/**
 * How `promise` has settled once pending callbacks have run, without waiting
 * for it: a learner's promise that never settles reads as `pending` instead of
 * hanging the check.
 */
export async function peek<T>(promise: Promise<T>, clock: VirtualClock): Promise<Peeked<T>> {
  let seen: Peeked<T> = { status: 'pending' };
  promise.then(
    (value) => (seen = { status: 'fulfilled', value }),
    (reason) => (seen = { status: 'rejected', reason }),
  );
  await settle(clock);
  return seen;
}

/** A command for fc.commands whose toString() is one readable step ("cancel #2"). */
export type ModelStep<Model extends object, Real> = fc.AsyncCommand<Model, Real> & { toString(): string };

export interface ModelSpec<Params, Model extends object, Real> {
  /** Random parameters of one run (e.g. maxWorkers). */
  params: fc.Arbitrary<Params>;
  /** A fresh model and system under test for one run, on that run's clock. */
  setup: (params: Params, clock: VirtualClock) => { model: Model; real: Real };
  /** How the run starts, for messages: "Executor({ maxWorkers: 2 })". */
  describe: (params: Params) => string;
  /** The commands fast-check picks from (list one twice to pick it twice as often). */
  steps: Array<fc.Arbitrary<ModelStep<Model, Real>>>;
  /** Compared after every command, once the code under test has settled. */
  agree: (model: Model, real: Real) => void | Promise<void>;
  /** Longest sequence (default 20). Lengths spread up to it (size 'max'): bugs often need a long story. */
  maxCommands?: number;
}

/**
 * A property for holds(): random command sequences, each run on a fresh
 * virtual clock against the model. A failure carries the steps that led to it.
 */
export function modelProperty<Params, Model extends object, Real>(spec: ModelSpec<Params, Model, Real>) {
  return fc.asyncProperty(spec.params, fc.commands(spec.steps, { maxCommands: spec.maxCommands ?? 20, size: 'max' }), (params, commands) =>
    onVirtualClock(async (clock) => {
      // Commands are kept, not their text: a command may name what it did (e.g. which future) only while running.
      const story: Array<{ toString(): string }> = [];
      // Wrapping keeps fast-check's own command wrappers (they mark what ran, for shrinking).
      const traced = Array.from(commands, (command) => ({
        check: (model: Readonly<Model>) => command.check(model),
        run: async (model: Model, real: Real) => {
          story.push(command);
          try {
            await command.run(model, real);
            await settle(clock);
            await spec.agree(model, real);
          } catch (error) {
            throw withStory(error, spec.describe(params), story);
          }
        },
        toString: () => command.toString(),
      }));
      await fc.asyncModelRun(() => spec.setup(params, clock), traced);
    }),
  );
}

function withStory(error: unknown, start: string, story: Array<{ toString(): string }>): unknown {
  if (isNotImplemented(error)) return error; // holds() and explain() word it
  const steps = story.map((step, i) => `  ${i + 1}. ${String(step)}`).join('\n');
  return new CheckFailure(`${explain(error).message}\n\nThe steps that led here:\n  ${start}\n${steps}`, explain(error).timeline);
}
