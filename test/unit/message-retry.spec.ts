import { MAX_RETRY_DELAY_MS, retryDelayMs } from '../../src/messaging/outbound-message.queue.js';

describe('message retry delays', () => {
  const middle = () => 0.5;

  it('doubles from the base delay', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 5_000, middle))).toEqual([5_000, 10_000, 20_000, 40_000]);
  });

  it('never waits longer than five minutes however many attempts failed', () => {
    expect(retryDelayMs(19, 5_000, middle)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(400, 5_000, middle)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('spreads retries by ±10% so messages refused together are not retried together', () => {
    expect(retryDelayMs(1, 5_000, () => 0)).toBe(4_500);
    expect(retryDelayMs(1, 5_000, () => 1)).toBe(5_500);
  });
});
