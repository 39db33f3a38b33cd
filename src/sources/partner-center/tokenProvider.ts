import { z } from 'zod';
import { SourceError } from '../../errors.js';
import { log, redact, registerSecret } from '../../util/log.js';
import type { Clock } from './clock.js';
import { requestSignal } from './requestSignal.js';
import { defaultRetryPolicy, isRetryableStatus, parseRetryAfter, retryDelay, type RetryPolicy } from './retryPolicy.js';
import { partnerCenterResource, type Grant } from './settings.js';

/** Access tokens for Partner Center: cached until shortly before they expire, fetched once for all callers. */
export interface TokenProvider {
  get(signal?: AbortSignal): Promise<string>;
  /** The API refused `token` (401): forget it, so the next `get` fetches a fresh one. */
  invalidate(token: string): void;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  token_type: z.string().optional(),
  refresh_token: z.string().min(1).optional(),
});
const errorResponse = z.object({ error: z.string(), error_description: z.string().optional() });

/** Refresh this long before the token's stated expiry: clocks drift and a run takes time. */
const expirySkewMs = 5 * 60_000;

export interface TokenProviderOptions {
  tokenUrl: string;
  clientId: string;
  grant: Grant;
  clock: Clock;
  timeoutMs: number;
  /** Attempts at the token endpoint when it throttles, fails (5xx) or does not answer. */
  maxAttempts?: number;
  random?: () => number;
  policy?: RetryPolicy;
  /** The resource the token is for (Partner Center unless said: Graph uses `https://graph.microsoft.com`). */
  resource?: string;
  /** Says what a refused token request means for this resource and tenant (a customer without consent). */
  refusal?: (code: string, description: string) => SourceError | undefined;
}

export function createTokenProvider({
  tokenUrl, clientId, grant, clock, timeoutMs, maxAttempts = 3, random = Math.random, policy = defaultRetryPolicy, resource = partnerCenterResource, refusal,
}: TokenProviderOptions): TokenProvider {
  registerSecret(grant.kind === 'client-credentials' ? grant.clientSecret : grant.refreshToken);
  if (grant.kind === 'refresh-token') registerSecret(grant.clientSecret);
  // Azure AD may rotate the refresh token on every exchange: keep the newest for the next one.
  let refreshToken = grant.kind === 'refresh-token' ? grant.refreshToken : undefined;
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(signal?: AbortSignal): Promise<string> {
    const form = new URLSearchParams({ client_id: clientId });
    if (grant.kind === 'client-credentials') {
      form.set('grant_type', 'client_credentials');
      form.set('scope', `${resource}/.default`);
      form.set('client_secret', grant.clientSecret);
    } else {
      form.set('grant_type', 'refresh_token');
      form.set('scope', `${resource}/.default offline_access`);
      form.set('refresh_token', refreshToken!);
      if (grant.clientSecret) form.set('client_secret', grant.clientSecret);
    }
    const { response, text } = await post(form, signal);
    const body = safeJson(text);
    // Token errors carry no HTTP status on purpose: a 400 from Azure AD must not read as a 400 from the API
    // (which, on a continued page, means an expired continuation token).
    if (!response.ok) {
      const failure = errorResponse.safeParse(body);
      const code = failure.success ? failure.data.error : `HTTP ${response.status}`;
      const description = failure.success && failure.data.error_description ? `: ${firstLine(failure.data.error_description)}` : '';
      const refused = refusal?.(code, failure.success ? failure.data.error_description ?? '' : '');
      if (refused) throw refused;
      if (grant.kind === 'refresh-token' && code === 'invalid_grant') {
        throw new SourceError(redact(`consent expired, re-authorize: the refresh token was refused (invalid_grant${description}); sign in again as a partner admin and set a new PARTNERLENS_PC_REFRESH_TOKEN`));
      }
      throw new SourceError(redact(`Partner Center token request refused (${code}${description}): check PARTNERLENS_PC_TENANT_ID, PARTNERLENS_PC_CLIENT_ID and the secret`));
    }
    const parsed = tokenResponse.safeParse(body);
    if (!parsed.success) throw new SourceError(`unexpected answer from the token endpoint ${tokenUrl}: no access_token/expires_in`);
    registerSecret(parsed.data.access_token);
    if (parsed.data.refresh_token) {
      registerSecret(parsed.data.refresh_token);
      refreshToken = parsed.data.refresh_token;
    }
    const lifetimeMs = parsed.data.expires_in * 1000;
    cached = { token: parsed.data.access_token, expiresAt: clock.now() + lifetimeMs - Math.min(expirySkewMs, lifetimeMs / 2) };
    return parsed.data.access_token;
  }

  /** The token request, tried again while the endpoint throttles, fails or hangs. */
  async function post(form: URLSearchParams, signal?: AbortSignal): Promise<{ response: Response; text: string }> {
    for (let attempt = 1; ; attempt++) {
      const attemptSignal = requestSignal(timeoutMs, signal);
      let failure: string;
      let retryAfterMs: number | undefined;
      try {
        const response = await fetch(tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form,
          signal: attemptSignal.signal,
        });
        const text = await response.text();
        if (!isRetryableStatus(response.status)) return { response, text };
        failure = `HTTP ${response.status}`;
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock.now());
      } catch (error) {
        signal?.throwIfAborted();
        failure = attemptSignal.timedOut ? `no answer within ${timeoutMs} ms` : networkCause(error);
      } finally {
        attemptSignal.done();
      }
      if (attempt >= maxAttempts || (retryAfterMs ?? 0) > policy.maxRetryAfterMs) {
        throw new SourceError(`could not obtain a Partner Center token from ${tokenUrl}: failed after ${attempt} attempts (last: ${failure})`);
      }
      const waitMs = retryDelay({ attempt, retryAfterMs, random, policy });
      log.warn('pc.token_retry', { tokenUrl, attempt, cause: failure, waitMs });
      await clock.sleep(waitMs, signal);
    }
  }

  return {
    async get(signal) {
      if (cached && clock.now() < cached.expiresAt) return cached.token;
      pending ??= fetchToken(signal).finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? '').slice(0, 300);
}

export function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `network error ${cause.code}`;
  if (cause?.message) return `network error: ${cause.message}`;
  return `network error: ${error instanceof Error ? error.message : String(error)}`;
}
