import type { Config } from '../../../config/config.js';
import type { PcSettings } from '../settings.js';

/** The Graph resource: fixed, whatever base URL Graph is reached at (tests use a local fake). */
export const graphResource = 'https://graph.microsoft.com';

export interface GraphSettings {
  /** Base URL without a trailing slash, e.g. https://graph.microsoft.com */
  apiUrl: string;
  /** {authority}/{tenant}/oauth2/v2.0/token for a tenant: the partner's, or a customer's (GDAP). */
  tokenUrl(tenant: string): string;
  exportWaitMs: number;
  blobConcurrency: number;
}

/** Graph shares the Partner Center app registration, secret and authority unless configured otherwise. */
export function resolveGraphSettings(config: Config, pc: PcSettings): GraphSettings {
  const authority = (config.graph.authority ?? config.partnerCenter.authority).replace(/\/+$/, '');
  return {
    apiUrl: config.graph.apiUrl.replace(/\/+$/, ''),
    tokenUrl: (tenant) => `${authority}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`,
    exportWaitMs: config.graph.exportWaitMs,
    blobConcurrency: Math.min(config.graph.blobConcurrency, pc.concurrency * 4),
  };
}
