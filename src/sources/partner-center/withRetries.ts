import { SourceError } from '../../errors.js';
import { log, redact } from '../../util/log.js';
import type { AdaptiveLimiter } from './adaptiveLimiter.js';
import type { Clock } from './clock.js';
import { defaultRetryPolicy, isRetryableStatus, retryDelay, type RetryPolicy } from './retryPolicy.js';

/** What one attempt of a request came to. */
export type AttemptOutcome<T> =
  | { ok: true; value: T }
  /**
   * `status` 0 is a network failure or a timeout. `again` replays at once without counting an attempt
   * (a token refreshed after a 401). A status that is not worth retrying fails the request.
   */
  | { ok: false; status: number; failure: string; retryAfterMs?: number; again?: boolean };

export interface RetryLoopOptions {
  /** What errors and logs call the request: "GET /v1/customers", "export blob part-1.json.gz". */
  what: string;
  /** Who asked to wait, in the error when a Retry-After is too long: "Partner Center", "Graph". */
  service: string;
  /** The log event of each retry, with `fields` beside the attempt, cause and wait. */
  logEvent: string;
  fields?: Record<string, unknown>;
  maxAttempts: number;
  clock: Clock;
  random?: () => number;
  policy?: RetryPolicy;
  /** Told of each success and each 429, so concurrency follows throttling. */
  limiter?: AdaptiveLimiter;
  signal?: AbortSignal;
}

/**
 * The one retry loop of the Partner Center, Graph and blob-storage clients: each supplies a single attempt,
 * this decides whether and when to try again (throttling, timeouts and server failures, with capped
 * backoff and Retry-After), and words the failure the same way for all of them.
 */
export async function withRetries<T>(attemptOnce: () => Promise<AttemptOutcome<T>>, options: RetryLoopOptions): Promise<T> {
  const { what, service, logEvent, fields, maxAttempts, clock, random = Math.random, policy = defaultRetryPolicy, limiter, signal } = options;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    const outcome = await attemptOnce();
    if (outcome.ok) {
      limiter?.succeeded();
      return outcome.value;
    }
    const { status, failure, retryAfterMs } = outcome;
    if (outcome.again) {
      attempt--;
      continue;
    }
    if (status !== 0 && !isRetryableStatus(status)) throw new SourceError(redact(`${what}: ${failure}`), { status });
    if (status === 429) limiter?.throttled();
    const verb = status === 429 ? 'throttled' : 'failed';
    if (attempt >= maxAttempts) {
      throw new SourceError(redact(`${what}: ${verb} after ${attempt} attempts (last: ${failure})`), { status: status || undefined });
    }
    if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
      throw new SourceError(`${what}: ${verb}: ${service} asked to wait ${Math.round(retryAfterMs / 1000)} s, longer than the ${policy.maxRetryAfterMs / 1000} s a run waits`, { status });
    }
    const waitMs = retryDelay({ attempt, retryAfterMs, random, policy });
    log.warn(logEvent, { ...fields, request: what, attempt, cause: redact(failure), retryAfterMs: retryAfterMs ?? null, waitMs });
    await clock.sleep(waitMs, signal);
  }
}
