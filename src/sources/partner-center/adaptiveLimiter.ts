import { log } from '../../util/log.js';

/**
 * A pool of slots shared by the work running across customers. A 429 halves the number of slots (never
 * below 1); a long enough run of successes gives one back, up to the configured number. Work already
 * holding a slot keeps it: new work waits until the busy count falls under the lowered limit.
 */
export interface AdaptiveLimiter {
  readonly limit: number;
  readonly max: number;
  /** Runs `work` in a slot. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** The server throttled us: lower the limit. */
  throttled(): void;
  /** A request succeeded. */
  succeeded(): void;
}

export function createAdaptiveLimiter({ max, recoverAfter = 50 }: { max: number; recoverAfter?: number }): AdaptiveLimiter {
  if (!Number.isInteger(max) || max < 1) throw new Error(`invalid concurrency: ${max}`);
  let limit = max;
  let busy = 0;
  let streak = 0;
  const waiting: (() => void)[] = [];

  const wake = () => {
    while (busy < limit && waiting.length) {
      busy++;
      waiting.shift()!();
    }
  };

  return {
    get limit() {
      return limit;
    },
    max,
    async run(work) {
      if (busy < limit) busy++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await work();
      } finally {
        busy--;
        wake();
      }
    },
    throttled() {
      streak = 0;
      const lowered = Math.max(1, Math.floor(limit / 2));
      if (lowered !== limit) log.warn('pc.concurrency', { from: limit, to: lowered, reason: 'throttled (429)' });
      limit = lowered;
    },
    succeeded() {
      if (limit >= max) return;
      if (++streak < recoverAfter) return;
      streak = 0;
      limit++;
      log.info('pc.concurrency', { from: limit - 1, to: limit, reason: `${recoverAfter} requests without throttling` });
      wake();
    },
  };
}

/**
 * Runs `task` for every item through the limiter. On the first failure no new task starts; the ones
 * running are let finish, and the first failure is thrown.
 */
export async function forEachLimited<T>(items: readonly T[], limiter: AdaptiveLimiter, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let failed: { error: unknown } | undefined;
  await Promise.all(
    items.map((item, index) =>
      limiter.run(async () => {
        if (failed) return;
        try {
          await task(item, index);
        } catch (error) {
          failed ??= { error };
        }
      }),
    ),
  );
  if (failed) throw failed.error;
}
