// AbortSignals on the fake clock, and the AbortSignal.timeout() hint.
import { onVirtualClock } from '../../graders/support/clock';
import { abortAt, abortSignalTimeoutHint } from '../../graders/support/signals';

test('abortAt aborts its signal with the reason at that virtual time, not before', () =>
  onVirtualClock(async (clock) => {
    const reason = new Error('stop');
    const { signal } = abortAt(50, reason);
    await clock.advance(49);
    expect(signal.aborted).toBe(false);
    await clock.advance(1);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
  }));

test('abortSignalTimeoutHint speaks only when the code called AbortSignal.timeout()', () =>
  onVirtualClock(async () => {
    expect(abortSignalTimeoutHint()).toBe('');
    AbortSignal.timeout(100);
    AbortSignal.timeout(100);
    expect(abortSignalTimeoutHint()).toMatch(/^ Your code called AbortSignal\.timeout\(\) 2 time\(s\): its timer cannot be cleared/);
  }));
