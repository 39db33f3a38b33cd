import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../src/util/dates.js';
import { startFakePartnerCenter, type FakePartnerCenter } from './fake-partner-center/fakePartnerCenter.js';
import type { Json } from './fake-partner-center/fakeData.js';
import { openHarness, type Harness } from './fake-partner-center/pcHarness.js';

// Happy paths of every job through the real runner into a real DuckDB file, against the fake Partner
// Center over HTTP. Expected values are computed from the fake's JSON, not from the client's code.

const today = isoDate(new Date());
const yesterday = addDays(today, -1);

let fake: FakePartnerCenter;
let h: Harness;

beforeAll(async () => {
  fake = await startFakePartnerCenter({ customers: 12, today });
  h = await openHarness(fake);
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const db = () => h.warehouse.db;
const allSubscriptions = () => Object.values(fake.data.subscriptions).flat();

describe('partner-center customers', () => {
  it('loads every customer across pages, keyed by tenant id, with names intact', async () => {
    const before = fake.requests.length;
    const outcome = await h.run('customers');
    expect(outcome.status).toBe('succeeded');
    expect(outcome.counts).toMatchObject({ read: 12, loaded: 12, rejected: 0 });

    const rows = await db().all<{ customer_id: string; name: string; domain: string; country: string }>('SELECT * FROM customers ORDER BY name');
    expect(rows).toHaveLength(fake.data.customers.length);
    const french = fake.data.customers.find((c) => String((c.companyProfile as Json).companyName).startsWith('Société'))!;
    const row = rows.find((r) => r.customer_id === (french.companyProfile as Json).tenantId)!;
    expect(row.name).toBe((french.companyProfile as Json).companyName);
    expect(row.domain).toBe((french.companyProfile as Json).domain);
    expect(row.country).toBe(((french.billingProfile as Json).defaultAddress as Json).country);

    // pageSize 5 → 3 pages: the 2nd and 3rd follow links.next with the continuation header.
    const calls = fake.requests.slice(before).filter((r) => r.path === '/v1/customers');
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => c.continuationToken !== undefined)).toEqual([false, true, true]);
    expect(calls[0]!.query.size).toBe('5');
    expect(calls.every((c) => c.authorized)).toBe(true);
    expect(new Set(calls.map((c) => c.requestId)).size).toBe(3);
    expect(new Set(calls.map((c) => c.correlationId)).size).toBe(1);
  });
});

describe('partner-center subscriptions', () => {
  const d1 = addDays(today, -3);
  const d2 = yesterday;

  it('loads every customer\'s subscriptions with a history dated by their own fields, and a re-run changes nothing', async () => {
    const outcome = await h.run('subscriptions', { period: { from: d1, to: d1 } });
    expect(outcome.status).toBe('succeeded');
    const subs = allSubscriptions();
    expect(await db().value('SELECT count(*) FROM subscriptions')).toBe(subs.length);
    const byStatus = await db().all<{ status: string; n: number; q: number }>('SELECT status, count(*)::INT AS n, sum(quantity)::INT AS q FROM subscriptions GROUP BY status ORDER BY status');
    const expected = new Map<string, { n: number; q: number }>();
    for (const s of subs) {
      const e = expected.get(s.status as string) ?? { n: 0, q: 0 };
      expected.set(s.status as string, { n: e.n + 1, q: e.q + (s.quantity as number) });
    }
    expect(byStatus).toEqual([...expected].sort(([a], [b]) => a.localeCompare(b)).map(([status, e]) => ({ status, ...e })));

    // A subscription row carries its customer's tenant id and the API's dates as dates.
    const sample = subs[0]!;
    const customerOf = fake.data.customers.find((c) => fake.data.subscriptions[c.id as string]!.includes(sample))!;
    const row = await db().one('SELECT customer_id, product, term_duration, effective_start_date, auto_renew, is_trial FROM subscriptions WHERE subscription_id = ?', [sample.id as string]);
    expect(row).toEqual({
      customer_id: (customerOf.companyProfile as Json).tenantId,
      product: sample.offerName,
      term_duration: sample.termDuration,
      effective_start_date: String(sample.effectiveStartDate).slice(0, 10),
      auto_renew: sample.autoRenewEnabled,
      is_trial: sample.isTrial,
    });

    // First seen (SPEC §4): from its effective start; an expired or deleted one active until its commitment
    // end (at the latest the day seen), then in its status.
    const expectedHistory = subs.flatMap((s): { id: string; status: string; from: string; to: string | null }[] => {
      const status = String(s.status);
      const start = String(s.effectiveStartDate).slice(0, 10);
      const id = s.id as string;
      if (s.status !== 'expired' && s.status !== 'deleted') return [{ id, status, from: start, to: null }];
      const end = [String(s.commitmentEndDate).slice(0, 10), d1].sort()[0]!;
      if (end <= start) return [{ id, status, from: start, to: null }];
      return [{ id, status: 'active', from: start, to: end }, { id, status, from: end, to: null }];
    });
    expect(expectedHistory.filter((e) => e.to !== null).length).toBeGreaterThan(0);
    expect(await db().all('SELECT subscription_id AS id, status, valid_from::VARCHAR AS "from", valid_to::VARCHAR AS "to" FROM subscription_history ORDER BY id, "from"'))
      .toEqual(expectedHistory.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.from < b.from ? -1 : 1)));
    const checksum = 'SELECT count(*) || \':\' || sum(hash(subscription_id, status, quantity, valid_from, valid_to)) FROM subscription_history';
    const before = await db().value(checksum);
    const again = await h.run('subscriptions', { period: { from: d1, to: d1 } });
    expect(again.status).toBe('succeeded');
    expect(await db().value(checksum)).toBe(before);
  });

  it('records a changed quantity and a deletion as new history stretches, closing the old ones', async () => {
    const subs = allSubscriptions();
    const changed = subs.find((s) => s.status === 'active' && s.billingType === 'license')!;
    const deleted = subs.find((s) => s.status === 'active' && s !== changed && s.billingType === 'license')!;
    const oldQuantity = changed.quantity as number;
    changed.quantity = oldQuantity + 5;
    deleted.status = 'deleted';

    const stretches = await db().value<number>('SELECT count(*) FROM subscription_history');
    const outcome = await h.run('subscriptions', { period: { from: d2, to: d2 } });
    expect(outcome.status).toBe('succeeded');
    expect(await db().value('SELECT count(*) FROM subscription_history')).toBe(stretches + 2);
    const history = await db().all('SELECT status, quantity, valid_from, valid_to FROM subscription_history WHERE subscription_id = ? ORDER BY valid_from', [changed.id as string]);
    expect(history).toEqual([
      { status: 'active', quantity: oldQuantity, valid_from: String(changed.effectiveStartDate).slice(0, 10), valid_to: d2 },
      { status: 'active', quantity: oldQuantity + 5, valid_from: d2, valid_to: null },
    ]);
    const gone = await db().one('SELECT status, ended_date FROM subscriptions WHERE subscription_id = ?', [deleted.id as string]);
    expect(gone).toEqual({ status: 'deleted', ended_date: d2 });
  });

  it('rejects an unreadable item with the API path, field and raw text, and loads the rest (partial)', async () => {
    const victim = fake.data.customers[2]!;
    const item = fake.data.subscriptions[victim.id as string]![0]!;
    const original = item.quantity;
    item.quantity = 'lots';
    try {
      const outcome = await h.run('subscriptions');
      expect(outcome.status).toBe('partial');
      expect(outcome.counts.rejected).toBe(1);
      expect(outcome.counts.loaded).toBe(allSubscriptions().length - 1);
      const rejected = await db().one<{ source: string; field: string; reason: string; raw: string }>('SELECT source, field, reason, raw FROM rejected_rows WHERE run_id = ?', [outcome.runId]);
      expect(rejected?.source).toBe(`/v1/customers/${victim.id as string}/subscriptions`);
      expect(rejected?.field).toBe('quantity');
      expect(rejected?.raw).toContain('"lots"');
    } finally {
      item.quantity = original;
    }
  });

  it('rejects a customer the partner may no longer read (403) by name, and loads the others', async () => {
    const victim = fake.data.customers[4]!;
    fake.addFault({ kind: 'status', status: 403, path: `/v1/customers/${victim.id as string}/subscriptions`, times: 100, description: 'no delegated admin relationship' });
    const outcome = await h.run('subscriptions');
    expect(outcome.status).toBe('partial');
    const rejected = await db().all<{ reason: string }>('SELECT reason FROM rejected_rows WHERE run_id = ?', [outcome.runId]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toContain(String((victim.companyProfile as Json).companyName));
    expect(rejected[0]!.reason).toContain('403');
    const others = allSubscriptions().length - fake.data.subscriptions[victim.id as string]!.length;
    expect(outcome.counts.loaded).toBe(others);
  });
});

describe('partner-center licenses', () => {
  it('snapshots subscribed SKUs on the run\'s day and loads deployment analytics', async () => {
    const outcome = await h.run('licenses');
    expect(outcome.status).toBe('succeeded');
    const skus = Object.values(fake.data.subscribedSkus).flat();
    const snap = await db().one<{ n: number; total: number; consumed: number; days: string }>(
      'SELECT count(*)::INT AS n, sum(total_units)::INT AS total, sum(consumed_units)::INT AS consumed, string_agg(DISTINCT date::VARCHAR) AS days FROM license_snapshots',
    );
    expect(snap).toEqual({
      n: skus.length,
      total: skus.reduce((a, s) => a + (s.totalUnits as number), 0),
      consumed: skus.reduce((a, s) => a + (s.consumedUnits as number), 0),
      days: yesterday,
    });
    const deployment = fake.data.licenseDeployment;
    const dep = await db().one<{ n: number; sold: number; deployed: number; days: string }>(
      'SELECT count(*)::INT AS n, sum(licenses_sold)::INT AS sold, sum(licenses_deployed)::INT AS deployed, string_agg(DISTINCT date::VARCHAR) AS days FROM license_deployment',
    );
    expect(dep).toEqual({
      n: deployment.length,
      sold: deployment.reduce((a, d) => a + (d.licensesSold as number), 0),
      deployed: deployment.reduce((a, d) => a + (d.licensesDeployed as number), 0),
      days: yesterday,
    });
  });
});

describe('partner-center workload usage', () => {
  it('reads both envelope spellings and licenseActive, maps workloads, and folds OneDrive into SharePoint', async () => {
    const outcome = await h.run('workload-usage');
    expect(outcome.status).toBe('succeeded');
    const model: Record<string, string> = { EXO: 'exchange', SPO: 'sharepoint', ODB: 'sharepoint', TEAMS: 'teams', YAM: 'yammer', SFB: 'skype', OFFICE: 'office-apps' };
    const expected = new Map<string, { active: number; qualified: number }>();
    for (const u of fake.data.licenseUsage) {
      const workload = model[u.workloadCode as string];
      if (!workload) continue;
      const key = `${u.customerTenantId as string}|${workload}|${u.productId as string}`;
      const active = (u.licensesActive ?? u.licenseActive) as number;
      const e = expected.get(key);
      expected.set(key, { active: Math.max(e?.active ?? 0, active), qualified: Math.max(e?.qualified ?? 0, u.licensesQualified as number) });
    }
    const rows = await db().all<{ k: string; active: number; qualified: number; date: string }>(
      "SELECT customer_id || '|' || workload || '|' || product_id AS k, licenses_active AS active, licenses_qualified AS qualified, date::VARCHAR AS date FROM workload_usage",
    );
    expect(rows).toHaveLength(expected.size);
    for (const r of rows) {
      expect(r.date).toBe(yesterday);
      expect({ active: r.active, qualified: r.qualified }).toEqual(expected.get(r.k));
    }
    expect(await db().value("SELECT count(*) FROM workload_usage WHERE workload = 'sharepoint' AND workload_code = 'ODB+SPO'")).toBeGreaterThan(0);
    expect(await db().value("SELECT count(*) FROM workload_usage WHERE workload_code = 'CRM'")).toBe(0);
  });
});

describe('partner-center analytics paging', () => {
  it('pages with top/skip when the server hands out fewer rows than asked, each row once', async () => {
    const small = await startFakePartnerCenter({ customers: 6, today, maxTop: 7 });
    const harness = await openHarness(small);
    try {
      const usage = await harness.run('workload-usage');
      expect(usage.status).toBe('succeeded');
      expect(usage.counts.read).toBe(small.data.licenseUsage.length);
      const skips = small.requests.filter((r) => r.path.endsWith('/usage/license')).map((r) => Number(r.query.skip));
      expect(skips).toEqual(Array.from({ length: Math.ceil(small.data.licenseUsage.length / 7) }, (_, i) => i * 7));
      const licenses = await harness.run('licenses');
      expect(licenses.status).toBe('succeeded');
      expect(await harness.warehouse.db.value('SELECT count(*) FROM license_deployment')).toBe(small.data.licenseDeployment.length);
    } finally {
      await harness.close();
      await small.close();
    }
  });
});

describe('partner-center azure usage', () => {
  it('loads unbilled daily-rated usage of the run\'s days per currency, totals equal to the API\'s', async () => {
    const from = addDays(today, -20);
    const outcome = await h.run('azure-usage', { period: { from, to: yesterday } });
    expect(outcome.status).toBe('succeeded');
    const items = [...fake.data.lineItems.current, ...fake.data.lineItems.previous].filter((l) => {
      const day = String(l.usageDate).slice(0, 10);
      return day >= from && day <= yesterday;
    });
    const expected = new Map<string, { n: number; milli: number }>();
    for (const l of items) {
      const e = expected.get(l.billingCurrency as string) ?? { n: 0, milli: 0 };
      expected.set(l.billingCurrency as string, { n: e.n + 1, milli: e.milli + Math.round((l.billingPreTaxTotal as number) * 1000) });
    }
    const rows = await db().all<{ currency: string; n: number; milli: number }>(
      'SELECT currency, count(*)::INT AS n, (sum(cost) * 1000)::BIGINT AS milli FROM azure_usage GROUP BY currency ORDER BY currency',
    );
    expect(rows).toEqual([...expected].sort(([a], [b]) => a.localeCompare(b)).map(([currency, e]) => ({ currency, ...e })));
    expect(expected.size).toBe(2);
    const sample = items[0]!;
    const row = await db().one('SELECT subscription_id, meter_category, region, source_format FROM azure_usage WHERE meter_id = ?', [sample.meterId as string]);
    expect(row).toEqual({ subscription_id: sample.entitlementId, meter_category: sample.meterCategory, region: sample.meterRegion, source_format: 'pc-api' });
    expect(await db().value('SELECT min(version)::VARCHAR FROM azure_slices')).not.toBeNull();
  });
});

describe('partner-center activity log', () => {
  it('clamps a period older than 90 days to the last 90 and loads the audit records in it', async () => {
    const from = addDays(today, -100);
    const outcome = await h.run('activity-log', { period: { from, to: yesterday } });
    expect(outcome.status).toBe('succeeded');
    const oldest = addDays(today, -89);
    const expected = fake.data.auditRecords.filter((r) => {
      const day = String(r.operationDate).slice(0, 10);
      return day >= oldest && day <= yesterday;
    });
    expect(await db().value('SELECT count(*) FROM activity')).toBe(expected.length);
    expect(await db().value('SELECT min(operation_date)::DATE::VARCHAR FROM activity')).toBe(String(expected[0]!.operationDate).slice(0, 10));
    const call = fake.requests.filter((r) => r.path === '/v1/auditrecords')[0]!;
    expect(call.query.startDate).toBe(oldest);
    const failed = expected.filter((r) => r.operationStatus === 'failed').length;
    expect(await db().value("SELECT count(*) FROM activity WHERE operation_status = 'failed'")).toBe(failed);
    const sample = expected.at(-1)!;
    expect(await db().value('SELECT customized_data FROM activity WHERE record_id = ?', [sample.id as string])).toBe(
      JSON.stringify({ SubscriptionId: (sample.customizedData as { value: string }[])[0]!.value }),
    );
  });

  it('fails clearly when the whole period is older than Partner Center keeps', async () => {
    const outcome = await h.run('activity-log', { period: { from: addDays(today, -200), to: addDays(today, -150) } });
    expect(outcome.status).toBe('failed');
    expect(outcome.cause).toMatch(/only the last 90 days/);
  });
});
