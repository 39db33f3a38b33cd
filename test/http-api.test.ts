import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { jobNames } from '../src/jobs/defineJob.js';
import { listModels, query } from '../src/models/query.js';
import { registerSecret } from '../src/util/log.js';
import { adminUpn, call, insertUser, startTestService, type TestService } from './http-support.js';

// The HTTP API through a real server on 127.0.0.1 and a real demo warehouse: every status code of SPEC §7,
// keys that die with their user's role, SQL injection through the API (RELIABILITY 23), canary secrets
// (RELIABILITY 27) absent from answers and logs, and no misuse ever reaching the catch-all 500.

const settings = { seed: 3, customers: 12, months: 3, asOf: '2026-10-31' };
const canaries = { clientSecret: 'CANARY-client-secret-7f3a91', refreshToken: 'CANARY-refresh-token-2b8e44', embedSecret: 'CANARY-embed-secret-000000000000000000009c1d', smtpPassword: 'CANARY-smtp-password-5e6f70' };

let svc: TestService;
const statuses: number[] = [];
const bodies: string[] = [];
let stderr = '';
let restoreStderr: () => void;

async function api(path: string, init: Parameters<typeof call>[1] = {}) {
  const answer = await call(svc.url + path, init);
  statuses.push(answer.status);
  bodies.push(answer.text);
  return answer;
}

beforeAll(async () => {
  for (const value of Object.values(canaries)) registerSecret(value);
  process.env.PARTNERLENS_LOG_LEVEL = 'debug';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  restoreStderr = () => spy.mockRestore();
  svc = await startTestService({ settings, secrets: canaries });
}, 120_000);

afterAll(async () => {
  await svc?.close();
  restoreStderr?.();
  process.env.PARTNERLENS_LOG_LEVEL = 'error';
});

describe('GET /healthz', () => {
  it('answers without a key: scheduler state, freshness per source and the last run of each job', async () => {
    const { status, json, text } = await api('/healthz');
    expect(status).toBe(200);
    expect(json.scheduler.state).toBe('running');
    const freshness = await svc.db.all('SELECT dataset, source FROM freshness ORDER BY dataset, source');
    expect(json.freshness.map((f: { dataset: string; source: string }) => ({ dataset: f.dataset, source: f.source }))).toEqual(freshness);
    expect(json.freshness.length).toBeGreaterThan(0);
    // The demo load ran every job once, each succeeded.
    expect(json.lastRuns.map((r: { job: string }) => r.job).sort()).toEqual([...jobNames].sort());
    for (const run of json.lastRuns) expect(run.status).toBe('succeeded');
    // No report data: no customer names, no amounts.
    const someCustomer = await svc.db.value<string>('SELECT name FROM customers LIMIT 1');
    expect(text).not.toContain(someCustomer);
  });
});

describe('authentication and roles', () => {
  it('no key, a malformed key, an unknown key: 401 with a JSON error', async () => {
    for (const path of ['/api/runs', '/api/query']) {
      const method = path === '/api/query' ? 'POST' : 'GET';
      const body = method === 'POST' ? { model: 'customers', measures: ['customers'] } : undefined;
      for (const key of [undefined, 'nonsense', `plk_000000000000_${'A'.repeat(43)}`]) {
        const answer = await api(path, { method, key, body });
        expect(answer.status, `${method} ${path} with ${key}`).toBe(401);
        expect(typeof answer.json.error).toBe('string');
      }
    }
  });

  it('an operator key reaches runs but never report data (403, audited)', async () => {
    expect((await api('/api/runs', { key: svc.keys.operator })).status).toBe(200);
    const refused = await api('/api/query', { method: 'POST', key: svc.keys.operator, body: { model: 'customers', measures: ['customers'] } });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatch(/mpn-partner-admin/);
    expect(refused.text).not.toMatch(/"customers":\d/);
    const audited = await svc.db.value<number>("SELECT count(*) FROM audit_log WHERE action = 'refuse' AND actor = 'ops@contoso.com' AND detail LIKE 'query report data%'");
    expect(audited).toBeGreaterThan(0);
  });

  it('a key stops working the moment its user loses the role, and works again when it is granted back', async () => {
    const upn = 'analyst@contoso.com';
    await insertUser(svc.db, upn, ['mpn-partner-admin']);
    const { createApiKey } = await import('../src/access/apiKeys.js');
    const { key } = await createApiKey(svc.db, { actor: upn, role: 'mpn-partner-admin' });
    const ask = () => api('/api/query', { method: 'POST', key, body: { model: 'customers', measures: ['customers'] } });
    expect((await ask()).status).toBe(200);
    await svc.db.run('DELETE FROM user_roles WHERE upn = ?', [upn]);
    const lost = await ask();
    expect(lost.status).toBe(403);
    expect(lost.json.error).toMatch(/no longer holds/);
    await svc.db.run("INSERT INTO user_roles VALUES (?, 'mpn-partner-admin', now()::TIMESTAMP, 'test')", [upn]);
    expect((await ask()).status).toBe(200);
    // A disabled user is as good as one without roles.
    await svc.db.run('UPDATE users SET disabled = true WHERE upn = ?', [upn]);
    expect((await ask()).status).toBe(403);
  });

  it('a revoked key is refused at once (401)', async () => {
    const { createApiKey, revokeApiKey } = await import('../src/access/apiKeys.js');
    const { key, record } = await createApiKey(svc.db, { actor: adminUpn, role: 'operator' });
    expect((await api('/api/runs', { key })).status).toBe(200);
    await revokeApiKey(svc.db, { actor: adminUpn, id: record.id });
    expect((await api('/api/runs', { key })).status).toBe(401);
  });
});

describe('runs', () => {
  it('POST /api/runs answers 202 with the run id; the same job and period while running is 409 naming that run', async () => {
    svc.hold();
    const body = { job: 'customers', from: '2026-10-01', to: '2026-10-31' };
    const first = await api('/api/runs', { method: 'POST', key: svc.keys.operator, body });
    expect(first.status).toBe(202);
    expect(typeof first.json.id).toBe('number');
    const second = await api('/api/runs', { method: 'POST', key: svc.keys.operatorByAdmin, body });
    expect(second.status).toBe(409);
    expect(second.json.id).toBe(first.json.id);
    expect(second.json.error).toMatch(/already running/);
    const running = await api(`/api/runs/${first.json.id}`, { key: svc.keys.operator });
    expect(running.status).toBe(200);
    expect(running.json.status).toBe('running');
    svc.release();
    await svc.outcomes.get(first.json.id);
    // Another period of the same job is other work: accepted (after the first: one writer at a time).
    const other = await api('/api/runs', { method: 'POST', key: svc.keys.admin, body: { job: 'customers', from: '2026-09-01', to: '2026-09-30' } });
    expect(other.status).toBe(202);
    expect(other.json.id).not.toBe(first.json.id);
    await svc.outcomes.get(other.json.id);
    const done = await api(`/api/runs/${first.json.id}`, { key: svc.keys.operator });
    expect(done.json).toMatchObject({ id: first.json.id, job: 'customers', period: '2026-10-01..2026-10-31', status: 'succeeded' });
    // Only one run of that job and period was recorded.
    expect(await svc.db.value<number>("SELECT count(*) FROM runs WHERE job = 'customers' AND period = '2026-10-01..2026-10-31'")).toBe(1);
  });

  it('GET /api/runs has the shape of `runs --json`, newest first, and filters by job', async () => {
    const { status, json } = await api('/api/runs?job=customers&limit=5', { key: svc.keys.operator });
    expect(status).toBe(200);
    expect(json.length).toBeGreaterThan(0);
    for (const run of json) {
      expect(Object.keys(run).sort()).toEqual(['cause', 'finishedAt', 'id', 'job', 'period', 'rowsLoaded', 'rowsRead', 'rowsRejected', 'startedAt', 'status'].sort());
      expect(run.job).toBe('customers');
    }
    const ids = json.map((r: { id: number }) => r.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
    const expected = await svc.db.value<number>("SELECT count(*) FROM runs WHERE job = 'customers'");
    expect(json.length).toBe(Math.min(5, expected));
  });

  it('bad run requests are 4xx naming what was expected', async () => {
    const unknownJob = await api('/api/runs', { method: 'POST', key: svc.keys.operator, body: { job: 'payroll' } });
    expect(unknownJob.status).toBe(400);
    for (const name of jobNames) expect(unknownJob.json.error).toContain(name);
    expect((await api('/api/runs', { method: 'POST', key: svc.keys.operator, body: { job: 'customers', from: '2026-02-30' } })).status).toBe(400);
    expect((await api('/api/runs', { method: 'POST', key: svc.keys.operator, body: { job: 'customers', from: '2026-10-02', to: '2026-10-01' } })).status).toBe(400);
    expect((await api('/api/runs', { method: 'POST', key: svc.keys.operator, body: { job: 'customers', extra: 1 } })).status).toBe(400);
    expect((await api('/api/runs/abc', { key: svc.keys.operator })).status).toBe(400);
    expect((await api('/api/runs/999999', { key: svc.keys.operator })).status).toBe(404);
    expect((await api('/api/runs?limit=0', { key: svc.keys.operator })).status).toBe(400);
    expect((await api('/api/runs?job=payroll', { key: svc.keys.operator })).status).toBe(400);
  });
});

describe('POST /api/query', () => {
  it('answers exactly the JSON of `query --format json`', async () => {
    const products = (await query(svc.db, { model: 'licenses', measures: ['licensesSold'], by: ['product'] })).rows.map((r) => String(r.product));
    expect(products.length).toBeGreaterThan(2);
    const request = { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'deploymentRate'], by: ['customer', 'date:month'], where: [{ dimension: 'product', values: products.slice(0, 2) }], from: '2026-08-01', to: '2026-10-31' };
    const answer = await api('/api/query', { method: 'POST', key: svc.keys.admin, body: request });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const direct = await query(svc.db, request, { config: undefined });
    // `partnerlens query --format json` prints JSON.stringify(rows) and a newline.
    expect(answer.text).toBe(JSON.stringify(direct.rows));
    expect(direct.rows.length).toBeGreaterThan(0);
  });

  it('unknown model, measure or dimension: 400 with the valid names', async () => {
    const model = await api('/api/query', { method: 'POST', key: svc.keys.admin, body: { model: 'payroll', measures: ['x'] } });
    expect(model.status).toBe(400);
    for (const m of listModels()) expect(model.json.error).toContain(m.name);
    const measure = await api('/api/query', { method: 'POST', key: svc.keys.admin, body: { model: 'customers', measures: ['revenue'] } });
    expect(measure.status).toBe(400);
    expect(measure.json.error).toContain('newCustomers');
    const dimension = await api('/api/query', { method: 'POST', key: svc.keys.admin, body: { model: 'customers', measures: ['customers'], by: ['salary'] } });
    expect(dimension.status).toBe(400);
    expect(dimension.json.error).toContain('customer');
    const missing = await api('/api/query', { method: 'POST', key: svc.keys.admin, body: { model: 'customers' } });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatch(/measures/);
  });

  it('bad JSON is 400, a wrong content type 400, a body over the limit 413', async () => {
    const bad = await api('/api/query', { method: 'POST', key: svc.keys.admin, body: '{"model": "customers",', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/not valid JSON/);
    expect((await api('/api/query', { method: 'POST', key: svc.keys.admin, body: 'model=customers', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(400);
    const huge = { model: 'customers', measures: ['customers'], where: [{ dimension: 'customer', values: ['x'.repeat(17 * 1024)] }] };
    const tooBig = await api('/api/query', { method: 'POST', key: svc.keys.admin, body: huge });
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error).toMatch(/over 16384 bytes/);
  });

  it('SQL injection through the API: values are bound, names refused with the valid list, nothing reaches a file', async () => {
    const attacks = ["' OR 1=1 --", "x'); DROP TABLE customers; --", "read_csv('/etc/passwd')", "x') UNION SELECT * FROM read_csv('/etc/passwd') --",
      "ATTACH '/tmp/partnerlens-http-evil.duckdb' AS evil", "COPY customers TO '/tmp/partnerlens-http-evil.csv'", 'INSTALL httpfs; LOAD httpfs'];
    const customers = await svc.db.value<number>('SELECT count(*) FROM customers');
    for (const value of attacks) {
      const asValue = await api('/api/query', { method: 'POST', key: svc.keys.admin, body: { model: 'customers', measures: ['customers'], by: ['customer'], where: [{ dimension: 'customer', values: [value] }] } });
      expect(asValue.status).toBe(200);
      expect(asValue.json).toEqual([]);
      for (const body of [
        { model: value, measures: ['customers'] },
        { model: 'customers', measures: [value] },
        { model: 'customers', measures: ['customers'], by: [value] },
        { model: 'customers', measures: ['customers'], where: [{ dimension: value, values: ['x'] }] },
      ]) {
        const asName = await api('/api/query', { method: 'POST', key: svc.keys.admin, body });
        expect(asName.status, JSON.stringify(body)).toBe(400);
        expect(asName.json.error).toMatch(/valid/);
        expect(asName.text).not.toContain('root:');
      }
    }
    expect(await svc.db.value<number>('SELECT count(*) FROM customers')).toBe(customers);
    expect(existsSync('/tmp/partnerlens-http-evil.duckdb')).toBe(false);
    expect(existsSync('/tmp/partnerlens-http-evil.csv')).toBe(false);
  });
});

describe('whatever was asked above', () => {
  it('unknown endpoints are JSON 404s', async () => {
    const answer = await api('/api/nothing', { key: svc.keys.admin });
    expect(answer.status).toBe(404);
    expect(answer.json.error).toMatch(/no such endpoint/);
  });

  it('no answer was a 500, none carried a stack trace, and nothing reached the catch-all', () => {
    expect(statuses.length).toBeGreaterThan(40);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    for (const body of bodies) expect(body).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
    expect(stderr).not.toContain('http.internal-error');
  });

  it('canary secrets and API keys appear in no answer and no log line (RELIABILITY 27)', () => {
    const secrets = [...Object.values(canaries), svc.keys.admin, svc.keys.operator, svc.keys.operatorByAdmin];
    for (const secret of secrets) {
      for (const body of bodies) expect(body).not.toContain(secret);
      expect(stderr).not.toContain(secret);
    }
    expect(stderr).toContain('"event":"http.request"');
    expect(stderr).toContain('"event":"run.start"');
  });
});
