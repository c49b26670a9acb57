import { retryAfterMs } from '../../src/alerts/alert-backlog.js';

describe('the wait a refused sender is asked for', () => {
  it('is the time the workers need to take the alerts past the limit off, at the rate they drained lately', () => {
    expect(retryAfterMs(2_000, 400)).toBe(5_000);
    expect(retryAfterMs(300, 200)).toBe(1_500);
  });
  it('is at least a second and at most a minute', () => {
    expect(retryAfterMs(1, 10_000)).toBe(1_000);
    expect(retryAfterMs(1_000_000, 10)).toBe(60_000);
  });
  it('is a minute while nothing drains, and 5 s before any rate is known', () => {
    expect(retryAfterMs(10, 0)).toBe(60_000);
    expect(retryAfterMs(10, undefined)).toBe(5_000);
  });
});
