import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { createQueryCache, prepareQuery, query, type QueryRequest } from '../src/models/query.js';
import { readyAggregates, refreshAggregates } from '../src/models/aggregates.js';
import { fixtureWarehouse, insertRows, type FixtureWarehouse } from './modelsFixture.js';

// The warehouse's pre-aggregations (Azure months, license changes, snapshot days) give the same answers as
// the base tables, are read only where they can be (whole months, columns they kept) and only while they
// are current, and a cache runs a repeated query once.

let fw: FixtureWarehouse;
const config = { ...loadConfig({}, '/nonexistent'), budgets: [{ customer: 't2', currency: 'EUR', monthly: 200 }] };
beforeAll(async () => {
  fw = await fixtureWarehouse();
  // A mid-month usage report busier than the month's last one: a month counts its last report only.
  await insertRows(fw.warehouse.db, 'workload_usage', [{
    date: '2026-02-14', customer_id: 't1', workload: 'teams', product_id: 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46',
    product_name: 'Microsoft 365 Business Premium', licenses_active: 24, licenses_qualified: 25,
  }]);
  // Several lines of one customer, subscription and day (other meters): a daily row sums them.
  const line = fw.fixture.azure_usage.find((l) => l.date === '2026-03-10')!;
  await insertRows(fw.warehouse.db, 'azure_usage', [
    { ...line, meter: 'Another meter', cost: '12.25', effective_cost: '11.5' },
    { ...line, meter: 'A third meter', cost: '0.75', effective_cost: null },
    { ...line, date: '2026-01-07', meter: 'A third meter', cost: '3.5', effective_cost: '3' },
    { ...line, date: '2026-01-07', meter: 'Another meter', cost: '4', effective_cost: '4' },
  ]);
  await refreshAggregates(fw.warehouse.db);
});
afterAll(async () => fw.close());

const requests: QueryRequest[] = [
  { model: 'azure', measures: ['cost', 'effectiveCost', 'quantity', 'costGrowth'], by: ['currency'], from: '2026-01-01', to: '2026-03-31' },
  { model: 'azure', measures: ['cost', 'costGrowth'], by: ['date:month', 'currency', 'customer'], from: '2025-12-01', to: '2026-03-31' },
  { model: 'azure', measures: ['cost'], by: ['date:quarter', 'serviceCategory', 'currency'], from: '2025-10-01', to: '2026-03-31' },
  { model: 'azure', measures: ['cost', 'quantity'], by: ['subscription', 'meterCategory', 'region', 'resourceGroup', 'currency'], from: '2026-03-01', to: '2026-03-31' },
  { model: 'azure', measures: ['budgetUsed', 'customersOverBudget', 'spendAgainstBudget'], by: ['customerId', 'currency'], from: '2026-03-01', to: '2026-03-31' },
  { model: 'azure', measures: ['customersOverBudget'], by: ['date:month'], from: '2026-01-01', to: '2026-03-31' },
  { model: 'azure', measures: ['cost', 'forecastMonthEnd', 'costMonthToDate', 'costGrowth'], by: ['currency'], from: '2026-03-01', to: '2026-03-31' },
  { model: 'azure', measures: ['forecastMonthEnd', 'costMonthToDate', 'costGrowth'], by: ['date:quarter', 'currency'], from: '2025-10-01', to: '2026-03-31' },
  // Months in part: whole months from the pre-aggregation, the days around them from the lines.
  { model: 'azure', measures: ['cost'], by: ['currency'], from: '2026-01-05', to: '2026-03-20' },
  // By day: read from the lines.
  { model: 'azure', measures: ['cost', 'forecastMonthEnd', 'costLast30Days'], by: ['date:day', 'currency'], from: '2026-03-01', to: '2026-03-31' },
  // Snapshots: the last snapshot day of each period comes from the snapshot days.
  { model: 'licenses', measures: ['licensesSold', 'usageRate', 'reducibleAtRenewal', 'skusAtCapacity'], by: ['date:month', 'product'], from: '2025-12-01', to: '2026-03-31' },
  { model: 'usage', measures: ['activeUsers', 'workloadUsageRate'], by: ['workload'], from: '2026-02-01', to: '2026-02-20' },
  { model: 'users', measures: ['licensedUsers', 'inactiveLicensedUsers', 'licensesOnInactiveUsers'], by: ['customer', 'inactiveFor'], to: '2026-03-31' },
  // License changes: kept only where sold units changed, any period.
  { model: 'licenses', measures: ['licenseAdds', 'licenseReductions', 'licenseAddsLast90Days'], by: ['date:week'], from: '2025-12-01', to: '2026-03-31' },
  { model: 'licenses', measures: ['licenseAdds', 'licenseReductions', 'licensesSold'], by: ['product', 'customer'], from: '2026-01-05', to: '2026-02-20' },
  // A report run on any day: months in part at either end, with the periods before them and budgets.
  { model: 'azure', measures: ['cost', 'costGrowth', 'quantity'], by: ['date:month', 'currency', 'customer'], from: '2025-12-15', to: '2026-03-20' },
  { model: 'azure', measures: ['cost', 'costGrowth'], by: ['date:quarter', 'currency'], from: '2025-12-10', to: '2026-03-10' },
  { model: 'azure', measures: ['cost', 'costGrowth'], by: ['currency', 'meterCategory'], from: '2025-12-20', to: '2026-03-05' },
  { model: 'azure', measures: ['customersOverBudget', 'budgetUsed'], by: ['date:month', 'currency'], from: '2025-12-01', to: '2026-03-20' },
  { model: 'azure', measures: ['cost', 'forecastMonthEnd', 'costMonthToDate'], by: ['date:month', 'currency'], from: '2026-01-01', to: '2026-03-20' },
  // Periods no month serves, and cut months: the daily pre-aggregation, for what it has.
  { model: 'azure', measures: ['cost', 'effectiveCost', 'costGrowth', 'forecastMonthEnd', 'costLast30Days'], by: ['customer', 'subscription', 'currency'], from: '2026-01-05', to: '2026-03-20' },
  { model: 'azure', measures: ['budgetUsed', 'customersOverBudget', 'spendAgainstBudget'], by: ['customerId', 'currency'], from: '2026-02-21', to: '2026-03-20' },
  { model: 'azure', measures: ['cost', 'costGrowth'], by: ['date:month', 'currency'], from: '2025-12-15', to: '2026-03-20' },
  // A month's last license snapshot with its active users, by month or for one calendar month.
  { model: 'licenses', measures: ['licensesSold', 'licensesActive', 'usageRate', 'deploymentRate', 'skusAtCapacity', 'licensedSkus'], by: ['date:month', 'customer', 'sku'], from: '2025-11-01', to: '2026-03-31' },
  { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'assignedWithUsageData'], by: ['deploymentBucket', 'usageBucket', 'customerId'], from: '2026-02-01', to: '2026-02-28' },
  // Each month's renewals: the relation's own rows with the month as the period.
  { model: 'licenses', measures: ['reducibleAtRenewal', 'licensesUnassigned'], by: ['date:month', 'customer', 'product'], from: '2025-04-01', to: '2026-03-31' },
  { model: 'licenses', measures: ['reducibleAtRenewal'], by: ['customerId'], from: '2026-03-01', to: '2026-03-31' },
  // By month, cut at either end (a report run on the 20th): whole months from the month ends, the rest not.
  { model: 'licenses', measures: ['licensesSold', 'usageRate', 'reducibleAtRenewal', 'skusAtCapacity', 'deploymentRate'], by: ['date:month', 'customer', 'product'], from: '2025-10-15', to: '2026-03-20' },
  { model: 'licenses', measures: ['licensesSold', 'licensesActive', 'reducibleAtRenewal', 'licensesUnassigned'], by: ['date:month'], from: '2025-04-01', to: '2026-02-14' },
];

describe('monthly pre-aggregation', () => {
  it('answers exactly as the lines do', async () => {
    let reducible = 0;
    for (const [i, request] of requests.entries()) {
      const base = await query(fw.warehouse.db, request, { config, rollups: false });
      const rolled = await query(fw.warehouse.db, request, { config });
      // By day: read from the lines.
      if (i !== 9) expect(rolled.sql, JSON.stringify(request)).toMatch(/main\.agg_/);
      expect(base.sql).not.toMatch(/agg_/);
      expect(rolled.rows.length, JSON.stringify(request)).toBe(base.rows.length);
      if (request.measures.includes('reducibleAtRenewal')) reducible += rolled.rows.filter((r) => Number(r.reducibleAtRenewal) > 0).length;
      rolled.rows.forEach((row, i) => {
        for (const [key, value] of Object.entries(row)) {
          if (typeof value === 'number') expect(value, `${JSON.stringify(request)} ${key}`).toBeCloseTo(base.rows[i]![key] as number, 9);
          else expect(value).toBe(base.rows[i]![key]);
        }
      });
    }
    // The renewals compared are not all empty.
    expect(reducible).toBeGreaterThan(2);
  });

  it('is read only for whole months and kept columns', async () => {
    // A monthly Azure rollup: by customer, subscription and currency when that is all a query needs.
    const uses = async (request: QueryRequest) => (await prepareQuery(fw.warehouse.db, request)).tables.some((t) => t === 'agg_azure_month' || t === 'agg_azure_customer_month');
    expect(await uses(requests[0]!)).toBe(true);
    expect(await uses(requests[4]!)).toBe(true);
    expect(await uses(requests[6]!)).toBe(true);
    expect(await uses(requests[8]!)).toBe(true);
    // Months in part: the edge days come from the lines.
    const partial = await prepareQuery(fw.warehouse.db, requests[15]!);
    expect(partial.sql).toMatch(/FROM main\.agg_azure_month WHERE date BETWEEN[\s\S]*UNION ALL BY NAME[\s\S]*FROM main\.azure_usage/);
    const months = async (request: QueryRequest) => (await prepareQuery(fw.warehouse.db, request)).tables.includes('agg_license_months');
    expect(await months(requests[10]!)).toBe(true);
    expect(await months(requests[23]!)).toBe(true);
    expect(await months(requests[24]!)).toBe(true);
    const renewals = async (request: QueryRequest) => (await prepareQuery(fw.warehouse.db, request)).tables.includes('agg_renewal_months');
    expect(await renewals(requests[10]!)).toBe(true);
    expect(await renewals(requests[25]!)).toBe(true);
    expect(await renewals(requests[26]!)).toBe(true);
    expect(await renewals({ model: 'licenses', measures: ['reducibleAtRenewal'], to: '2026-03-31' })).toBe(false);
    expect(await renewals({ model: 'licenses', measures: ['reducibleAtRenewal'], from: '2026-03-01', to: '2026-03-20' })).toBe(false);
    expect(await renewals(requests[27]!)).toBe(true);
    expect(await months(requests[28]!)).toBe(true);
    // Cut months come from the relation: the month ends' rows only for periods that are whole months.
    const cut = await prepareQuery(fw.warehouse.db, requests[27]!);
    expect(cut.sql).toMatch(/day\(ws\) = 1 AND we = last_day\(ws\)[\s\S]*UNION ALL BY NAME/);
    expect(cut.tables).toEqual(expect.arrayContaining(['agg_license_months', 'agg_renewal_months', 'license_snapshots', 'workload_usage']));
    // Periods other than calendar months take each period's last snapshot day from the snapshots.
    expect(await months({ model: 'licenses', measures: ['licensesSold'], by: ['date:quarter'], from: '2025-10-01', to: '2026-03-31' })).toBe(false);
    expect(await months({ model: 'licenses', measures: ['licensesSold'], from: '2026-01-01', to: '2026-02-28' })).toBe(false);
    expect(await months({ model: 'licenses', measures: ['licensesSold'], by: ['date:month'], from: '2026-01-01', to: '2026-03-20' })).toBe(true);
    expect(await months({ model: 'licenses', measures: ['licensesSold'], by: ['date:month'], from: '2026-03-05', to: '2026-03-20' })).toBe(false);
    expect(await months({ model: 'licenses', measures: ['licensesSold'], to: '2026-03-31' })).toBe(false);
    // No whole month at all, a trailing window or weeks: the daily one when it has the columns, else the lines.
    const tables = async (request: QueryRequest) => (await prepareQuery(fw.warehouse.db, request)).tables.filter((t) => t.startsWith('agg_azure'));
    expect(await tables({ model: 'azure', measures: ['cost'], by: ['currency'], from: '2026-01-05', to: '2026-01-20' })).toEqual(['agg_azure_day']);
    expect(await tables({ model: 'azure', measures: ['costLast30Days'], by: ['currency'], from: '2026-01-01', to: '2026-03-31' })).toEqual(['agg_azure_day']);
    expect(await tables({ model: 'azure', measures: ['budgetUsed'], by: ['customer', 'currency'], from: '2026-01-05', to: '2026-01-20' })).toEqual(['agg_azure_day']);
    expect(await tables({ model: 'azure', measures: ['cost'], by: ['meterCategory', 'currency'], from: '2026-01-05', to: '2026-01-20' })).toEqual([]);
    expect(await tables({ model: 'azure', measures: ['quantity'], by: ['currency'], from: '2026-01-05', to: '2026-01-20' })).toEqual([]);
    // Months in part: whole months monthly, the cut days daily when it has the columns.
    expect(await tables({ model: 'azure', measures: ['cost'], by: ['date:month', 'currency'], from: '2025-12-15', to: '2026-03-20' })).toEqual(['agg_azure_customer_month', 'agg_azure_day']);
    expect(await tables({ model: 'azure', measures: ['cost'], by: ['date:month', 'meterCategory', 'currency'], from: '2025-12-15', to: '2026-03-20' })).toEqual(['agg_azure_month']);
    // Whole months: the narrow one when it has the columns, else the one with every dimension.
    // The month before (cost growth) needs only cost: the narrow one.
    expect(await tables(requests[0]!)).toEqual(['agg_azure_customer_month', 'agg_azure_month']);
    expect(await tables(requests[4]!)).toEqual(['agg_azure_customer_month']);
    expect(await tables(requests[3]!)).toEqual(['agg_azure_month']);
    expect(await tables({ model: 'azure', measures: ['cost', 'quantity'], by: ['date:month', 'currency'], from: '2025-12-15', to: '2026-03-20' })).toEqual(['agg_azure_month']);
    expect(await uses({ model: 'azure', measures: ['cost'], by: ['date:week', 'currency'], from: '2026-03-01', to: '2026-03-31' })).toBe(false);
    expect(await uses({ model: 'azure', measures: ['cost'], by: ['currency'], from: '2026-03-01', to: '2026-03-31' })).toBe(true);
    expect(await uses({ model: 'azure', measures: ['cost'], by: ['currency'], from: '2026-03-01', to: '2026-03-31', where: [{ dimension: 'customerId', values: ['t1'] }] })).toBe(true);
    const changes = await prepareQuery(fw.warehouse.db, { model: 'licenses', measures: ['licenseAdds'], by: ['date:day'], from: '2026-01-03', to: '2026-01-17' });
    expect(changes.tables).toContain('agg_license_changes');
  });

  it('is not read once stale, and is current again after the writer refreshes it', async () => {
    const request: QueryRequest = { model: 'azure', measures: ['cost'], where: [{ dimension: 'currency', values: ['GBP'] }], from: '2026-03-01', to: '2026-03-31' };
    expect((await query(fw.warehouse.db, request)).rows).toEqual([]);
    await insertRows(fw.warehouse.db, 'azure_usage', [{ date: '2026-03-15', customer_id: 't3', currency: 'GBP', cost: '42.5' }]);
    const stale = await query(fw.warehouse.db, request);
    expect(stale.sql).not.toMatch(/agg_azure/);
    expect(stale.rows).toEqual([{ currency: 'GBP', cost: 42.5 }]);
    const refreshed = await refreshAggregates(fw.warehouse.db);
    // The customer-month one after the daily one, which it is built from.
    expect(refreshed.map((r) => r.table)).toEqual(['agg_azure_month', 'agg_azure_day', 'agg_azure_customer_month']);
    const current = await query(fw.warehouse.db, request);
    expect(current.sql).toMatch(/agg_azure_customer_month/);
    expect(current.rows).toEqual([{ currency: 'GBP', cost: 42.5 }]);
    expect(await refreshAggregates(fw.warehouse.db)).toEqual([]);
  });

  it('is stale once its definition changed, though its sources did not (a warehouse from an older version)', async () => {
    const db = fw.warehouse.db;
    expect(await readyAggregates(db)).toContain('agg_renewal_months');
    await db.run("UPDATE main.agg_state SET version = regexp_replace(version, '/[0-9a-f]{16}$', '/0123456789abcdef') WHERE table_name = 'agg_renewal_months'");
    expect(await readyAggregates(db)).not.toContain('agg_renewal_months');
    expect((await prepareQuery(db, requests[26]!)).tables).not.toContain('agg_renewal_months');
    expect((await refreshAggregates(db)).map((r) => r.table)).toEqual(['agg_renewal_months']);
    expect(await readyAggregates(db)).toContain('agg_renewal_months');
  });

  it('sums quantities exactly, whatever order the lines are added in (the same data gives the same pack)', async () => {
    // As doubles, 0.1 + 0.2 + 0.3 is 0.6000000000000001 in this order and 0.6 in another.
    const line = fw.fixture.azure_usage.find((l) => l.date === '2026-03-10')!;
    await insertRows(fw.warehouse.db, 'azure_usage', [0.1, 0.2, 0.3].map((quantity) => ({ ...line, meter: 'Exact meter', quantity, cost: '1' })));
    await refreshAggregates(fw.warehouse.db);
    const exact = { model: 'azure', measures: ['quantity'], by: ['meter'], where: [{ dimension: 'meter', values: ['Exact meter'] }] };
    for (const [from, to, table] of [['2026-03-01', '2026-03-31', 'agg_azure_month'], ['2026-03-10', '2026-03-10', 'azure_usage']] as const) {
      const result = await query(fw.warehouse.db, { ...exact, from, to });
      expect((await prepareQuery(fw.warehouse.db, { ...exact, from, to })).tables).toContain(table);
      expect(result.rows).toEqual([{ meter: 'Exact meter', quantity: 0.6 }]);
    }
  });

  it('a cache runs a repeated query once and hands each caller rows of its own', async () => {
    const cache = createQueryCache();
    const request: QueryRequest = { model: 'licenses', measures: ['licensesSold'], by: ['product'], to: '2026-03-31' };
    const [a, b] = await Promise.all([query(fw.warehouse.db, request, { cache }), query(fw.warehouse.db, request, { cache })]);
    expect(cache.results.size).toBe(1);
    expect(a.rows).toEqual(b.rows);
    a.rows[0]!.licensesSold = -1;
    expect(b.rows[0]!.licensesSold).not.toBe(-1);
    expect((await query(fw.warehouse.db, request, { cache })).rows[0]!.licensesSold).not.toBe(-1);
    await expect(query(fw.warehouse.db, { model: 'licenses', measures: ['nope'] }, { cache })).rejects.toThrow(/unknown measure/);
    expect(cache.results.size).toBe(1);
  });

  it('a cache keeping no answers still hands callers asking at once rows of their own', async () => {
    // The last caller of an answer not kept takes it uncopied: the others must not share it.
    const cache = createQueryCache({ maxRows: 0 });
    const request: QueryRequest = { model: 'licenses', measures: ['licensesSold'], by: ['product'], to: '2026-03-31' };
    const answers = await Promise.all([1, 2, 3].map(() => query(fw.warehouse.db, request, { cache })));
    expect(cache.results.size).toBe(0);
    answers[2]!.rows[0]!.licensesSold = -3;
    answers[0]!.rows[0]!.licensesSold = -1;
    expect(answers.map((a) => a.rows[0]!.licensesSold)).toEqual([-1, answers[1]!.rows[0]!.licensesSold, -3]);
    expect(answers[1]!.rows[0]!.licensesSold).toBeGreaterThan(0);
  });
});
