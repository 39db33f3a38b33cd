import { describe, expect, it } from 'vitest';
import { SourceError } from '../../errors.js';
import { linkPath } from './paging.js';
import { resolveUrl } from './pcClient.js';

describe('Partner Center links', () => {
  it('reads next-link URIs as relative to /v1', () => {
    expect(linkPath('/customers?size=40&seekOperation=Next')).toBe('/v1/customers?size=40&seekOperation=Next');
    expect(linkPath('customers/abc/subscriptions?seekOperation=Next')).toBe('/v1/customers/abc/subscriptions?seekOperation=Next');
    expect(linkPath('/v1/auditrecords?size=500')).toBe('/v1/auditrecords?size=500');
  });

  it('resolves paths under the configured base, keeping a base path prefix', () => {
    expect(resolveUrl('https://api.partnercenter.microsoft.com', '/v1/customers?size=5').href).toBe('https://api.partnercenter.microsoft.com/v1/customers?size=5');
    expect(resolveUrl('http://127.0.0.1:8080/pc/', '/v1/customers').href).toBe('http://127.0.0.1:8080/pc/v1/customers');
  });

  it('refuses an absolute link to another host: it would carry the bearer token there', () => {
    expect(() => resolveUrl('https://api.partnercenter.microsoft.com', 'https://evil.example/v1/customers')).toThrow(SourceError);
    expect(resolveUrl('https://api.partnercenter.microsoft.com', 'https://api.partnercenter.microsoft.com/v1/x').pathname).toBe('/v1/x');
  });
});
