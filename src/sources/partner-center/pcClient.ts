import { randomUUID } from 'node:crypto';
import { SourceError } from '../../errors.js';
import { log, redact } from '../../util/log.js';
import type { AdaptiveLimiter } from './adaptiveLimiter.js';
import type { Clock } from './clock.js';
import { requestSignal } from './requestSignal.js';
import { defaultRetryPolicy, parseRetryAfter, type RetryPolicy } from './retryPolicy.js';
import type { PcSettings } from './settings.js';
import { networkCause, type TokenProvider } from './tokenProvider.js';
import { withRetries, type AttemptOutcome } from './withRetries.js';

/** A GET against the Partner Center REST API with authentication, retries and timeouts. */
export interface PcClient {
  /** One id for every request of a run, so Microsoft support can find them together. */
  readonly correlationId: string;
  readonly limiter: AdaptiveLimiter;
  /** `path` is relative to the API base (`/v1/customers?size=40`). Resolves to the parsed JSON body. */
  get(path: string, options?: { headers?: Readonly<Record<string, string>> }): Promise<unknown>;
}

export interface PcClientOptions {
  settings: Pick<PcSettings, 'apiUrl' | 'timeoutMs' | 'maxAttempts'>;
  tokens: TokenProvider;
  limiter: AdaptiveLimiter;
  clock: Clock;
  /** Jitter source, in [0, 1). */
  random?: () => number;
  policy?: RetryPolicy;
  /** The run's signal: aborting it stops waits and requests at once. */
  signal?: AbortSignal;
}

export function createPcClient({
  settings, tokens, limiter, clock, random = Math.random, policy = defaultRetryPolicy, signal,
}: PcClientOptions): PcClient {
  const correlationId = randomUUID();
  const { apiUrl, timeoutMs, maxAttempts } = settings;

  async function get(path: string, { headers = {} }: { headers?: Readonly<Record<string, string>> } = {}): Promise<unknown> {
    const url = resolveUrl(apiUrl, path);
    const what = `GET ${url.pathname}`;
    // One id for every attempt of this request: Partner Center uses it to recognise a retry.
    const requestId = randomUUID();
    let refreshed = false;
    return withRetries(async (): Promise<AttemptOutcome<unknown>> => {
      const token = await tokens.get(signal);
      const attemptSignal = requestSignal(timeoutMs, signal);
      let outcome: AttemptOutcome<unknown>;
      try {
        const response = await fetch(url, {
          headers: {
            ...headers,
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            'MS-RequestId': requestId,
            'MS-CorrelationId': correlationId,
            'X-Locale': 'en-US',
          },
          signal: attemptSignal.signal,
        });
        const text = await response.text();
        if (response.ok) return { ok: true, value: parseBody(text, what) };
        const failure = `HTTP ${response.status}${describe(text)}`;
        outcome = { ok: false, status: response.status, failure, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), clock.now()) };
      } catch (error) {
        if (error instanceof SourceError) throw error;
        signal?.throwIfAborted();
        return { ok: false, status: 0, failure: attemptSignal.timedOut ? `no answer within ${timeoutMs} ms` : networkCause(error) };
      } finally {
        attemptSignal.done();
      }
      if (outcome.status === 401) {
        if (refreshed) throw new SourceError(redact(`${what}: unauthorized even with a fresh token (${outcome.failure}): check the app's Partner Center permissions`), { status: 401 });
        // The token expired mid-run (or was revoked): fetch a new one, once, and replay this request.
        refreshed = true;
        tokens.invalidate(token);
        log.info('pc.token_refresh', { request: what, requestId });
        return { ...outcome, again: true };
      }
      return outcome;
    }, { what, service: 'Partner Center', logEvent: 'pc.retry', fields: { requestId }, maxAttempts, clock, random, policy, limiter, signal });
  }

  return { correlationId, limiter, get };
}

/**
 * The request URL for an API path. A link the server hands back may be absolute, but only towards the
 * API itself: following one elsewhere would send the bearer token to another host.
 */
export function resolveUrl(apiUrl: string, path: string): URL {
  const base = new URL(apiUrl);
  const url = new URL(path.startsWith('/') ? base.pathname.replace(/\/+$/, '') + path : path, base);
  if (url.origin !== base.origin) throw new SourceError(`refusing to follow a link to ${url.origin}: not the configured Partner Center API ${base.origin}`);
  return url;
}

function parseBody(text: string, what: string): unknown {
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new SourceError(`${what}: the answer is not JSON (starts with ${JSON.stringify(text.slice(0, 40))})`);
  }
}

/** Partner Center errors carry `description` (or `message`): worth a few words in the cause. */
function describe(text: string): string {
  try {
    const body = JSON.parse(text) as { description?: unknown; message?: unknown; error?: { message?: unknown } };
    const detail = body.description ?? body.message ?? body.error?.message;
    if (typeof detail === 'string' && detail.trim()) return `: ${detail.split(/\r?\n/)[0]!.slice(0, 200)}`;
  } catch {
    /* not JSON: the status says enough */
  }
  return '';
}
