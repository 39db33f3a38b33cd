import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/config.js';
import { readFreshness } from '../src/reports/warehouseFacts.js';
import { addDays, isoDate } from '../src/util/dates.js';
import { createFakeClock } from './fake-partner-center/fakeClock.js';
import { startFakePartnerCenter, type FakePartnerCenter } from './fake-partner-center/fakePartnerCenter.js';
import { fakeSecrets, openHarness, type Harness } from './fake-partner-center/pcHarness.js';
import { startFakeGraph, type FakeGraph } from './fake-graph/fakeGraph.js';
import { activeUserCsv } from './fake-graph/graphData.js';

// Per-user activity from each customer's tenant over GDAP: a token per tenant from the partner's refresh
// token, the report's 302 to a pre-authenticated CSV, customers without consent skipped and named.

let pc: FakePartnerCenter;
let graph: FakeGraph;
let h: Harness;
const today = isoDate(new Date());
const reportDate = addDays(today, -2);
const users: Record<number, number> = { 0: 7, 1: 12, 2: 3, 3: 9, 4: 5 };

beforeAll(async () => {
  pc = await startFakePartnerCenter({ customers: 5, today });
  graph = await startFakeGraph({ clientId: pc.clientId, clientSecret: pc.clientSecret, refreshToken: pc.refreshToken, partnerTenant: pc.tenantId });
  pc.data.customers.forEach((c, k) => {
    const tenant = (c.companyProfile as { tenantId: string }).tenantId;
    graph.reports.set(tenant, activeUserCsv({ reportDate, users: users[k]!, domain: `tenant${k + 1}.onmicrosoft.com`, concealed: k === 2 }));
  });
  graph.noConsent.add(tenantOf(3));
  graph.throttleOnce.add(tenantOf(1));
  const config = configSchema.parse({
    partnerCenter: { apiUrl: pc.url, authority: pc.authority, tenantId: pc.tenantId, clientId: pc.clientId, concurrency: 3, timeoutMs: 5_000, maxAttempts: 4, pageSize: 50 },
    graph: { apiUrl: graph.url, authority: graph.authority, azureUsage: 'v1-lineitems', userActivity: true },
  });
  h = await openHarness(pc, { config, secrets: fakeSecrets(pc, 'refresh-token'), clock: createFakeClock() });
});
afterAll(async () => {
  await h?.close();
  await graph?.close();
  await pc?.close();
});

function tenantOf(k: number): string {
  return (pc.data.customers[k]!.companyProfile as { tenantId: string }).tenantId;
}
function nameOf(k: number): string {
  return (pc.data.customers[k]!.companyProfile as { companyName: string }).companyName;
}

describe('workload-usage from partner-center: user activity over GDAP', () => {
  it('loads every consenting customer\'s users, skips and names the one without consent, never failing the run', async () => {
    const outcome = await h.run('workload-usage');
    expect(outcome.status, outcome.cause ?? '').toBe('succeeded');
    expect(outcome.cause).toBe(`1 customer(s) without GDAP consent skipped, no user data: ${nameOf(3)}`);

    const rows = await h.warehouse.db.all<{ customer_id: string; n: number; report_date: string }>(
      'SELECT customer_id, count(*)::INT AS n, min(report_date)::VARCHAR AS report_date FROM user_activity GROUP BY customer_id');
    const byTenant = Object.fromEntries(rows.map((r) => [r.customer_id, r.n]));
    expect(byTenant).toEqual({ [tenantOf(0)]: users[0], [tenantOf(1)]: users[1], [tenantOf(2)]: users[2], [tenantOf(4)]: users[4] });
    expect(new Set(rows.map((r) => r.report_date))).toEqual(new Set([reportDate]));

    // One user checked field by field against the CSV the fake served (user 2: Exchange and Teams 1 day before the report date).
    const user = await h.warehouse.db.one<Record<string, unknown>>(
      `SELECT upn, display_name, exchange_last::VARCHAR AS exchange_last, teams_last::VARCHAR AS teams_last, onedrive_last, assigned_products, is_deleted
       FROM user_activity WHERE customer_id = ? AND upn = 'user2@tenant1.onmicrosoft.com'`, [tenantOf(0)]);
    expect(user).toEqual({
      upn: 'user2@tenant1.onmicrosoft.com', display_name: 'User 2', exchange_last: addDays(reportDate, -1), teams_last: addDays(reportDate, -1),
      onedrive_last: null, assigned_products: 'MICROSOFT 365 BUSINESS STANDARD', is_deleted: false,
    });

    const coverage = await h.warehouse.db.all<{ customer_id: string; status: string; concealed: boolean }>('SELECT customer_id, status, concealed FROM user_activity_coverage ORDER BY customer_id');
    expect(Object.fromEntries(coverage.map((c) => [c.customer_id, `${c.status}${c.concealed ? '+concealed' : ''}`]))).toEqual({
      [tenantOf(0)]: 'loaded', [tenantOf(1)]: 'loaded', [tenantOf(2)]: 'loaded+concealed', [tenantOf(3)]: 'no-consent', [tenantOf(4)]: 'loaded',
    });
    // Concealed names are kept as they come.
    expect(await h.warehouse.db.value('SELECT count(*)::INT FROM user_activity WHERE customer_id = ? AND upn NOT LIKE \'%@%\'', [tenantOf(2)])).toBe(users[2]);

    // Each report was asked in its own tenant; the CSVs were fetched without the bearer token.
    const reportCalls = graph.requests.filter((r) => r.path.includes('getOffice365ActiveUserDetail'));
    expect(new Set(reportCalls.map((r) => r.tenant))).toEqual(new Set([0, 1, 2, 4].map(tenantOf)));
    expect(graph.reportDownloads).toHaveLength(4);
    expect(graph.reportDownloads.every((d) => !d.bearerSent)).toBe(true);
    // The throttled tenant was asked again after its Retry-After (2 s).
    expect(reportCalls.filter((r) => r.tenant === tenantOf(1)).map((r) => r.status)).toEqual([429, 302]);
    expect(h.clock.waits).toContain(2000);

    // The packs' freshness says which customers lack user data and which conceal names.
    const usersFreshness = (await readFreshness(h.warehouse.db)).entries.find((e) => e.dataset === 'user_activity');
    expect(usersFreshness?.note).toBe(`no user data (no GDAP consent) for ${nameOf(3)}; user names concealed by the tenant (hashed) for ${nameOf(2)}`);

    const runs = await h.warehouse.db.all<{ status: string; cause: string }>('SELECT status, cause FROM runs');
    expect(runs).toEqual([{ status: 'succeeded', cause: outcome.cause }]);
    const history = JSON.stringify(await h.warehouse.db.all('SELECT * FROM runs')) + JSON.stringify(await h.warehouse.db.all('SELECT * FROM rejected_rows'));
    for (const token of [...graph.issued.accessTokens, pc.refreshToken]) expect(history).not.toContain(token);
  });
});
