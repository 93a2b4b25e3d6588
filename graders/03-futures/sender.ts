// A fake callback-style sender (email, sms, push...) for the sendAll checks:
// each channel answers as planned (later, at once, with an error, by throwing,
// or twice), and any error thrown back into it by the learner's callback is recorded.
import type { Send } from '@exercise/03-futures';
import { delays, fc, names, show, type Timeline } from '../support';
import { errorFor } from './fixtures';
import { sameValue } from './scenarios';

export type Behaviour = 'ok' | 'error' | 'throws' | 'ok at once' | 'error at once' | 'ok, error undefined' | 'ok at once, then throws';
export const receiptFor = (channel: string) => ({ id: `${channel}-receipt` });

/** One channel's plan. `receipt` and `reason` default to a receipt object and an Error made once per channel (so identity can be checked). */
export interface ChannelPlan {
  ms: number;
  behaviour: Behaviour;
  twice?: boolean;
  receipt?: unknown;
  reason?: unknown;
}

const receipts = new WeakMap<ChannelPlan, unknown>();
const reasons = new WeakMap<ChannelPlan, unknown>();
const receiptOf = (c: string, p: ChannelPlan) => ('receipt' in p ? p.receipt : receipts.get(p) ?? (receipts.set(p, receiptFor(c)), receipts.get(p)));
const reasonOf = (c: string, p: ChannelPlan) => ('reason' in p ? p.reason : reasons.get(p) ?? (reasons.set(p, errorFor(c)), reasons.get(p)));

/** A callback-style sender; each channel behaves as planned, and every callback call is checked not to throw back into the sender. */
export function sender(timeline: Timeline, plan: Record<string, ChannelPlan>) {
  const thrownBack: unknown[] = [];
  const calls: string[] = [];
  const callSafely = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      thrownBack.push(error);
    }
  };
  const send: Send<{ id: string }> = (channel, callback) => {
    calls.push(channel);
    const { ms, behaviour, twice } = plan[channel];
    const p = plan[channel];
    const answer = (ok: boolean) => (ok ? callback(null, receiptOf(channel, p) as { id: string }) : callback(reasonOf(channel, p)));
    if (behaviour === 'throws') throw reasonOf(channel, p);
    if (behaviour === 'ok at once, then throws') {
      // Answers inside send, then fails on its way out: the answer it gave stands.
      answer(true);
      throw errorFor(`${channel} after answering`);
    }
    if (behaviour === 'ok at once' || behaviour === 'error at once') return answer(behaviour === 'ok at once');
    const end = timeline.begin(channel);
    setTimeout(() => {
      end(behaviour === 'error');
      // Node's convention: an error argument of null OR undefined means success.
      if (behaviour === 'ok, error undefined') return callSafely(() => callback(undefined, receiptOf(channel, p) as { id: string }));
      callSafely(() => answer(behaviour === 'ok'));
      if (twice) callSafely(() => answer(behaviour !== 'ok'));
    }, ms);
  };
  return { send, thrownBack, calls };
}

export type Delivery = { status: 'fulfilled'; value: unknown } | { status: 'rejected'; reason: unknown };

export const expectedDeliveries = (channels: string[], plan: Record<string, ChannelPlan>): Record<string, Delivery> =>
  Object.fromEntries(
    channels.map((c) => [c, plan[c].behaviour.startsWith('ok') ? { status: 'fulfilled', value: receiptOf(c, plan[c]) } : { status: 'rejected', reason: reasonOf(c, plan[c]) }]),
  );

/**
 * The first difference between sendAll's answer and the lesson's, or undefined: compared by meaning.
 * Keys in channel order; a delivery's own keys in any order; values deeply equal; reasons the sender's error itself.
 */
export function deliveriesDiffer(got: unknown, want: Record<string, Delivery>): string | undefined {
  if (typeof got !== 'object' || got === null) return `sendAll resolved with ${show(got)}, not an object keyed by channel`;
  const channels = Object.keys(want);
  if (!sameValue(Object.keys(got), channels)) return `its keys are ${show(Object.keys(got))}, but they should be the channels in channel order, ${show(channels)}`;
  for (const c of channels) {
    const d = (got as Record<string, unknown>)[c] as { status?: unknown; value?: unknown; reason?: unknown } | undefined;
    const w = want[c];
    if (typeof d !== 'object' || d === null || d.status !== w.status) return `${c}: got ${show(d)}, but it should be ${show(w)}`;
    if (w.status === 'fulfilled' && !sameValue(d.value, w.value)) return `${c}: the value is ${show(d.value)}, but the sender's receipt was ${show(w.value)}`;
    if (w.status === 'rejected' && !Object.is(d.reason, w.reason)) {
      return `${c}: the reason is ${show(d.reason)}, but it should be the very error the sender gave, ${show(w.reason)} (not a copy, not wrapped)`;
    }
  }
  return undefined;
}

export const channelPlans = (behaviours: fc.Arbitrary<Behaviour>) =>
  names({ minLength: 1, maxLength: 5 }).chain((channels) =>
    fc.tuple(
      fc.constant(channels),
      fc.uniqueArray(delays({ min: 10, max: 3_000 }), { minLength: channels.length, maxLength: channels.length }),
      fc.array(behaviours, { minLength: channels.length, maxLength: channels.length }),
    ),
  );
