import { randomUUID } from 'node:crypto';
import { SourceError } from '../../../errors.js';
import type { AdaptiveLimiter } from '../adaptiveLimiter.js';
import type { Clock } from '../clock.js';
import { requestSignal } from '../requestSignal.js';
import { defaultRetryPolicy, parseRetryAfter, type RetryPolicy } from '../retryPolicy.js';
import { networkCause, type TokenProvider } from '../tokenProvider.js';
import { withRetries, type AttemptOutcome } from '../withRetries.js';

export interface GraphResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Requests to Microsoft Graph with one tenant's token: retries, 401 refresh, timeouts, as the Partner Center client. */
export interface GraphClient {
  /**
   * `path` is relative to the Graph base (`/v1.0/reports/…`) or an absolute URL on the Graph host (an
   * operation's `Location`). Answers 2xx and 3xx (redirects are not followed: a report's 302 points at a
   * pre-authenticated URL that must not receive the bearer token); other statuses throw a SourceError.
   */
  request(method: 'GET' | 'POST', path: string, options?: { json?: unknown }): Promise<GraphResponse>;
}

export interface GraphClientOptions {
  apiUrl: string;
  tokens: TokenProvider;
  limiter: AdaptiveLimiter;
  clock: Clock;
  timeoutMs: number;
  maxAttempts: number;
  random?: () => number;
  policy?: RetryPolicy;
  signal?: AbortSignal;
}

export function createGraphClient({
  apiUrl, tokens, limiter, clock, timeoutMs, maxAttempts, random = Math.random, policy = defaultRetryPolicy, signal,
}: GraphClientOptions): GraphClient {
  async function request(method: 'GET' | 'POST', path: string, { json }: { json?: unknown } = {}): Promise<GraphResponse> {
    const url = graphUrl(apiUrl, path);
    const what = `${method} ${url.pathname}`;
    const requestId = randomUUID();
    let refreshed = false;
    return withRetries(async (): Promise<AttemptOutcome<GraphResponse>> => {
      const token = await tokens.get(signal);
      const attemptSignal = requestSignal(timeoutMs, signal);
      try {
        const response = await fetch(url, {
          method,
          redirect: 'manual',
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            'client-request-id': requestId,
            ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: json !== undefined ? JSON.stringify(json) : undefined,
          signal: attemptSignal.signal,
        });
        const text = await response.text();
        const status = response.status;
        if (status < 400) return { ok: true, value: { status, headers: response.headers, text } };
        const failure = `HTTP ${status}${graphErrorText(text)}`;
        if (status === 401 && !refreshed) {
          // The tenant's token expired or was revoked: a new one, once, and this request again.
          refreshed = true;
          tokens.invalidate(token);
          return { ok: false, status, failure, again: true };
        }
        return { ok: false, status, failure, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), clock.now()) };
      } catch (error) {
        signal?.throwIfAborted();
        return { ok: false, status: 0, failure: attemptSignal.timedOut ? `no answer within ${timeoutMs} ms` : networkCause(error) };
      } finally {
        attemptSignal.done();
      }
    }, { what, service: 'Graph', logEvent: 'graph.retry', fields: { requestId }, maxAttempts, clock, random, policy, limiter, signal });
  }
  return { request };
}

/** A path on the Graph host; an absolute URL elsewhere would carry the bearer token to another host. */
export function graphUrl(apiUrl: string, path: string): URL {
  const base = new URL(apiUrl);
  const url = new URL(path.startsWith('/') ? base.pathname.replace(/\/+$/, '') + path : path, base);
  if (url.origin !== base.origin) throw new SourceError(`refusing to send the Graph token to ${url.origin}: not the configured Graph API ${base.origin}`);
  return url;
}

/** Graph errors are `{ error: { code, message } }`: a few words of them in the cause. */
export function graphErrorText(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const parts = [body.error?.code, body.error?.message].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
    if (parts.length) return `: ${parts.join(': ').split(/\r?\n/)[0]!.slice(0, 200)}`;
  } catch {
    /* not JSON */
  }
  return '';
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SourceError(`${what}: the answer is not JSON (starts with ${JSON.stringify(text.slice(0, 40))})`);
  }
}
