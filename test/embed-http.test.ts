import { JSDOM } from 'jsdom';
import { SignJWT, base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/config.js';
import { embedSecret, issueEmbedToken, verifyEmbedToken } from '../src/embed/embedToken.js';
import { AccessError, ConfigError } from '../src/errors.js';
import { listAudit } from '../src/audit/audit.js';
import { query } from '../src/models/query.js';
import { addUser, admin, frameOrigin, secret, startEmbedServer, type EmbedServer } from './helpers/embedServer.js';

// RELIABILITY 21 (embed view) and 24 (embed-token abuse), over HTTP against embedRoutes served on 127.0.0.1
// with a real demo warehouse.

const hostile = '"><img src=x onerror=alert(1)></title><svg onload=alert(2)><script>alert(3)</script>\u202Egnp.exe';
let server: EmbedServer;

beforeAll(async () => {
  server = await startEmbedServer({ customers: 4, rename: { 0: hostile } });
}, 120_000);
afterAll(async () => server?.close());

const page = (report: string, token: string | undefined, extra = '') => fetch(`${server.url}/embed/${report}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}${extra}`);
const ask = (token: string, body: unknown) => fetch(`${server.url}/api/query`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const costByCustomer = { model: 'azure', measures: ['cost'], by: ['customerId', 'currency'] };

async function refused(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await response.json()) as { error: string };
  expect(body.error).toEqual(expect.any(String));
  expect(body.error).not.toMatch(/at .*\.(ts|js):\d+/);
  return body.error;
}

function sign(payload: Record<string, unknown>, key: Uint8Array = secret) {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(key);
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const valid = (extra: Record<string, unknown> = {}) => ({ iss: admin, aud: 'partnerlens-embed', report: 'executive-summary', jti: 'j1', iat: nowSeconds(), nbf: nowSeconds(), exp: nowSeconds() + 600, ...extra });

describe('embed page (RELIABILITY 21)', () => {
  it('serves the report with a strict CSP, framable only by the configured origin, no referrer, no sniffing', async () => {
    const response = await page('executive-summary', await server.token({ report: 'executive-summary' }));
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp.split(';').find((d) => d.trim().startsWith('script-src'))).not.toContain('unsafe');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`frame-ancestors ${frameOrigin}`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('carries hostile customer names as data only: no injected element or attribute, the name intact', async () => {
    const html = await (await page('executive-summary', await server.token({ report: 'executive-summary' }))).text();
    const doc = new JSDOM(html).window.document;
    const scripts = [...doc.querySelectorAll('script')];
    // Exactly the page's own: three scripts from the service (d3 and Plot by content version) and one data island.
    expect(scripts.map((s) => (s.getAttribute('src') ?? s.getAttribute('type'))!.replace(/\?v=[0-9a-f]{12}$/, '?v=…'))).toEqual(['/embed/assets/d3.min.js?v=…', '/embed/assets/plot.umd.min.js?v=…', '/embed/lib/embed/client/embedPage.js', 'application/json']);
    // Preload hints name only the service's own modules.
    const preloads = [...doc.querySelectorAll('link[rel="modulepreload"]')].map((l) => l.getAttribute('href')!);
    expect(preloads.length).toBeGreaterThan(5);
    for (const href of preloads) expect(href).toMatch(/^\/embed\/lib\/[a-z/A-Z]+\.js$/);
    expect(doc.querySelectorAll('img, iframe, object, embed, foreignObject, svg script')).toHaveLength(0);
    // The only pictures: the server-drawn first chart and the KPI sparklines (shown before the script runs).
    const svgs = [...doc.querySelectorAll('svg')];
    expect(svgs.length).toBeGreaterThan(0);
    for (const svg of svgs) expect(svg.closest('figure.chart, .kpi'), svg.outerHTML.slice(0, 80)).not.toBeNull();
    for (const element of doc.querySelectorAll('*')) for (const attribute of element.attributes) expect(attribute.name).not.toMatch(/^on/);
    const island = scripts[3]!.textContent!;
    expect(island).not.toMatch(/[<>]/);
    const boot = JSON.parse(island) as { customers: { name: string }[] };
    expect(boot.customers.map((c) => c.name)).toContain(hostile);
    expect(doc.title).not.toContain('alert');
  });

  it('serves d3, Plot and the shared chart modules from the package, and nothing outside the list', async () => {
    for (const path of ['/embed/assets/d3.min.js', '/embed/assets/plot.umd.min.js', '/embed/assets/embed.css', '/embed/lib/render/charts/chartKinds.js', '/embed/lib/embed/client/embedPage.js']) {
      const response = await fetch(server.url + path);
      expect(response.status, path).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    for (const path of ['/embed/lib/embed/embedToken.js', '/embed/lib/warehouse/openWarehouse.js', '/embed/assets/..%2F..%2Fpackage.json', '/embed/lib/render/charts/%2e%2e/%2e%2e/embed/embedToken.js']) {
      expect((await fetch(server.url + path)).status, path).toBe(404);
    }
  });
});

describe('embed tokens (RELIABILITY 24)', () => {
  it('refuses a page or a query without a token, or with a bearer that is not one', async () => {
    await refused(await page('executive-summary', undefined), 401);
    await refused(await page('executive-summary', 'not-a-token'), 401);
    await refused(await ask('a.b.c', costByCustomer), 401);
  });

  it('refuses a tampered payload (another customer or report, same signature)', async () => {
    const token = await server.token({ report: 'executive-summary', customer: server.customers[1]!.id });
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as Record<string, unknown>;
    for (const change of [{ customer: server.customers[2]!.id }, { report: 'azure-insights' }, { exp: (claims.exp as number) + 3000 }]) {
      const forged = `${header}.${base64url.encode(JSON.stringify({ ...claims, ...change }))}.${signature}`;
      await refused(await ask(forged, costByCustomer), 401);
      await refused(await page('executive-summary', forged), 401);
    }
  });

  it('refuses alg none, a wrong key, a signature of another length', async () => {
    const payload = base64url.encode(JSON.stringify(valid()));
    const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`;
    await refused(await ask(none, costByCustomer), 401);
    const noneSigned = `${base64url.encode(JSON.stringify({ alg: 'none' }))}.${payload}.${base64url.encode('x')}`;
    await refused(await ask(noneSigned, costByCustomer), 401);
    await refused(await ask(await sign(valid(), new TextEncoder().encode('another-secret-of-enough-length-0123456789')), costByCustomer), 401);
    const good = await sign(valid());
    const [h, p, s] = good.split('.');
    await refused(await ask(`${h}.${p}.${s!.slice(0, -4)}`, costByCustomer), 401);
    await refused(await ask(`${h}.${p}.${s}AAAA`, costByCustomer), 401);
    // The untouched token works: the refusals above are about the changes.
    expect((await ask(good, costByCustomer)).status).toBe(200);
  });

  it('refuses a token expired by one second and one not yet valid', async () => {
    const expired = await server.token({ report: 'executive-summary', ttlSeconds: 60, now: new Date(Date.now() - 61_000) });
    expect(await refused(await ask(expired, costByCustomer), 401)).toMatch(/expired/);
    const early = await sign(valid({ nbf: nowSeconds() + 60, iat: nowSeconds() + 60, exp: nowSeconds() + 600 }));
    expect(await refused(await page('executive-summary', early), 401)).toMatch(/not yet valid/);
    await refused(await ask(await sign(valid({ exp: nowSeconds() + 7200 })), costByCustomer), 401);
  });

  it('refuses missing identity and bad shapes of claims', async () => {
    const { iss: _iss, ...noIssuer } = valid();
    await refused(await ask(await sign(noIssuer), costByCustomer), 401);
    await refused(await ask(await sign(valid({ aud: 'someone-else' })), costByCustomer), 401);
    await refused(await ask(await sign(valid({ report: 'Bad Report<' })), costByCustomer), 401);
  });

  it('refuses report A token on report B, and models report A does not read', async () => {
    const token = await server.token({ report: 'activity-log' });
    await refused(await page('executive-summary', token), 403);
    expect(await refused(await ask(token, costByCustomer), 403)).toMatch(/does not read the azure model/);
    // The drill page (customer-pack) reads its own models, one customer at a time only.
    const drill = (body: unknown) => fetch(`${server.url}/api/query`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'X-PartnerLens-Report': 'customer-pack' }, body: JSON.stringify(body) });
    await refused(await drill(costByCustomer), 403);
    expect((await drill({ ...costByCustomer, where: [{ dimension: 'customerId', values: [server.customers[1]!.id] }] })).status).toBe(200);
    const other = (body: unknown) => fetch(`${server.url}/api/query`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'X-PartnerLens-Report': 'azure-insights' }, body: JSON.stringify(body) });
    await refused(await other({ model: 'azure', measures: ['cost'], by: ['currency'] }), 403);
    expect((await page('activity-log', token)).status).toBe(200);
    await refused(await page('no-such-report', token), 404);
  });

  it('a customer-scoped token answers only that customer, whatever the request says', async () => {
    const [x, y] = [server.customers[1]!, server.customers[2]!];
    const token = await server.token({ report: 'executive-summary', customer: x.id });
    const response = await ask(token, costByCustomer);
    expect(response.status).toBe(200);
    const rows = (await response.json()) as { customerId: string; cost: number; currency: string }[];
    const expected = await query(server.warehouse.db, { ...costByCustomer, where: [{ dimension: 'customerId', values: [x.id] }] }, { config: configSchema.parse({}) });
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.customerId))).toEqual(new Set([x.id]));
    expect(rows).toEqual(expected.rows);
    await refused(await ask(token, { ...costByCustomer, where: [{ dimension: 'customerId', values: [y.id] }] }), 403);
    // By name, the scope still holds: another customer's name finds nothing.
    const byName = (await (await ask(token, { model: 'customers', measures: ['customers'], where: [{ dimension: 'customer', values: [y.name] }] })).json()) as { customers: number | null }[];
    expect(byName.every((r) => !r.customers)).toBe(true);
    await refused(await page('customer-pack', token, `&customer=${y.id}`), 403);
    const own = await page('customer-pack', token, `&customer=${x.id}`);
    expect(own.status).toBe(200);
    const boot = JSON.parse(new JSDOM(await own.text()).window.document.getElementById('pl-boot')!.textContent!) as { customers: { id: string }[]; fixedCustomer: { id: string } };
    expect(boot.customers.map((c) => c.id)).toEqual([x.id]);
    expect(boot.fixedCustomer.id).toBe(x.id);
  });

  it('stops working the moment its issuer loses mpn-partner-admin', async () => {
    const issuer = 'second.admin@partner.example';
    await addUser(server.warehouse, issuer, 'mpn-partner-admin');
    const token = await server.token({ report: 'executive-summary', issuer });
    expect((await ask(token, costByCustomer)).status).toBe(200);
    await server.warehouse.db.run('DELETE FROM user_roles WHERE upn = ?', [issuer]);
    expect(await refused(await ask(token, costByCustomer), 403)).toMatch(/no longer holds/);
    await refused(await page('executive-summary', token), 403);
  });

  it('is issued only by an admin, for at most an hour, and every issue and refusal is audited', async () => {
    const db = server.warehouse.db;
    await addUser(server.warehouse, 'operator@partner.example', 'operator');
    await expect(issueEmbedToken({ secret, issuer: 'operator@partner.example', report: 'executive-summary', ttlSeconds: 60, db })).rejects.toBeInstanceOf(AccessError);
    await expect(issueEmbedToken({ secret, issuer: admin, report: 'executive-summary', ttlSeconds: 3601, db })).rejects.toThrow(/1 hour/);
    const issued = await issueEmbedToken({ secret, issuer: admin, report: 'executive-summary', customer: 'c-1', ttlSeconds: 60, db });
    const claims = await verifyEmbedToken(issued.token, { secret, db, report: 'executive-summary' });
    expect(claims).toMatchObject({ iss: admin, report: 'executive-summary', customer: 'c-1', jti: issued.id });
    expect(claims.exp - claims.iat).toBe(60);
    const audit = await listAudit(db, { limit: 200 });
    expect(audit.find((a) => a.action === 'embed-token' && a.detail?.includes(issued.id))).toMatchObject({ actor: admin, outcome: 'ok', subject: 'executive-summary' });
    expect(audit.find((a) => a.actor === 'operator@partner.example' && a.outcome === 'refused')).toBeTruthy();
  });

  it('a weak or missing secret stops the service from starting', () => {
    expect(() => embedSecret({})).toThrow(ConfigError);
    expect(() => embedSecret({ PARTNERLENS_EMBED_SECRET: 'x'.repeat(31) })).toThrow(/too short \(31 bytes\)/);
    expect(embedSecret({ PARTNERLENS_EMBED_SECRET: 'é'.repeat(16) })).toHaveLength(32);
  });

  it('answers a bad query with a 400 naming the problem, not a 500', async () => {
    const token = await server.token({ report: 'executive-summary' });
    expect(await refused(await ask(token, { model: 'azure', measures: ['cots'], by: ['currency'] }), 400)).toMatch(/cots/);
    expect(await refused(await ask(token, { model: 'azure', measures: ['cost'], from: "2026-01-01' OR 1=1" }), 400)).toMatch(/from/);
    const raw = await fetch(`${server.url}/api/query`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '{not json' });
    await refused(raw, 400);
  });
});
