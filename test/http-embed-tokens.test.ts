import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEmbedToken } from '../src/embed/embedToken.js';
import { adminUpn, call, startTestService, type TestService } from './http-support.js';

// POST /api/embed-tokens through a real server on 127.0.0.1: a portal's back end mints a token per page view
// with an admin's API key; the key's user is the token's issuer, so the token dies with that user's role.

const settings = { seed: 4, customers: 4, months: 2, asOf: '2026-10-31' };
const secret = 'embed-secret-for-tests-0123456789abcdef';
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ settings, secrets: { embedSecret: secret } });
}, 120_000);
afterAll(async () => svc?.close());

const mint = (body: unknown, key?: string) => call(`${svc.url}/api/embed-tokens`, { method: 'POST', key, body });

describe('POST /api/embed-tokens', () => {
  it('an admin key gets a token naming that admin, the report and the customer scope, living as long as asked', async () => {
    const customer = await svc.db.value<string>('SELECT customer_id FROM customers ORDER BY customer_id LIMIT 1');
    const before = Date.now();
    const { status, json } = await mint({ report: 'executive-summary', customer, ttl: '10m' }, svc.keys.admin);
    expect(status).toBe(201);
    const claims = await verifyEmbedToken(json.token, { secret, db: svc.db, report: 'executive-summary' });
    expect(claims).toMatchObject({ iss: adminUpn, report: 'executive-summary', customer, jti: json.id });
    expect(claims.exp - claims.iat).toBe(600);
    expect(Date.parse(json.expiresAt)).toBeGreaterThanOrEqual(before + 599_000);
    const audited = await svc.db.all<{ actor: string; subject: string }>(`SELECT actor, subject FROM audit_log WHERE action = 'embed-token'`);
    expect(audited).toContainEqual({ actor: adminUpn, subject: 'executive-summary' });
  });

  it('no key is 401, an operator key 403; an unknown report, a ttl over an hour or an unknown field 400', async () => {
    expect((await mint({ report: 'executive-summary' })).status).toBe(401);
    expect((await mint({ report: 'executive-summary' }, svc.keys.operator)).status).toBe(403);
    const unknown = await mint({ report: '../../etc/passwd' }, svc.keys.admin);
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toContain('executive-summary');
    expect((await mint({ report: 'executive-summary', ttl: '2h' }, svc.keys.admin)).status).toBe(400);
    expect((await mint({ report: 'executive-summary', scope: 'all' }, svc.keys.admin)).status).toBe(400);
  });

  it('once the admin loses the role, the key is refused and the tokens it minted stop working', async () => {
    const { json } = await mint({ report: 'azure-insights' }, svc.keys.admin);
    await svc.db.run(`DELETE FROM user_roles WHERE upn = ? AND role = 'mpn-partner-admin'`, [adminUpn]);
    try {
      expect((await mint({ report: 'azure-insights' }, svc.keys.admin)).status).toBe(403);
      await expect(verifyEmbedToken(json.token, { secret, db: svc.db, report: 'azure-insights' })).rejects.toMatchObject({ status: 403 });
    } finally {
      await svc.db.run(`INSERT INTO user_roles (upn, role, granted_at, granted_by) VALUES (?, 'mpn-partner-admin', now()::TIMESTAMP, 'test')`, [adminUpn]);
    }
  });
});
