import { SourceError } from '../../../errors.js';
import type { Clock } from '../clock.js';
import type { RetryPolicy } from '../retryPolicy.js';
import type { PcSettings } from '../settings.js';
import { createTokenProvider, type TokenProvider } from '../tokenProvider.js';
import { graphResource, type GraphSettings } from './graphSettings.js';

/**
 * Azure AD's answers that mean "this customer has not granted access" rather than "the partner's secret is
 * wrong": the user is not in the tenant (no GDAP relationship, AADSTS50020), consent missing (AADSTS65001),
 * the app not in the tenant (AADSTS700016), or the refresh token not valid there (invalid_grant).
 */
const noConsent = /AADSTS(50020|65001|700016|500011|50076)\b/;

/** A SourceError with status 403: the customer is skipped, never the run failed. */
export function isNoConsent(error: unknown): error is SourceError {
  return error instanceof SourceError && error.status === 403;
}

/**
 * A Graph token in one tenant (the partner's, or a customer's through GDAP) from the partner's secret. Only
 * in a customer's tenant does a refusal mean "no consent": in the partner's it is the secret that is wrong.
 */
export function tenantTokens(
  tenant: string,
  { settings, graphSettings, clock, random, policy, customer = true }: { settings: PcSettings; graphSettings: GraphSettings; clock: Clock; random: () => number; policy?: RetryPolicy; customer?: boolean },
): TokenProvider {
  return createTokenProvider({
    tokenUrl: graphSettings.tokenUrl(tenant),
    clientId: settings.clientId,
    grant: settings.grant,
    clock,
    timeoutMs: settings.timeoutMs,
    maxAttempts: settings.maxAttempts,
    random,
    policy,
    resource: graphResource,
    refusal(code, description) {
      if (!customer) return undefined;
      if (code === 'invalid_grant' || noConsent.test(description)) {
        const aadsts = /AADSTS\d+/.exec(description)?.[0];
        return new SourceError(`no GDAP consent in tenant ${tenant} (${[code, aadsts].filter(Boolean).join(', ')})`, { status: 403 });
      }
      return undefined;
    },
  });
}
