import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { prepareQuery, query, type QueryRequest } from '../src/models/query.js';
import { refreshAggregates } from '../src/models/aggregates.js';
import { fixtureWarehouse, insertRows, type FixtureWarehouse } from './modelsFixture.js';

// Query results travel as batches of JSON rows (one string per 2,048 rows instead of one per value). The
// rows must be exactly those of the plain query, in its order, across batch boundaries, with a limit,
// buckets in their definition's order and non-finite values as null.

let fw: FixtureWarehouse;
const config = loadConfig({}, '/nonexistent');
beforeAll(async () => {
  fw = await fixtureWarehouse();
  // Enough lines for a result of several batches: 3 customers × 6 meters × 365 days.
  const template = fw.fixture.azure_usage[0]!;
  const lines = [];
  for (let day = 0; day < 365; day++) {
    const date = new Date(Date.UTC(2025, 3, 1 + day)).toISOString().slice(0, 10);
    for (const customer of ['t1', 't2', 't3']) for (let meter = 0; meter < 6; meter++) lines.push({ ...template, date, customer_id: customer, meter: `Meter ${meter}`, cost: (day % 7) + meter / 8 });
  }
  await insertRows(fw.warehouse.db, 'azure_usage', lines);
  await refreshAggregates(fw.warehouse.db);
});
afterAll(async () => fw.close());

const requests: QueryRequest[] = [
  // Several batches: every day × customer × meter of a year.
  { model: 'azure', measures: ['cost', 'quantity'], by: ['date:day', 'customer', 'meter', 'currency'], from: '2025-04-01', to: '2026-03-31' },
  { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'deploymentRate'], by: ['date:day', 'customer', 'sku'], from: '2025-04-01', to: '2026-03-31' },
  { model: 'licenses', measures: ['licensesSold', 'deploymentRate'], by: ['customer', 'product'], to: '2026-03-31', orderBy: [{ name: 'deploymentRate', desc: true }], limit: 5 },
  { model: 'licenses', measures: ['licensesSold'], by: ['deploymentBucket', 'usageBucket'], to: '2026-03-31' },
  { model: 'azure', measures: ['cost', 'costGrowth'], by: ['date:month', 'currency', 'customer'], from: '2025-12-01', to: '2026-03-31' },
  { model: 'users', measures: ['licensesOnInactiveUsers'], by: ['customer', 'user', 'inactiveFor', 'lastActivity', 'product'], to: '2026-03-31', orderBy: [{ name: 'customer' }, { name: 'lastActivity' }] },
];

describe('query results', () => {
  it('are the plain query\'s rows, in its order, whatever the batching', async () => {
    let largest = 0;
    for (const request of requests) {
      const db = fw.warehouse.db;
      const compiled = await prepareQuery(db, request, { config });
      const plain = await db.all(compiled.sql, compiled.params);
      const result = await query(db, request, { config });
      largest = Math.max(largest, result.rows.length);
      expect(result.rows.length, JSON.stringify(request)).toBe(plain.length);
      expect(result.rows.length, JSON.stringify(request)).toBeGreaterThan(0);
      result.rows.forEach((row, i) => {
        expect(Object.keys(row)).toEqual(Object.keys(plain[i]!));
        for (const [name, value] of Object.entries(row)) {
          const expected = plain[i]![name];
          // Doubles travel as JSON text: shortest round-trip digits, so exactly the same number.
          expect(value, `${JSON.stringify(request)} row ${i} ${name}`).toBe(typeof expected === 'number' && !Number.isFinite(expected) ? null : expected);
        }
      });
    }
    expect(largest).toBeGreaterThan(2 * 2048);
  });

  it('come in the asked order, then by every dimension (buckets in their definition\'s order)', async () => {
    // The compiler sorts an asked dimension on its value and drops repeated sort keys: the order must stay
    // the one the shown text gives (bytes, as DuckDB compares text; empty values last).
    const buckets = ['active', '30-59', '60-89', '90+', 'never'];
    const text = (a: unknown, b: unknown) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b))));
    const byDimensions = (a: Record<string, unknown>, b: Record<string, unknown>) => text(a.customer, b.customer) || text(a.user, b.user)
      || buckets.indexOf(String(a.inactiveFor)) - buckets.indexOf(String(b.inactiveFor)) || text(a.lastActivity, b.lastActivity) || text(a.product, b.product);
    const base = { model: 'users', measures: ['licensesOnInactiveUsers'], by: ['customer', 'user', 'inactiveFor', 'lastActivity', 'product'], to: '2026-03-31' };
    const cases: [QueryRequest['orderBy'], (a: Record<string, unknown>, b: Record<string, unknown>) => number][] = [
      [[{ name: 'lastActivity', desc: true }, { name: 'customer' }], (a, b) => (a.lastActivity === null || b.lastActivity === null ? text(a.lastActivity, b.lastActivity) : -text(a.lastActivity, b.lastActivity)) || text(a.customer, b.customer) || byDimensions(a, b)],
      [[{ name: 'inactiveFor' }], (a, b) => text(a.inactiveFor, b.inactiveFor) || byDimensions(a, b)],
      [[{ name: 'licensesOnInactiveUsers', desc: true }, { name: 'customer', desc: true }], (a, b) => Number(b.licensesOnInactiveUsers) - Number(a.licensesOnInactiveUsers) || -text(a.customer, b.customer) || byDimensions(a, b)],
    ];
    for (const [orderBy, compare] of cases) {
      const { rows } = await query(fw.warehouse.db, { ...base, orderBy }, { config });
      expect(new Set(rows.map((r) => r.inactiveFor)).size, JSON.stringify(orderBy)).toBeGreaterThan(1);
      expect(rows.map((r) => JSON.stringify(r)), JSON.stringify(orderBy)).toEqual([...rows].sort(compare).map((r) => JSON.stringify(r)));
    }
  });

  it('keep text as it is: quotes, backslashes, newlines and non-ASCII names', async () => {
    const db = fw.warehouse.db;
    const name = 'Contoso "Nord" \\ Zürich\nÅland — 東京 🚀';
    await db.run('UPDATE main.customers SET name = ? WHERE customer_id = (SELECT min(customer_id) FROM main.customers)', [name]);
    const result = await query(db, { model: 'licenses', measures: ['licensesSold'], by: ['customer'], to: '2026-03-31' }, { config });
    expect(result.rows.map((r) => r.customer)).toContain(name);
  });
});
