import { setTimeout as delay } from 'node:timers/promises';

/**
 * Time as the client sees it. Waits go through `sleep`, so tests hand in a clock that records a
 * `Retry-After: 7` wait and moves on at once instead of really sleeping seven seconds.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => (ms <= 0 ? Promise.resolve() : delay(ms, undefined, { signal })),
};
