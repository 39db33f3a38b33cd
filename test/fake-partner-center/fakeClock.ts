import type { Clock } from '../../src/sources/partner-center/clock.js';

/** A clock whose waits return at once and move its time forward, recording each wait. */
export interface FakeClock extends Clock {
  readonly waits: number[];
}

export function createFakeClock(start = Date.now()): FakeClock {
  let now = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      waits.push(ms);
      now += Math.max(0, ms);
    },
  };
}
