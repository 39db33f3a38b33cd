import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import azureUsageJob from '../jobs/azure-usage.js';
import { loadConfig } from '../src/config/config.js';
import { UsageError } from '../src/errors.js';
import { runJob } from '../src/jobs/runJob.js';
import { query, type QueryRequest } from '../src/models/query.js';
import type { Batch, Source } from '../src/sources/source.js';
import { fixtureWarehouse, insertRows, type FixtureWarehouse } from './modelsFixture.js';
import { readyAggregates, refreshAggregates } from '../src/models/aggregates.js';
import { azureCost, fromMicros } from './modelsOracle.js';

// The edge cases the issue names: zero sold licenses, usage above 100 %, a customer with no
// subscriptions, months with no data, two currencies, a restated day; and a few more a user would hit.

let fw: FixtureWarehouse;
beforeAll(async () => {
  fw = await fixtureWarehouse();
});
afterAll(async () => fw.close());

const Q1 = { from: '2026-01-01', to: '2026-03-31' };
const run = async (request: QueryRequest) => (await query(fw.warehouse.db, request)).rows;

describe('edge cases', () => {
  it('zero sold licenses: no deployment rate (not 0, not infinite), bucket "none sold"; assigned without sold is above 100 %', async () => {
    const rows = await run({ model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'deploymentRate'], by: ['sku', 'deploymentBucket'], where: [{ dimension: 'customerId', values: ['t1'] }], ...Q1 });
    expect(rows.find((r) => r.sku === 'Microsoft Teams Exploratory')).toEqual({ sku: 'Microsoft Teams Exploratory', deploymentBucket: 'none sold', licensesSold: 0, licensesAssigned: 0, deploymentRate: null });
    const buckets = await run({ model: 'licenses', measures: ['licensedSkus', 'licensesSold'], by: ['deploymentBucket'], ...Q1 });
    // 31 March: BP 22/25 and Exchange 6/6 in 80-100 %, Visio 1/3, E5 5/8, Business Standard 0/5, E3 11/10, Teams 0/0.
    expect(buckets).toEqual([
      { deploymentBucket: '0-20%', licensedSkus: 1, licensesSold: 5 },
      { deploymentBucket: '20-40%', licensedSkus: 1, licensesSold: 3 },
      { deploymentBucket: '60-80%', licensedSkus: 1, licensesSold: 8 },
      { deploymentBucket: '80-100%', licensedSkus: 2, licensesSold: 31 },
      { deploymentBucket: '>100%', licensedSkus: 1, licensesSold: 10 },
      { deploymentBucket: 'none sold', licensedSkus: 0, licensesSold: 0 },
    ]);
  });

  it('usage above 100 % is reported as is', async () => {
    const rows = await run({ model: 'licenses', measures: ['licensesActive', 'licensesAssigned', 'usageRate'], by: ['product', 'usageBucket'], where: [{ dimension: 'customerId', values: ['t2'] }], ...Q1 });
    expect(rows.find((r) => r.product === 'Office 365 E3')).toEqual({ product: 'Office 365 E3', usageBucket: '>100%', licensesActive: 12, licensesAssigned: 11, usageRate: 12 / 11 });
    const usage = await run({ model: 'usage', measures: ['workloadUsageRate'], by: ['product', 'workload'], where: [{ dimension: 'customerId', values: ['t2'] }, { dimension: 'workload', values: ['exchange'] }], ...Q1 });
    expect(usage.find((r) => r.product === 'Office 365 E3')?.workloadUsageRate).toBe(12 / 11);
  });

  it('a customer with no subscriptions is no customer, churns never, and has no rows of its own', async () => {
    const byCustomer = await run({ model: 'customers', measures: ['customers', 'newCustomers', 'churnedCustomers'], by: ['customer'], from: '2025-01-01', to: '2026-03-31' });
    expect(byCustomer.map((r) => r.customer)).not.toContain('Northwind Traders');
    expect(await run({ model: 'customers', measures: ['customers', 'churnedCustomers'], scope: { customerIds: ['t3'] }, ...Q1 })).toEqual([{ customers: 0, churnedCustomers: 0 }]);
    expect(await run({ model: 'subscriptions', measures: ['subscriptions', 'renewingIn30Days'], scope: { customerIds: ['t3'] }, ...Q1 })).toEqual([{ subscriptions: 0, renewingIn30Days: 0 }]);
    expect(await run({ model: 'licenses', measures: ['licensesSold', 'deploymentRate'], scope: { customerIds: ['t3'] }, ...Q1 })).toEqual([{ licensesSold: 0, deploymentRate: null }]);
  });

  it('months with no data: counts of events are 0, snapshots have no value (not 0), every month is a row', async () => {
    const licenses = await run({ model: 'licenses', measures: ['licensesSold', 'licenseAdds'], by: ['date:month'], from: '2025-10-01', to: '2026-01-31' });
    // Before the first snapshot (1 December) neither the units nor their changes are known: no value, not 0.
    expect(licenses).toEqual([
      { date: '2025-10-01', licensesSold: null, licenseAdds: null },
      { date: '2025-11-01', licensesSold: null, licenseAdds: null },
      // 1 December is the first snapshot: a starting point, not an addition.
      { date: '2025-12-01', licensesSold: 53, licenseAdds: 0 },
      { date: '2026-01-01', licensesSold: 81, licenseAdds: 30 },
    ]);
    const azure = await run({ model: 'azure', measures: ['cost'], by: ['date:month', 'currency'], ...Q1 });
    expect(azure.filter((r) => r.date === '2026-02-01')).toEqual([{ date: '2026-02-01', currency: 'EUR', cost: 0 }, { date: '2026-02-01', currency: 'USD', cost: 0 }]);
    const before = await run({ model: 'azure', measures: ['cost'], by: ['currency'], from: '2020-01-01', to: '2020-12-31' });
    expect(before).toEqual([]);
    const weekly = await run({ model: 'activity', measures: ['operations'], by: ['date:week'], from: '2026-02-02', to: '2026-03-01' });
    expect(weekly.map((r) => [r.date, r.operations])).toEqual([['2026-02-02', 0], ['2026-02-09', 1], ['2026-02-16', 0], ['2026-02-23', 0]]);
  });

  it('two currencies: money is never summed across them; the rows say which currency they are in', async () => {
    await expect(run({ model: 'azure', measures: ['cost'], ...Q1 })).rejects.toThrow(UsageError);
    await expect(run({ model: 'azure', measures: ['costGrowth'], by: ['customer'], ...Q1 })).rejects.toThrow(/costGrowth is an amount of money and would be summed across currencies/);
    await expect(run({ model: 'azure', measures: ['cost'], where: [{ dimension: 'currency', values: ['USD', 'EUR'] }], ...Q1 })).rejects.toThrow(/--by currency/);
    const one = await query(fw.warehouse.db, { model: 'azure', measures: ['cost'], where: [{ dimension: 'currency', values: ['EUR'] }], ...Q1 });
    expect(one.rows).toEqual([{ currency: 'EUR', cost: fromMicros(azureCost(fw.fixture, Q1.from, Q1.to).get('EUR')!) }]);
    expect(one.columns.map((c) => [c.name, c.role, c.format])).toEqual([['currency', 'dimension', 'text'], ['cost', 'measure', 'currency']]);
    // Counting customers over budget sums no money: no currency needed.
    expect((await run({ model: 'azure', measures: ['customersOverBudget', 'quantity'], ...Q1 }))).toHaveLength(1);
  });

  it('two tenants with one display name stay two rows', async () => {
    const rows = await run({ model: 'customers', measures: ['customers'], by: ['customer', 'country'], ...Q1 });
    expect(rows.filter((r) => r.customer === 'Contoso')).toEqual([{ customer: 'Contoso', country: 'US', customers: 1 }, { customer: 'Contoso', country: 'FR', customers: 1 }]);
    const where = await run({ model: 'customers', measures: ['customers'], where: [{ dimension: 'customer', values: ['Contoso'] }], ...Q1 });
    expect(where).toEqual([{ customers: 2 }]);
  });

  it('without from/to: the period is the data\'s, point-in-time measures as of the latest data', async () => {
    const all = await run({ model: 'azure', measures: ['cost'], by: ['currency'] });
    expect(all.find((r) => r.currency === 'USD')?.cost).toBeCloseTo(fromMicros(azureCost(fw.fixture, '2000-01-01', '2100-01-01').get('USD')!), 6);
    const latest = await query(fw.warehouse.db, { model: 'licenses', measures: ['licensesSold'] });
    expect(latest.rows).toEqual([{ licensesSold: 57 }]);
    expect(latest.period).toEqual({ from: '2025-12-01', to: '2026-03-31' });
    const asked = await query(fw.warehouse.db, { model: 'licenses', measures: ['licensesSold'], to: '2026-01-31' });
    expect(asked.rows).toEqual([{ licensesSold: 81 }]);
  });

  it('order and limit: the largest first, ties broken by the dimensions', async () => {
    const rows = await run({ model: 'licenses', measures: ['licensesSold'], by: ['product'], orderBy: [{ name: 'licensesSold', desc: true }], limit: 2, ...Q1 });
    expect(rows).toEqual([{ product: 'Microsoft 365 Business Premium', licensesSold: 25 }, { product: 'Office 365 E3', licensesSold: 10 }]);
  });

  it('a product list with stray separators and spaces: each product once per "+" item, the same through the pre-aggregation and without it', async () => {
    const w = await fixtureWarehouse({ fill: false });
    try {
      await insertRows(w.warehouse.db, 'user_activity', [
        { report_date: '2026-03-28', customer_id: 't9', upn: 'messy@t9.example', is_deleted: false, assigned_products: ' VISIO PLAN 2 ++OFFICE 365 E3+' },
        { report_date: '2026-03-28', customer_id: 't9', upn: 'none@t9.example', is_deleted: false, assigned_products: ' + ' },
      ]);
      const ask = { model: 'users', measures: ['licensedUsers', 'licensesOnInactiveUsers'], ...Q1 };
      for (const rollups of [false, true]) {
        if (rollups) await refreshAggregates(w.warehouse.db);
        const db = w.warehouse.db;
        expect((await query(db, { ...ask, by: ['user', 'assignedProducts'] }, { rollups })).rows).toEqual([
          { user: 'messy@t9.example', assignedProducts: ['OFFICE 365 E3', 'VISIO PLAN 2'], licensedUsers: 1, licensesOnInactiveUsers: 2 },
        ]);
        expect((await query(db, { ...ask, by: ['product'] }, { rollups })).rows).toEqual([
          { product: 'OFFICE 365 E3', licensedUsers: 1, licensesOnInactiveUsers: 1 },
          { product: 'VISIO PLAN 2', licensedUsers: 1, licensesOnInactiveUsers: 1 },
        ]);
      }
      expect(await readyAggregates(w.warehouse.db)).toContain('agg_user_licenses');
    } finally {
      await w.close();
    }
  });

  it('an empty warehouse answers with zeros and no values, not errors', async () => {
    const empty = await fixtureWarehouse({ fill: false });
    try {
      expect((await query(empty.warehouse.db, { model: 'licenses', measures: ['licensesSold', 'deploymentRate', 'licenseAdds'] })).rows).toEqual([{ licensesSold: null, deploymentRate: null, licenseAdds: null }]);
      expect((await query(empty.warehouse.db, { model: 'azure', measures: ['cost'], by: ['date:month', 'currency'] })).rows).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});

describe('a restated day', () => {
  const line = (date: string, cost: string) => ({ date, customer_id: 't1', customer_name: 'Contoso', subscription_id: 'az-t1', meter_category: 'Virtual Machines', currency: 'USD', cost });
  function source(batches: { version: string; rows: ReturnType<typeof line>[] }[]): Source {
    return {
      name: 'files',
      async *batches() {
        for (const b of batches) {
          const batch: Batch = {
            label: `restatement ${b.version}`,
            version: b.version,
            async fill({ db, stages, runId }) {
              for (const r of b.rows) {
                await db.run(
                  `INSERT INTO ${stages.azure_usage} (date, customer_id, customer_name, subscription_id, meter_category, currency, cost, source_format, run_id)
                   VALUES (CAST(? AS DATE), ?, ?, ?, ?, ?, CAST(? AS DECIMAL(38,12)), 'recon', ?)`,
                  [r.date, r.customer_id, r.customer_name, r.subscription_id, r.meter_category, r.currency, r.cost, runId],
                );
              }
              return { read: b.rows.length, rejected: 0 };
            },
          };
          yield batch;
        }
      },
    };
  }

  it('a later file restates a day; an older file arriving late changes nothing', async () => {
    const fresh = await fixtureWarehouse({ fill: false });
    try {
      const config = loadConfig({}, fresh.dir);
      const cost = async () => (await query(fresh.warehouse.db, { model: 'azure', measures: ['cost'], by: ['date:day'], where: [{ dimension: 'currency', values: ['USD'] }], from: '2026-03-09', to: '2026-03-10' })).rows.map((r) => r.cost);
      const period = { from: '2026-03-09', to: '2026-03-10' };
      await runJob({ warehouse: fresh.warehouse, config, job: azureUsageJob, period, source: source([{ version: '2026-03-11T06:00:00', rows: [line('2026-03-09', '10.10'), line('2026-03-10', '20.20'), line('2026-03-10', '5.05')] }]) });
      expect(await cost()).toEqual([10.1, 25.25]);
      await runJob({ warehouse: fresh.warehouse, config, job: azureUsageJob, period, source: source([{ version: '2026-03-13T06:00:00', rows: [line('2026-03-10', '21.00')] }]) });
      expect(await cost()).toEqual([10.1, 21]);
      await runJob({ warehouse: fresh.warehouse, config, job: azureUsageJob, period, source: source([{ version: '2026-03-12T06:00:00', rows: [line('2026-03-10', '99.99')] }]) });
      expect(await cost()).toEqual([10.1, 21]);
    } finally {
      await fresh.close();
    }
  });
});
