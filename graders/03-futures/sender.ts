// A fake callback-style sender (email, sms, push...) for the sendAll checks:
// each channel answers as planned (later, at once, with an error, by throwing,
// or twice), and any error thrown back into it by the learner's callback is recorded.
import type { Send } from '@exercise/03-futures';
import { delays, fc, names, type Timeline } from '../support';
import { errorFor } from './fixtures';

export type Behaviour = 'ok' | 'error' | 'throws' | 'ok at once' | 'error at once';
export const receiptFor = (channel: string) => ({ id: `${channel}-receipt` });

/** A callback-style sender; each channel behaves as planned, and every callback call is checked not to throw back into the sender. */
export function sender(timeline: Timeline, plan: Record<string, { ms: number; behaviour: Behaviour; twice?: boolean }>) {
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
    const answer = (ok: boolean) => (ok ? callback(null, receiptFor(channel)) : callback(errorFor(channel)));
    if (behaviour === 'throws') throw errorFor(channel);
    if (behaviour === 'ok at once' || behaviour === 'error at once') return answer(behaviour === 'ok at once');
    const end = timeline.begin(channel);
    setTimeout(() => {
      end(behaviour === 'error');
      callSafely(() => answer(behaviour === 'ok'));
      if (twice) callSafely(() => answer(behaviour !== 'ok'));
    }, ms);
  };
  return { send, thrownBack, calls };
}

export const expectedDeliveries = (channels: string[], plan: Record<string, { behaviour: Behaviour }>) =>
  Object.fromEntries(
    channels.map((c) => [c, plan[c].behaviour.startsWith('ok') ? { status: 'fulfilled', value: receiptFor(c) } : { status: 'rejected', reason: errorFor(c) }]),
  );

export const channelPlans = (behaviours: fc.Arbitrary<Behaviour>) =>
  names({ minLength: 1, maxLength: 5 }).chain((channels) =>
    fc.tuple(
      fc.constant(channels),
      fc.uniqueArray(delays({ min: 10, max: 3_000 }), { minLength: channels.length, maxLength: channels.length }),
      fc.array(behaviours, { minLength: channels.length, maxLength: channels.length }),
    ),
  );
