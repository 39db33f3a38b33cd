// When and how long to wait before trying a Partner Center request again. Pure functions: the client
// decides *whether* to retry, these decide *how long*.

export interface RetryPolicy {
  /** First backoff step, doubled on each attempt. */
  baseDelayMs: number;
  /** No backoff step grows past this. */
  maxDelayMs: number;
  /** A Retry-After asking for longer than this fails the request instead of stalling the run. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 10 * 60_000 };

/**
 * Capped exponential backoff with "equal jitter": half of the step is fixed, half random. The fixed half
 * keeps waits growing; the random half spreads clients that failed together so they do not return together.
 * `attempt` is the number of the attempt that just failed, from 1.
 */
export function backoffDelay(attempt: number, random: () => number, { baseDelayMs, maxDelayMs }: RetryPolicy = defaultRetryPolicy): number {
  const step = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * `Retry-After` as milliseconds from `now`: either delta-seconds ("7") or an HTTP date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"). Undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** How long to wait after a failed attempt: never less than the server asked for, never less than the backoff. */
export function retryDelay(
  { attempt, retryAfterMs, random, policy = defaultRetryPolicy }: { attempt: number; retryAfterMs: number | undefined; random: () => number; policy?: RetryPolicy },
): number {
  return Math.max(retryAfterMs ?? 0, backoffDelay(attempt, random, policy));
}

/** Statuses worth another try: throttling, timeouts and the server's own failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}
