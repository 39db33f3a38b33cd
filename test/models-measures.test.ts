import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { query, type QueryRequest } from '../src/models/query.js';
import { fixtureWarehouse, type Fixture, type FixtureWarehouse } from './modelsFixture.js';
import * as o from './modelsOracle.js';

// Every measure of SPEC §4 against the hand-made partner, each expected value computed independently
// from the fixture rows (test/modelsOracle.ts), in total, by month and by a dimension.

let fw: FixtureWarehouse;
let f: Fixture;
const config = { ...loadConfig({}, '/nonexistent'), budgets: [] as { customer: string; currency: string; monthly: number }[] };

beforeAll(async () => {
  fw = await fixtureWarehouse();
  f = fw.fixture;
  config.budgets = f.config_budgets;
});
afterAll(async () => fw.close());

const Q1 = { from: '2026-01-01', to: '2026-03-31' };
const months = [
  { date: '2026-01-01', from: '2026-01-01', to: '2026-01-31' },
  { date: '2026-02-01', from: '2026-02-01', to: '2026-02-28' },
  { date: '2026-03-01', from: '2026-03-01', to: '2026-03-31' },
];

async function q(request: Omit<QueryRequest, 'model'> & { model: string }) {
  return (await query(fw.warehouse.db, request, { config })).rows;
}
async function total(model: string, measure: string, extra: Partial<QueryRequest> = {}) {
  const rows = await q({ model, measures: [measure], ...Q1, ...extra });
  expect(rows).toHaveLength(1);
  return rows[0]![measure];
}
async function byMonth(model: string, measure: string, extra: Partial<QueryRequest> = {}) {
  const rows = await q({ model, measures: [measure], by: ['date:month', ...(extra.by ?? [])], ...Q1, ...extra });
  return rows;
}
const ids = (rows: Record<string, unknown>[], key: string) => Object.fromEntries(rows.map((r) => [String(r[key]), r]));

describe('customers', () => {
  it('customers: tenants holding an active or suspended subscription on the period\'s last day', async () => {
    expect(await total('customers', 'customers')).toBe(o.customersOn(f, Q1.to).size);
    expect(o.customersOn(f, Q1.to)).toEqual(new Set(['t1', 't2', 't5']));
    const rows = await byMonth('customers', 'customers');
    expect(rows.map((r) => [r.date, r.customers])).toEqual(months.map((m) => [m.date, o.customersOn(f, m.to).size]));
    const byCountry = ids(await q({ model: 'customers', measures: ['customers'], by: ['country'], ...Q1 }), 'country');
    for (const country of ['US', 'DE', 'FR']) {
      const expected = [...o.customersOn(f, Q1.to)].filter((c) => f.customers.find((x) => x.customer_id === c)?.country === country).length;
      expect(byCountry[country]?.customers).toBe(expected);
    }
    const byProduct = ids(await q({ model: 'customers', measures: ['customers'], by: ['product'], ...Q1 }), 'product');
    for (const product of new Set(f.subscriptions.map((s) => String(s.product)))) {
      const expected = o.customersOn(f, Q1.to, (s) => s.product === product).size;
      expect(byProduct[product]?.customers ?? 0).toBe(expected);
    }
  });

  it('newCustomers: first subscription started in the period', async () => {
    expect(await total('customers', 'newCustomers')).toBe(o.newCustomers(f, Q1.from, Q1.to).size);
    const rows = await byMonth('customers', 'newCustomers');
    expect(rows.map((r) => r.newCustomers)).toEqual(months.map((m) => o.newCustomers(f, m.from, m.to).size));
    expect(rows.map((r) => r.newCustomers)).toEqual([0, 0, 1]);
    const all = await q({ model: 'customers', measures: ['newCustomers'], by: ['customerId'], from: '2025-01-01', to: '2026-03-31' });
    expect(all.filter((r) => Number(r.newCustomers) > 0).map((r) => r.customerId).sort()).toEqual([...o.newCustomers(f, '2025-01-01', '2026-03-31')].sort());
  });

  it('churnedCustomers: nothing active or suspended left, the last one ended in the period', async () => {
    expect(await total('customers', 'churnedCustomers')).toBe(o.churnedCustomers(f, Q1.from, Q1.to).size);
    const rows = await byMonth('customers', 'churnedCustomers');
    expect(rows.map((r) => r.churnedCustomers)).toEqual(months.map((m) => o.churnedCustomers(f, m.from, m.to).size));
    expect(rows.map((r) => r.churnedCustomers)).toEqual([0, 1, 0]);
    const byCustomer = await q({ model: 'customers', measures: ['churnedCustomers'], by: ['customer'], ...Q1 });
    expect(byCustomer.filter((r) => Number(r.churnedCustomers) > 0).map((r) => r.customer)).toEqual(['Tailspin Toys']);
  });
});

describe('subscriptions', () => {
  const counts = {
    subscriptions: () => true,
    activeSubscriptions: (_: unknown, st: o.SubState) => st.status === 'active',
    suspendedSubscriptions: (_: unknown, st: o.SubState) => st.status === 'suspended',
    deprovisionedSubscriptions: (_: unknown, st: o.SubState) => st.status === 'expired' || st.status === 'deleted',
  } as const;
  for (const [measure, test] of Object.entries(counts)) {
    it(`${measure}: subscriptions by status on the period's last day`, async () => {
      expect(await total('subscriptions', measure)).toBe(o.subscriptionsOn(f, Q1.to, test).length);
      const rows = await byMonth('subscriptions', measure);
      expect(rows.map((r) => r[measure])).toEqual(months.map((m) => o.subscriptionsOn(f, m.to, test).length));
      const byStatus = ids(await q({ model: 'subscriptions', measures: [measure], by: ['status'], ...Q1 }), 'status');
      for (const status of ['active', 'suspended', 'expired', 'deleted', 'pending']) {
        expect(byStatus[status]?.[measure] ?? 0).toBe(o.subscriptionsOn(f, Q1.to, (s, st) => st.status === status && test(s, st)).length);
      }
    });
  }

  const expiring = (s: Parameters<typeof o.endsWithin30>[0], st: o.SubState, asOf: string) => st.status === 'active' && st.autoRenew !== true && o.endsWithin30(s, asOf);
  const renewing = (s: Parameters<typeof o.endsWithin30>[0], st: o.SubState, asOf: string) => st.status === 'active' && st.autoRenew === true && o.endsWithin30(s, asOf);
  for (const [measure, test, expectedByMonth] of [['expiringIn30Days', expiring, [2, 0, 1]], ['renewingIn30Days', renewing, [1, 1, 2]]] as const) {
    it(`${measure}: term ends within 30 days of each period's last day (terms stepped back from the current one)`, async () => {
      expect(await total('subscriptions', measure)).toBe(o.subscriptionsOn(f, Q1.to, (s, st) => test(s, st, Q1.to)).length);
      const rows = await byMonth('subscriptions', measure);
      const expected = months.map((m) => o.subscriptionsOn(f, m.to, (s, st) => test(s, st, m.to)).length);
      expect(rows.map((r) => r[measure])).toEqual(expected);
      expect(expected).toEqual(expectedByMonth);
    });
  }

  it('newSubscriptions: created in the period', async () => {
    const created = (from: string, to: string) => f.subscriptions.filter((s) => String(s.creation_date) >= from && String(s.creation_date) <= to);
    expect(await total('subscriptions', 'newSubscriptions')).toBe(created(Q1.from, Q1.to).length);
    const rows = await byMonth('subscriptions', 'newSubscriptions');
    expect(rows.map((r) => r.newSubscriptions)).toEqual(months.map((m) => created(m.from, m.to).length));
    const byTerm = ids(await q({ model: 'subscriptions', measures: ['newSubscriptions'], by: ['term'], ...Q1 }), 'term');
    expect(byTerm.P1Y?.newSubscriptions).toBe(created(Q1.from, Q1.to).filter((s) => s.term_duration === 'P1Y').length);
  });

  it('trialConversions: a trial followed by a paid subscription of the same product', async () => {
    expect(await total('subscriptions', 'trialConversions')).toBe(o.trialConversions(f, Q1.from, Q1.to).length);
    const rows = await byMonth('subscriptions', 'trialConversions');
    expect(rows.map((r) => r.trialConversions)).toEqual(months.map((m) => o.trialConversions(f, m.from, m.to).length));
    expect(rows.map((r) => r.trialConversions)).toEqual([0, 1, 0]);
  });
});

describe('licenses', () => {
  const sums: Record<string, (rows: o.LicenseRow[]) => number | null> = {
    licensesSold: (rows) => rows.reduce((s, r) => s + r.total, 0),
    licensesAssigned: (rows) => rows.reduce((s, r) => s + r.consumed, 0),
    licensesActive: (rows) => rows.reduce((s, r) => s + (r.active ?? 0), 0),
    assignedWithUsageData: (rows) => rows.filter((r) => r.active !== null).reduce((s, r) => s + r.consumed, 0),
    licensesUnassigned: (rows) => rows.reduce((s, r) => s + r.total - r.consumed, 0),
    deploymentRate: (rows) => rows.reduce((s, r) => s + r.consumed, 0) / rows.reduce((s, r) => s + r.total, 0),
    usageRate: (rows) => rows.reduce((s, r) => s + (r.active ?? 0), 0) / rows.filter((r) => r.active !== null).reduce((s, r) => s + r.consumed, 0),
    skusAtCapacity: (rows) => rows.filter((r) => r.total > 0 && r.consumed >= r.total).length,
    licensedSkus: (rows) => rows.filter((r) => r.total > 0).length,
  };
  for (const [measure, compute] of Object.entries(sums)) {
    it(`${measure}: at the last snapshot of the period, summed across customers and SKUs`, async () => {
      expect(await total('licenses', measure)).toBeCloseTo(compute(o.licensesAt(f, Q1.from, Q1.to))!, 10);
      const rows = await byMonth('licenses', measure);
      months.forEach((m, i) => expect(rows[i]![measure]).toBeCloseTo(compute(o.licensesAt(f, m.from, m.to))!, 10));
      const byCustomer = ids(await q({ model: 'licenses', measures: [measure], by: ['customerId'], ...Q1 }), 'customerId');
      for (const c of ['t1', 't2', 't5']) {
        const expected = compute(o.licensesAt(f, Q1.from, Q1.to).filter((r) => r.customer_id === c));
        if (expected === null || Number.isNaN(expected)) expect(byCustomer[c]?.[measure]).toBeNull();
        else expect(byCustomer[c]?.[measure]).toBeCloseTo(expected, 10);
      }
    });
  }

  it('per SKU, active users and the usage-rate base follow the period\'s usage report, read from the raw rows', async () => {
    for (const period of [Q1, ...months]) {
      const rows = await q({ model: 'licenses', measures: ['licensesActive', 'assignedWithUsageData'], by: ['customerId', 'product'], ...period });
      const expected = o.licensesAt(f, period.from, period.to);
      expect(expected.filter((e) => e.active !== null).length).toBeGreaterThan(0);
      for (const e of expected) {
        const row = rows.find((r) => r.customerId === e.customer_id && r.product === e.product);
        const where = `${period.from}..${period.to} ${e.customer_id} ${e.product}`;
        expect(row, where).toBeDefined();
        if (e.active === null) {
          // Not in the report: neither active users nor a share of the base.
          expect(row!.licensesActive ?? 0, where).toBe(0);
          expect(row!.assignedWithUsageData ?? 0, where).toBe(0);
        } else {
          expect(row!.assignedWithUsageData, where).toBe(e.consumed);
          expect(row!.licensesActive as number, where).toBeGreaterThanOrEqual(e.active);
          expect(row!.licensesActive as number, where).toBeLessThanOrEqual(e.activeAtMost!);
          expect(row!.licensesActive, where).toBe(e.active);
        }
      }
    }
  });

  it('hand-worked values on 31 March 2026', async () => {
    const rows = await q({ model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesActive', 'usageRate', 'skusAtCapacity', 'reducibleAtRenewal'], ...Q1 });
    expect(rows[0]).toEqual({ licensesSold: 57, licensesAssigned: 45, licensesActive: 37, usageRate: 37 / 38, skusAtCapacity: 2, reducibleAtRenewal: 3 });
  });

  for (const [measure, field] of [['licenseAdds', 'added'], ['licenseReductions', 'removed']] as const) {
    it(`${measure}: day-over-day changes of sold units in the period`, async () => {
      const changes = o.licenseChanges(f);
      const sum = (from: string, to: string, where: (c: (typeof changes)[number]) => boolean = () => true) =>
        changes.filter((c) => c.date >= from && c.date <= to && where(c)).reduce((s, c) => s + c[field], 0);
      expect(await total('licenses', measure)).toBe(sum(Q1.from, Q1.to));
      const rows = await byMonth('licenses', measure);
      expect(rows.map((r) => r[measure])).toEqual(months.map((m) => sum(m.from, m.to)));
      const byProduct = ids(await q({ model: 'licenses', measures: [measure], by: ['product'], ...Q1 }), 'product');
      expect(byProduct['Microsoft 365 E5']?.[measure]).toBe(sum(Q1.from, Q1.to, (c) => c.product === 'Microsoft 365 E5'));
      // The trailing 90-day variant: as of each month's last day.
      const trailing = await byMonth('licenses', `${measure}Last90Days`);
      expect(trailing.map((r) => r[`${measure}Last90Days`])).toEqual(months.map((m) => sum(o.addDays(m.to, -89), m.to)));
    });
  }

  it('reducibleAtRenewal: unassigned licenses on auto-renewing terms ending within 30 days', async () => {
    const expected = o.reducibleAtRenewal(f, Q1.from, Q1.to);
    expect(await total('licenses', 'reducibleAtRenewal')).toBe([...expected.values()].reduce((a, b) => a + b, 0));
    const byCustomer = ids(await q({ model: 'licenses', measures: ['reducibleAtRenewal'], by: ['customerId', 'product'], ...Q1 }), 'product');
    for (const [key, units] of expected) expect(byCustomer[key.split('|')[1]!]?.reducibleAtRenewal).toBe(units);
    const rows = await byMonth('licenses', 'reducibleAtRenewal');
    expect(rows.map((r) => r.reducibleAtRenewal)).toEqual(months.map((m) => [...o.reducibleAtRenewal(f, m.from, m.to).values()].reduce((a, b) => a + b, 0)));
  });
});

describe('usage', () => {
  const at = (from: string, to: string) => {
    const day = o.lastDay(f.workload_usage, 'date', from, to);
    return f.workload_usage.filter((u) => u.date === day);
  };
  const sum = (rows: typeof f.workload_usage, column: string) => rows.reduce((s, r) => s + Number(r[column]), 0);
  const measures: Record<string, (rows: typeof f.workload_usage) => number> = {
    activeUsers: (rows) => sum(rows, 'licenses_active'),
    qualifiedUsers: (rows) => sum(rows, 'licenses_qualified'),
    workloadUsageRate: (rows) => sum(rows, 'licenses_active') / sum(rows, 'licenses_qualified'),
  };
  for (const [measure, compute] of Object.entries(measures)) {
    it(`${measure}: 28-day figures at the period's last usage snapshot`, async () => {
      expect(await total('usage', measure)).toBeCloseTo(compute(at(Q1.from, Q1.to)), 10);
      const rows = await byMonth('usage', measure);
      months.forEach((m, i) => expect(rows[i]![measure]).toBeCloseTo(compute(at(m.from, m.to)), 10));
      const byWorkload = ids(await q({ model: 'usage', measures: [measure], by: ['workload'], ...Q1 }), 'workload');
      for (const w of ['exchange', 'teams', 'sharepoint']) {
        expect(byWorkload[w]?.[measure]).toBeCloseTo(compute(at(Q1.from, Q1.to).filter((r) => r.workload === w)), 10);
      }
    });
  }
});

describe('users', () => {
  const measures: Record<string, (rows: o.UserLicense[]) => number> = {
    licensedUsers: (rows) => new Set(rows.filter((r) => r.licensed).map((r) => `${r.customer_id}/${r.upn}`)).size,
    inactiveLicensedUsers: (rows) => new Set(rows.filter((r) => r.licensed && r.inactive).map((r) => `${r.customer_id}/${r.upn}`)).size,
    licensesOnInactiveUsers: (rows) => rows.filter((r) => r.licensed && r.inactive).length,
  };
  for (const [measure, compute] of Object.entries(measures)) {
    it(`${measure}: each customer's last report, days counted back from its refresh date`, async () => {
      expect(await total('users', measure)).toBe(compute(o.userLicenses(f, Q1.from, Q1.to)));
      const byBucket = ids(await q({ model: 'users', measures: [measure], by: ['inactiveFor'], ...Q1 }), 'inactiveFor');
      for (const bucket of ['active', '30-59', '60-89', '90+', 'never']) {
        expect(byBucket[bucket]?.[measure] ?? 0).toBe(compute(o.userLicenses(f, Q1.from, Q1.to).filter((r) => r.bucket === bucket)));
      }
      const byProduct = ids(await q({ model: 'users', measures: [measure], by: ['product'], ...Q1 }), 'product');
      for (const product of ['MICROSOFT 365 BUSINESS PREMIUM', 'VISIO PLAN 2', 'OFFICE 365 E3', 'MICROSOFT 365 E5']) {
        expect(byProduct[product]?.[measure] ?? 0).toBe(compute(o.userLicenses(f, Q1.from, Q1.to).filter((r) => r.product === product)));
      }
      // February: only Fabrikam reported, on 27 February.
      expect(await total('users', measure, { from: '2026-02-01', to: '2026-02-28' })).toBe(compute(o.userLicenses(f, '2026-02-01', '2026-02-28')));
    });
  }

  it('hand-worked: 10 licensed users, 7 inactive holding 9 licenses; buckets at their boundaries', async () => {
    const rows = await q({ model: 'users', measures: ['licensedUsers', 'inactiveLicensedUsers', 'licensesOnInactiveUsers'], ...Q1 });
    expect(rows[0]).toEqual({ licensedUsers: 10, inactiveLicensedUsers: 7, licensesOnInactiveUsers: 9 });
    const users = await q({ model: 'users', measures: ['licensedUsers'], by: ['user', 'inactiveFor', 'lastActivity', 'assignedProducts'], where: [{ dimension: 'customerId', values: ['t1'] }], ...Q1 });
    const byUser = ids(users, 'user');
    expect(byUser['hank@contoso.example']?.inactiveFor).toBe('30-59'); // exactly 30 days
    expect(byUser['ivy@contoso.example']?.inactiveFor).toBe('active'); // 29 days
    expect(byUser['jack@contoso.example']?.inactiveFor).toBe('60-89'); // 89 days
    expect(byUser['erin@contoso.example']).toMatchObject({ inactiveFor: 'never', lastActivity: null });
    expect(byUser['dave@contoso.example']).toMatchObject({ inactiveFor: '90+', assignedProducts: ['MICROSOFT 365 BUSINESS PREMIUM', 'VISIO PLAN 2'], lastActivity: '2025-11-01' });
    expect(byUser['gina@contoso.example']).toBeUndefined(); // no license
    expect(byUser['frank@contoso.example']?.licensedUsers).toBe(0); // deleted
    expect(users.map((r) => r.inactiveFor).indexOf('active')).toBeLessThan(users.map((r) => r.inactiveFor).indexOf('never'));
  });
  it('assignedProducts: each user\'s products as one sorted list, one row per user, holding its licenses', async () => {
    const rows = await q({ model: 'users', measures: ['licensedUsers', 'licensesOnInactiveUsers'], by: ['customerId', 'user', 'assignedProducts'], ...Q1 });
    const expected = new Map<string, { products: string[]; inactive: number }>();
    for (const r of o.userLicenses(f, Q1.from, Q1.to)) {
      const user = expected.get(`${r.customer_id} ${r.upn}`) ?? { products: [], inactive: 0 };
      user.products.push(r.product);
      if (r.licensed && r.inactive) user.inactive += 1;
      expected.set(`${r.customer_id} ${r.upn}`, user);
    }
    expect(rows).toHaveLength(expected.size);
    for (const row of rows) {
      const user = expected.get(`${row.customerId} ${row.user}`)!;
      // Sorted by code point, whatever Graph's order: "OFFICE 365 E3+MICROSOFT 365 E5" lists E5 first.
      expect(row.assignedProducts).toEqual([...user.products].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(row.licensesOnInactiveUsers).toBe(user.inactive);
    }
    expect(ids(rows, 'user')['jon@fabrikam.example']?.assignedProducts).toEqual(['MICROSOFT 365 E5', 'OFFICE 365 E3']);
    // Its column says so, for the renderers (an HTML list, one Excel text cell).
    const { columns } = await query(fw.warehouse.db, { model: 'users', measures: ['licensedUsers'], by: ['user', 'assignedProducts'], ...Q1 }, { config });
    expect(columns.map((c) => [c.name, c.list ?? false])).toEqual([['user', false], ['assignedProducts', true], ['licensedUsers', false]]);
    // A list counts as one value of the breakdown: users holding the same products share a row.
    const byList = await q({ model: 'users', measures: ['licensedUsers'], by: ['assignedProducts'], where: [{ dimension: 'customerId', values: ['t1'] }], ...Q1 });
    expect(byList).toEqual([
      { assignedProducts: ['MICROSOFT 365 BUSINESS PREMIUM'], licensedUsers: 6 },
      { assignedProducts: ['MICROSOFT 365 BUSINESS PREMIUM', 'VISIO PLAN 2'], licensedUsers: 2 },
    ]);
  });
});

describe('azure', () => {
  const money = (m: Map<string, bigint>, currency: string) => o.fromMicros(m.get(currency) ?? 0n);
  for (const [measure, column] of [['cost', 'cost'], ['effectiveCost', 'effective_cost']] as const) {
    it(`${measure}: summed per currency, never across`, async () => {
      const rows = ids(await q({ model: 'azure', measures: [measure], by: ['currency'], ...Q1 }), 'currency');
      for (const currency of ['USD', 'EUR']) expect(rows[currency]?.[measure]).toBeCloseTo(money(o.azureCost(f, Q1.from, Q1.to, () => true, column), currency), 6);
      const monthly = await q({ model: 'azure', measures: [measure], by: ['date:month', 'currency'], ...Q1 });
      for (const m of months) {
        for (const currency of ['USD', 'EUR']) {
          const row = monthly.find((r) => r.date === m.date && r.currency === currency);
          expect(row?.[measure]).toBeCloseTo(money(o.azureCost(f, m.from, m.to, () => true, column), currency), 6);
        }
      }
      const byCustomer = ids(await q({ model: 'azure', measures: [measure], by: ['customer'], where: [{ dimension: 'currency', values: ['USD'] }], ...Q1 }), 'customer');
      expect(byCustomer.Contoso?.[measure]).toBeCloseTo(money(o.azureCost(f, Q1.from, Q1.to, (r) => r.customer_id === 't1', column), 'USD'), 6);
      expect(byCustomer.Contoso?.currency).toBe('USD');
    });
  }

  it('quantity: summed per currency and meter', async () => {
    const rows = await q({ model: 'azure', measures: ['quantity'], by: ['meter'], where: [{ dimension: 'currency', values: ['USD'] }], ...Q1 });
    const expected = new Map<string, number>();
    for (const r of f.azure_usage.filter((r) => r.currency === 'USD' && String(r.date) >= Q1.from && String(r.date) <= Q1.to)) {
      expected.set(String(r.meter), (expected.get(String(r.meter)) ?? 0) + Number(r.quantity));
    }
    for (const [meter, quantity] of expected) expect(rows.find((r) => r.meter === meter)?.quantity).toBeCloseTo(quantity, 9);
  });

  it('costGrowth: against the previous period of equal length, and the previous month', async () => {
    const growth = (cur: number, prev: number) => (prev === 0 ? null : (cur - prev) / prev);
    const rows = ids(await q({ model: 'azure', measures: ['costGrowth'], by: ['currency'], ...Q1 }), 'currency');
    const before = { from: '2025-10-01', to: '2025-12-31' }; // Q1 is three whole months: the three months before
    for (const currency of ['USD', 'EUR']) {
      expect(rows[currency]?.costGrowth).toBeCloseTo(growth(money(o.azureCost(f, Q1.from, Q1.to), currency), money(o.azureCost(f, before.from, before.to), currency))!, 9);
    }
    const monthly = await q({ model: 'azure', measures: ['cost', 'costGrowth'], by: ['date:month'], where: [{ dimension: 'currency', values: ['USD'] }], ...Q1 });
    const usd = (from: string, to: string) => money(o.azureCost(f, from, to), 'USD');
    expect(monthly[0]?.costGrowth).toBeCloseTo(growth(usd('2026-01-01', '2026-01-31'), usd('2025-12-01', '2025-12-31'))!, 9);
    expect(monthly[1]).toMatchObject({ date: '2026-02-01', cost: 0, costGrowth: -1 }); // a month with no data
    expect(monthly[2]?.costGrowth).toBeNull(); // nothing to compare with
  });

  it('costMonthToDate, costLast30Days and forecastMonthEnd: as of the period\'s last day', async () => {
    const to = '2026-03-20';
    const rows = ids(await q({ model: 'azure', measures: ['costMonthToDate', 'costLast30Days', 'forecastMonthEnd'], by: ['currency'], from: '2026-03-01', to }), 'currency');
    for (const currency of ['USD', 'EUR']) {
      const mtd = money(o.azureCost(f, '2026-03-01', to), currency);
      expect(rows[currency]?.costMonthToDate).toBeCloseTo(mtd, 6);
      expect(rows[currency]?.costLast30Days).toBeCloseTo(money(o.azureCost(f, o.addDays(to, -29), to), currency), 6);
      expect(rows[currency]?.forecastMonthEnd).toBeCloseTo((mtd / 20) * 31, 6);
    }
    const monthly = await q({ model: 'azure', measures: ['costMonthToDate', 'costLast30Days', 'forecastMonthEnd'], by: ['date:month'], where: [{ dimension: 'currency', values: ['USD'] }], ...Q1 });
    months.forEach((m, i) => {
      const full = money(o.azureCost(f, m.from, m.to), 'USD');
      expect(monthly[i]?.costMonthToDate).toBeCloseTo(full, 6);
      expect(monthly[i]?.forecastMonthEnd).toBeCloseTo(full, 6); // a whole month forecasts itself
      expect(monthly[i]?.costLast30Days).toBeCloseTo(money(o.azureCost(f, o.addDays(m.to, -29), m.to), 'USD'), 6);
    });
  });

  it('budgetUsed, spendAgainstBudget, budgetAmount and customersOverBudget: configuration overrides the warehouse', async () => {
    for (const period of [months[2]!, { from: Q1.from, to: Q1.to }]) {
      const expected = o.budgets(f, period.from, period.to);
      const rows = await q({ model: 'azure', measures: ['budgetUsed', 'spendAgainstBudget', 'budgetAmount'], by: ['customerId', 'currency'], from: period.from, to: period.to });
      for (const b of expected) {
        const row = rows.find((r) => r.customerId === b.customer && r.currency === b.currency);
        expect(row?.budgetAmount).toBeCloseTo(b.budget, 6);
        expect(row?.spendAgainstBudget).toBeCloseTo(b.spend, 6);
        expect(row?.budgetUsed).toBeCloseTo(b.spend / b.budget, 9);
      }
      const over = await q({ model: 'azure', measures: ['customersOverBudget'], from: period.from, to: period.to });
      expect(over[0]?.customersOverBudget).toBe(expected.filter((b) => b.spend > b.budget).length);
    }
    // March: Contoso spent 1,250.75 USD of 1,000; Fabrikam 150.75 EUR of 200 (configuration; 100 in the warehouse).
    const march = await query(fw.warehouse.db, { model: 'azure', measures: ['customersOverBudget'], from: '2026-03-01', to: '2026-03-31' }, { config });
    expect(march.rows[0]?.customersOverBudget).toBe(1);
    const withoutConfig = await query(fw.warehouse.db, { model: 'azure', measures: ['customersOverBudget'], from: '2026-03-01', to: '2026-03-31' });
    expect(withoutConfig.rows[0]?.customersOverBudget).toBe(o.budgets(f, '2026-03-01', '2026-03-31', []).filter((b) => b.spend > b.budget).length);
    expect(withoutConfig.rows[0]?.customersOverBudget).toBe(2);
  });

  it('serviceCategory: from the line, else the Azure services lookup (service name, alias, consumed service), else Other', async () => {
    const rows = await q({ model: 'azure', measures: ['cost'], by: ['currency', 'serviceCategory'], ...Q1 });
    const got = Object.fromEntries(rows.map((r) => [`${r.currency} ${r.serviceCategory}`, r.cost]));
    expect(got).toEqual({
      'EUR Compute': 60.7, 'EUR Databases': 190.15,
      'USD Compute': 900.333333, 'USD Databases': 0.000001, 'USD Networking': 12.5, 'USD Other': 200.5, 'USD Storage': 450.25,
    });
  });

  it('subscription: named where the file names it, else by its id', async () => {
    const rows = await q({ model: 'azure', measures: ['cost'], by: ['subscription'], where: [{ dimension: 'currency', values: ['USD'] }], ...Q1 });
    expect(rows.map((r) => r.subscription).sort()).toEqual(['Contoso Production', 'az-t1-dev']);
  });
});

describe('activity', () => {
  const inRange = (from: string, to: string) => f.activity.filter((a) => String(a.operation_date).slice(0, 10) >= from && String(a.operation_date).slice(0, 10) <= to);
  it('operations and failedOperations: counted on the day they happened (timestamps at midnight included)', async () => {
    expect(await total('activity', 'operations')).toBe(inRange(Q1.from, Q1.to).length);
    expect(await total('activity', 'failedOperations')).toBe(inRange(Q1.from, Q1.to).filter((a) => a.operation_status === 'failed').length);
    const rows = await byMonth('activity', 'operations');
    expect(rows.map((r) => r.operations)).toEqual(months.map((m) => inRange(m.from, m.to).length));
    expect(rows.map((r) => r.operations)).toEqual([2, 2, 3]);
    const byStatus = ids(await q({ model: 'activity', measures: ['failedOperations', 'operations'], by: ['operationStatus'], ...Q1 }), 'operationStatus');
    expect(byStatus.failed).toMatchObject({ operations: 2, failedOperations: 2 });
    const byCustomer = ids(await q({ model: 'activity', measures: ['operations'], by: ['customer'], ...Q1 }), 'customer');
    expect(byCustomer.Contoso?.operations).toBe(inRange(Q1.from, Q1.to).filter((a) => a.customer_id === 't1').length);
    expect(await total('activity', 'operationsLast28Days')).toBe(inRange(o.addDays(Q1.to, -27), Q1.to).length);
  });
});
