import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileQuery } from '../src/models/compile/compileQuery.js';
import { planQuery } from '../src/models/compile/planQuery.js';
import { findModel, type QueryRequest } from '../src/models/query.js';
import { readyAggregates } from '../src/models/aggregates.js';
import { expectGolden } from './helpers/golden.js';
import { fixtureWarehouse, type FixtureWarehouse } from './modelsFixture.js';

// Golden tests of compiled SQL: representative queries of every model and measure kind, compared with
// the committed text in test/golden/sql/ (SQL, then its parameters) and with the committed rows they
// return on the fixture warehouse (<name>.rows.json): a compiler change that keeps the text plausible but
// changes an answer fails here. A deliberate change: UPDATE_GOLDENS=1 npx vitest run
// test/query-golden.test.ts, then review both diffs (the rows above all).

const goldens: Record<string, QueryRequest> = {
  'azure-cost-growth-forecast-by-month': { model: 'azure', measures: ['cost', 'costGrowth', 'forecastMonthEnd'], by: ['date:month', 'customer'], where: [{ dimension: 'currency', values: ['EUR'] }] },
  'azure-budget-by-customer': { model: 'azure', measures: ['budgetUsed', 'customersOverBudget'], by: ['customer', 'currency'] },
  'azure-service-category-trailing': { model: 'azure', measures: ['costLast30Days', 'costMonthToDate'], by: ['serviceCategory', 'currency'], orderBy: [{ name: 'costLast30Days', desc: true }], limit: 10 },
  'customers-new-churned-by-month': { model: 'customers', measures: ['customers', 'newCustomers', 'churnedCustomers'], by: ['date:month', 'country'] },
  'subscriptions-renewals-by-term': { model: 'subscriptions', measures: ['activeSubscriptions', 'expiringIn30Days', 'renewingIn30Days', 'trialConversions'], by: ['term'], where: [{ dimension: 'billingType', values: ['license'] }] },
  'licenses-buckets': { model: 'licenses', measures: ['licensesSold', 'deploymentRate', 'usageRate', 'skusAtCapacity'], by: ['deploymentBucket', 'usageBucket'] },
  'licenses-changes-reducible-by-week': { model: 'licenses', measures: ['licenseAdds', 'licenseReductions', 'reducibleAtRenewal'], by: ['date:week', 'customer'], scope: { customerIds: ['t1', 't2'] } },
  'usage-by-workload': { model: 'usage', measures: ['activeUsers', 'workloadUsageRate'], by: ['workload', 'product'] },
  'users-inactive': { model: 'users', measures: ['licensedUsers', 'inactiveLicensedUsers', 'licensesOnInactiveUsers'], by: ['customer', 'inactiveFor', 'lastActivity:month'] },
  'activity-failed-by-quarter': { model: 'activity', measures: ['operations', 'failedOperations', 'operationsLast28Days'], by: ['date:quarter', 'operationType'], where: [{ dimension: 'operationStatus', values: ['failed', 'succeeded'] }] },
  'activity-detail-by-day': { model: 'activity', measures: ['operations'], by: ['date:day', 'customer', 'user', 'operationType'] },
  'azure-preaggregated-by-month': { model: 'azure', measures: ['cost', 'costGrowth', 'forecastMonthEnd', 'customersOverBudget'], by: ['date:month', 'currency'] },
};
/** Goldens compiled as a report pack compiles them, reading the warehouse's current pre-aggregations. */
const preaggregated = new Set(['azure-preaggregated-by-month']);

const range = { from: '2026-01-01', to: '2026-03-31' };
const budgets = [{ customer: 't2', currency: 'EUR', monthly: 200 }];
const dir = new URL('./golden/sql/', import.meta.url);

/**
 * Rows as stable text: one JSON line per row, in the order the query returned them (ORDER BY is part of
 * what is tested); numbers to 12 significant digits, so that a float summed in another order by another
 * thread count compares equal, and a wrong value never does.
 */
function rowsText(rows: Record<string, unknown>[]): string {
  const value = (v: unknown): unknown => {
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(12));
    if (Array.isArray(v)) return v.map(value);
    if (v !== null && typeof v === 'object') return String(v);
    return v;
  };
  return rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, value(v)])))).join('\n') + '\n';
}

let fw: FixtureWarehouse;
beforeAll(async () => {
  fw = await fixtureWarehouse();
});
afterAll(async () => fw.close());

describe('compiled SQL', () => {
  for (const [name, request] of Object.entries(goldens)) {
    it(name, async () => {
      const rollups = preaggregated.has(name) ? await readyAggregates(fw.warehouse.db) : new Set<string>();
      const compiled = compileQuery(planQuery(findModel(request.model), request), range, { budgets, rollups });
      if (preaggregated.has(name)) expect(compiled.tables).toContain('agg_azure_customer_month');
      const text = `${compiled.sql}\n-- params: ${JSON.stringify(compiled.params)}\n`;
      expectGolden(fileURLToPath(new URL(`${name}.sql`, dir)), text);
      const rows = await fw.warehouse.db.all<Record<string, unknown>>(compiled.sql, compiled.params);
      expect(rows.length).toBeGreaterThan(0);
      expectGolden(fileURLToPath(new URL(`${name}.rows.json`, dir)), rowsText(rows));
    });
  }
});
