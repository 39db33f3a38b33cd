import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { mergeRequests } from '../src/models/mergeRequests.js';
import { query, type QueryRequest } from '../src/models/query.js';
import { refreshAggregates } from '../src/models/aggregates.js';
import { modelQueryRunner } from '../src/reports/modelQueryRunner.js';
import { connectionPool } from '../src/warehouse/connectionPool.js';
import { fixtureWarehouse, insertRows, type FixtureWarehouse } from './modelsFixture.js';

// A render asks a report's queries together, and requests differing only in their measures are asked as
// one query. Each must still get exactly what it gets asked alone: the same columns, rows, order and
// values — in particular only the rows of its own facts (a renewal table lists renewing licenses, not
// every license the snapshots have).

let fw: FixtureWarehouse;
const config = { ...loadConfig({}, '/nonexistent'), budgets: [{ customer: 't2', currency: 'EUR', monthly: 200 }] };
beforeAll(async () => {
  fw = await fixtureWarehouse();
  await refreshAggregates(fw.warehouse.db);
});
afterAll(async () => fw.close());

const latest = { to: '2026-03-31' };
const requests: QueryRequest[] = [
  // Renewals and snapshots by customer and product: the renewing pairs are a few of the licensed ones.
  { model: 'licenses', measures: ['reducibleAtRenewal'], by: ['customer', 'product'], ...latest },
  { model: 'licenses', measures: ['reducibleAtRenewal', 'licensesUnassigned', 'licensesSold'], by: ['customer', 'product'], ...latest },
  { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesActive', 'usageRate'], by: ['customer', 'product'], ...latest },
  { model: 'licenses', measures: ['licenseAdds'], by: ['customer', 'product'], ...latest },
  { model: 'licenses', measures: ['deploymentRate', 'skusAtCapacity', 'deploymentRate'], by: ['customer', 'product'], ...latest },
  // Ordered and limited: asked alone.
  { model: 'licenses', measures: ['licensesSold'], by: ['customer', 'product'], ...latest, orderBy: [{ name: 'licensesSold', desc: true }], limit: 3 },
  // Totals by month: every month is a row whatever the facts.
  { model: 'licenses', measures: ['licensesSold', 'usageRate'], by: ['date:month'], from: '2025-10-01', to: '2026-03-31' },
  { model: 'licenses', measures: ['reducibleAtRenewal', 'licenseAdds'], by: ['date:month'], from: '2025-10-01', to: '2026-03-31' },
  // A series by one breakdown has every key in every month: merged only with the same facts.
  { model: 'licenses', measures: ['licensesSold'], by: ['date:month', 'customer'], from: '2025-10-01', to: '2026-03-31' },
  { model: 'licenses', measures: ['reducibleAtRenewal'], by: ['date:month', 'customer'], from: '2025-10-01', to: '2026-03-31' },
  { model: 'licenses', measures: ['usageRate'], by: ['date:month', 'customer'], from: '2025-10-01', to: '2026-03-31' },
  // Azure: costs, budgets (another fact) and their shares by customer and currency.
  { model: 'azure', measures: ['cost'], by: ['customer', 'currency'], from: '2026-03-01', to: '2026-03-31' },
  { model: 'azure', measures: ['budgetUsed', 'customersOverBudget'], by: ['customer', 'currency'], from: '2026-03-01', to: '2026-03-31' },
  { model: 'azure', measures: ['costGrowth', 'forecastMonthEnd'], by: ['customer', 'currency'], from: '2026-03-01', to: '2026-03-31' },
  // One customer (a customer pack): the filter is part of what must be equal.
  { model: 'azure', measures: ['cost'], by: ['customer', 'currency'], from: '2026-03-01', to: '2026-03-31', where: [{ dimension: 'customerId', values: ['t1'] }] },
  { model: 'users', measures: ['licensedUsers'], by: ['inactiveFor'], ...latest },
  { model: 'users', measures: ['inactiveLicensedUsers', 'licensesOnInactiveUsers'], by: ['inactiveFor'], ...latest },
  // A list dimension: each user's products, one list a row.
  { model: 'users', measures: ['licensedUsers'], by: ['customer', 'user', 'assignedProducts'], ...latest },
  { model: 'users', measures: ['licensesOnInactiveUsers'], by: ['customer', 'user', 'assignedProducts'], ...latest },
];

describe('requests asked together', () => {
  it('are merged where one query answers several', () => {
    const groups = mergeRequests(requests).map((g) => g.parts.map((p) => p.index));
    expect(groups).toEqual([[0, 1, 2, 3, 4], [5], [6, 7], [8, 10], [9], [11, 12, 13], [14], [15, 16], [17, 18]]);
  });

  it('get what each gets asked alone: columns, rows, order and values', async () => {
    const pool = connectionPool(fw.warehouse);
    try {
      const run = modelQueryRunner(pool, config);
      const together = await Promise.all(requests.map((r) => run(r)));
      for (const [i, request] of requests.entries()) {
        const alone = await query(fw.warehouse.db, request, { config });
        expect(together[i]!.columns, JSON.stringify(request)).toEqual(alone.columns);
        expect(together[i]!.rows, JSON.stringify(request)).toEqual(alone.rows);
      }
      // The renewing pairs are fewer than the licensed ones, and there are some: the rows were told apart.
      expect(together[0]!.rows.length).toBeGreaterThan(0);
      expect(together[0]!.rows.length).toBeLessThan(together[2]!.rows.length);
      expect(together[3]!.rows.length).toBeLessThan(together[2]!.rows.length);
      expect(together[18]!.rows.some((r) => Array.isArray(r.assignedProducts) && r.assignedProducts.length > 1)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('give one row per key of a keyed dimension, with one name, alone or merged', async () => {
    // Two customers' exports name one SKU differently: grouped by its id, shown by one of its names.
    const db = fw.warehouse.db;
    const snapshot = fw.fixture.license_snapshots.find((r) => r.date === '2026-03-31' && r.customer_id === 't1')!;
    await insertRows(db, 'license_snapshots', [{ ...snapshot, customer_id: 't9', sku_name: 'Renamed SKU', total_units: 7, consumed_units: 7 }]);
    try {
      const bySku = { model: 'licenses', by: ['sku'], to: '2026-03-31' };
      const requests: QueryRequest[] = [{ ...bySku, measures: ['licensesSold'] }, { ...bySku, measures: ['licenseAdds', 'skusAtCapacity'] }];
      const alone = await query(db, requests[0]!, { config });
      const rows = alone.rows.filter((r) => r.sku === 'Renamed SKU' || r.sku === snapshot.sku_name);
      const sold = fw.fixture.license_snapshots.filter((r) => r.date === '2026-03-31' && r.sku_id === snapshot.sku_id).reduce((n, r) => n + Number(r.total_units), 0);
      expect(rows).toEqual([{ sku: 'Renamed SKU', licensesSold: sold + 7 }]);
      const pool = connectionPool(fw.warehouse);
      try {
        const run = modelQueryRunner(pool, config);
        const [merged] = await Promise.all(requests.map((r) => run(r)));
        expect(merged!.rows).toEqual(alone.rows);
      } finally {
        await pool.close();
      }
    } finally {
      await db.run("DELETE FROM main.license_snapshots WHERE customer_id = 't9'");
    }
  });

  it('fail one by one: a bad request gets its own error, the others their answers', async () => {
    const pool = connectionPool(fw.warehouse);
    try {
      const run = modelQueryRunner(pool, config);
      const [good, bad] = await Promise.allSettled([run(requests[2]!), run({ ...requests[2]!, measures: ['licensesSold', 'nope'] })]);
      expect(good.status).toBe('fulfilled');
      expect(bad.status === 'rejected' && String(bad.reason)).toMatch(/unknown measure "nope"/);
    } finally {
      await pool.close();
    }
  });
});
