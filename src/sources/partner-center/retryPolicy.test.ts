import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, retryDelay } from './retryPolicy.js';

const policy = { baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 600_000 };

describe('retry policy', () => {
  it('doubles the backoff step per attempt, jittered within the upper half of the step', () => {
    for (const [attempt, step] of [[1, 500], [2, 1000], [3, 2000], [4, 4000]] as const) {
      expect(backoffDelay(attempt, () => 0, policy)).toBe(step / 2);
      expect(backoffDelay(attempt, () => 0.999999, policy)).toBe(step);
    }
  });

  it('never grows a step past the cap, however many attempts', () => {
    for (let attempt = 1; attempt <= 40; attempt++) expect(backoffDelay(attempt, () => 0.999999, policy)).toBeLessThanOrEqual(30_000);
    expect(backoffDelay(40, () => 0.999999, policy)).toBe(30_000);
  });

  it('spreads clients: different random draws give different waits for the same attempt', () => {
    const waits = new Set([0.1, 0.4, 0.7, 0.9].map((r) => backoffDelay(3, () => r, policy)));
    expect(waits.size).toBe(4);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:12 GMT', now)).toBe(12_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('waits at least what the server asked, and at least the backoff', () => {
    expect(retryDelay({ attempt: 1, retryAfterMs: 7000, random: () => 0.5, policy })).toBe(7000);
    expect(retryDelay({ attempt: 4, retryAfterMs: 1000, random: () => 0.5, policy })).toBe(3000);
    expect(retryDelay({ attempt: 2, retryAfterMs: undefined, random: () => 0.5, policy })).toBe(750);
  });
});
