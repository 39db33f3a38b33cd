import type { Config, Secrets } from '../../config/config.js';
import { ConfigError } from '../../errors.js';

/** The Partner Center resource: fixed, whatever base URL the API is reached at (tests use a local fake). */
export const partnerCenterResource = 'https://api.partnercenter.microsoft.com';

export type Grant =
  | { kind: 'client-credentials'; clientSecret: string }
  | { kind: 'refresh-token'; refreshToken: string; clientSecret: string | undefined };

export interface PcSettings {
  /** Base URL without a trailing slash, e.g. https://api.partnercenter.microsoft.com */
  apiUrl: string;
  /** Token endpoint: {authority}/{tenant}/oauth2/v2.0/token */
  tokenUrl: string;
  clientId: string;
  grant: Grant;
  concurrency: number;
  timeoutMs: number;
  maxAttempts: number;
  pageSize: number;
  currencies: readonly string[];
}

/**
 * Turns configuration and secrets into what the client needs, or says exactly which setting is missing.
 * A refresh token selects the app+user flow (the analytics endpoints accept only that); a client secret
 * alone selects client credentials.
 */
export function resolveSettings(config: Config, secrets: Secrets): PcSettings {
  const pc = config.partnerCenter;
  if (!pc.tenantId) throw new ConfigError('PARTNERLENS_PC_TENANT_ID is not set (or partnerCenter.tenantId in the configuration file): the partner-center source needs the partner\'s tenant id');
  if (!pc.clientId) throw new ConfigError('PARTNERLENS_PC_CLIENT_ID is not set (or partnerCenter.clientId in the configuration file): the partner-center source needs the app registration\'s client id');
  let grant: Grant;
  if (secrets.refreshToken) grant = { kind: 'refresh-token', refreshToken: secrets.refreshToken, clientSecret: secrets.clientSecret };
  else if (secrets.clientSecret) grant = { kind: 'client-credentials', clientSecret: secrets.clientSecret };
  else {
    throw new ConfigError('PARTNERLENS_PC_CLIENT_SECRET (app-only) or PARTNERLENS_PC_REFRESH_TOKEN (app+user) is not set: the partner-center source needs one to obtain tokens (secrets come from the environment only)');
  }
  return {
    apiUrl: pc.apiUrl.replace(/\/+$/, ''),
    tokenUrl: `${pc.authority.replace(/\/+$/, '')}/${encodeURIComponent(pc.tenantId)}/oauth2/v2.0/token`,
    clientId: pc.clientId,
    grant,
    concurrency: pc.concurrency,
    timeoutMs: pc.timeoutMs,
    maxAttempts: pc.maxAttempts,
    pageSize: pc.pageSize,
    currencies: pc.currencies.map((c) => c.toUpperCase()),
  };
}
