import { expect } from 'vitest';
import { query, type QueryRequest } from '../src/models/query.js';
import type { Database } from '../src/warehouse/database.js';
import { firstPullDay, subscriptionId } from './fake-partner-center/firstPullScenario.js';

// What a partner loaded only from the first look at Partner Center (the scenario of
// fake-partner-center/firstPullScenario.ts, pages of 2026-11-20 = D) must show, worked by hand from SPEC §4
// ("History before the first pull" and the model table) before any query was run. Shared by the API
// pull and the saved-pages tests: both must give these very numbers.
//
// Each subscription's history, by the SPEC's rule (existed from effectiveStartDate, else creationDate; an
// expired or deleted one active until its commitmentEndDate, else until the day seen; valid_to exclusive):
//   A1 active 2025-11-09 → 2026-11-09, then expired      B1 active from 2024-03-01 (created 2024-02-28: not used)
//   B2 active from 2025-06-10                            C1 suspended from 2025-04-15 (no effective start: creation)
//   D1 active 2025-08-01 → 2025-08-31, then expired      D2 active from 2025-08-25
//   E1 active from 2025-12-01                            F1 active 2025-09-01 → D (no commitment end), then deleted
//   F2 active from 2026-02-14                            G1 active from 2026-11-03

export const expectedHistory: Record<string, [status: string, from: string, to: string | null][]> = {
  A1: [['active', '2025-11-09', '2026-11-09'], ['expired', '2026-11-09', null]],
  B1: [['active', '2024-03-01', null]],
  B2: [['active', '2025-06-10', null]],
  C1: [['suspended', '2025-04-15', null]],
  D1: [['active', '2025-08-01', '2025-08-31'], ['expired', '2025-08-31', null]],
  D2: [['active', '2025-08-25', null]],
  E1: [['active', '2025-12-01', null]],
  F1: [['active', '2025-09-01', firstPullDay], ['deleted', firstPullDay, null]],
  F2: [['active', '2026-02-14', null]],
  G1: [['active', '2026-11-03', null]],
};

export async function historyOf(db: Database, key: string): Promise<[string, string, string | null][]> {
  const rows = await db.all<{ status: string; f: string; t: string | null }>(
    'SELECT status, valid_from::VARCHAR AS f, valid_to::VARCHAR AS t FROM subscription_history WHERE subscription_id = ? ORDER BY valid_from',
    [subscriptionId(key)],
  );
  return rows.map((r) => [r.status, r.f, r.t]);
}

async function one(db: Database, request: QueryRequest): Promise<Record<string, unknown>> {
  const { rows } = await query(db, request);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

/** Months of a by-month query that are not 0, as { 'YYYY-MM': n }. */
async function nonZeroMonths(db: Database, model: string, measure: string, from: string, to: string): Promise<Record<string, unknown>> {
  const { rows } = await query(db, { model, measures: [measure], by: ['date:month'], from, to });
  return Object.fromEntries(rows.filter((r) => r[measure] !== 0).map((r) => [String(r.date).slice(0, 7), r[measure]]));
}

export async function checkFirstPull(db: Database): Promise<void> {
  for (const [key, stretches] of Object.entries(expectedHistory)) expect([key, await historyOf(db, key)]).toEqual([key, stretches]);

  // customers = tenants with ≥ 1 subscription active or suspended on the period's last day.
  // End of October 2026: A (A1 active until 11-09), B, C (suspended counts), D (D2), E, F (F1 and F2); G starts 11-03 → 6.
  expect(await one(db, { model: 'customers', measures: ['customers'], from: '2026-10-01', to: '2026-10-31' })).toEqual({ customers: 6 });
  // On D: A has none left (expired 11-09); G has arrived; F keeps F2 → B, C, D, E, F, G = 6.
  expect(await one(db, { model: 'customers', measures: ['customers'], from: '2026-11-01', to: firstPullDay })).toEqual({ customers: 6 });
  // End of July 2025: B (B1, B2) and C (suspended since 04-15); D starts 08-01, F 09-01, A 11-09, E 12-01 → 2.
  expect(await one(db, { model: 'customers', measures: ['customers'], from: '2025-07-01', to: '2025-07-31' })).toEqual({ customers: 2 });

  // churnedCustomers: no active/suspended subscription left, the last one ended in the period. Only A
  // (A1 ended 2026-11-09). D's trial ended 2025-08-31 while D2 ran; F1 ended on D while F2 runs.
  expect(await one(db, { model: 'customers', measures: ['churnedCustomers'], from: '2026-11-01', to: firstPullDay })).toEqual({ churnedCustomers: 1 });
  expect(await nonZeroMonths(db, 'customers', 'churnedCustomers', '2024-01-01', firstPullDay)).toEqual({ '2026-11': 1 });

  // newCustomers: the month each customer's first subscription started (effective start, else creation):
  // B 2024-03 (created in February: February has none), C 2025-04, D 2025-08, F 2025-09, A 2025-11, E 2025-12, G 2026-11.
  expect(await nonZeroMonths(db, 'customers', 'newCustomers', '2024-01-01', firstPullDay)).toEqual({
    '2024-03': 1, '2025-04': 1, '2025-08': 1, '2025-09': 1, '2025-11': 1, '2025-12': 1, '2026-11': 1,
  });

  // Subscriptions by status on D: active B1 B2 D2 E1 F2 G1 = 6; suspended C1 = 1; expired A1 D1 and deleted F1 = 3; all 10.
  // renewingIn30Days: active, auto-renew, term ending within 30 days of D: D2 (commitment end 2026-12-10,
  // 20 days); B1 ends 2027-02-28, C1 is suspended, G1 ends 2027-11-02, the Azure plans have no term → 1.
  // expiringIn30Days: active without auto-renew, term ending within 30 days: E1 (2026-11-30, 10 days) → 1.
  expect(await one(db, {
    model: 'subscriptions', from: '2026-11-01', to: firstPullDay,
    measures: ['subscriptions', 'activeSubscriptions', 'suspendedSubscriptions', 'deprovisionedSubscriptions', 'renewingIn30Days', 'expiringIn30Days'],
  })).toEqual({ subscriptions: 10, activeSubscriptions: 6, suspendedSubscriptions: 1, deprovisionedSubscriptions: 3, renewingIn30Days: 1, expiringIn30Days: 1 });
  // By status at the end of October 2026: active A1 B1 B2 D2 E1 F1 F2 = 7, suspended C1, expired D1; G1 not yet.
  const october = await query(db, { model: 'subscriptions', measures: ['subscriptions'], by: ['status'], from: '2026-10-01', to: '2026-10-31' });
  expect(Object.fromEntries(october.rows.map((r) => [r.status, r.subscriptions]))).toEqual({ active: 7, suspended: 1, expired: 1 });

  // newSubscriptions by start month: B1 2024-03, C1 2025-04, B2 2025-06, D1 and D2 2025-08, F1 2025-09,
  // A1 2025-11, E1 2025-12, F2 2026-02, G1 2026-11.
  expect(await nonZeroMonths(db, 'subscriptions', 'newSubscriptions', '2024-01-01', firstPullDay)).toEqual({
    '2024-03': 1, '2025-04': 1, '2025-06': 1, '2025-08': 2, '2025-09': 1, '2025-11': 1, '2025-12': 1, '2026-02': 1, '2026-11': 1,
  });
  // reducibleAtRenewal: unassigned licenses of the (customer, product) pairs with an active, auto-renewing,
  // license-based subscription whose term ends within 30 days of D, at most the units renewing: only D2
  // (Business Premium, 25 units, ends 2026-12-10); D's Business Premium SKU: 25 sold − 22 assigned = 3 → 3.
  expect(await one(db, { model: 'licenses', measures: ['reducibleAtRenewal'], from: '2026-11-01', to: firstPullDay })).toEqual({ reducibleAtRenewal: 3 });
  // Licenses sold: the one snapshot (D) sums 25 + 40 + 25 + 5 + 8 = 103; the months before it have no value.
  const sold = await query(db, { model: 'licenses', measures: ['licensesSold'], by: ['date:month'], from: '2026-09-01', to: firstPullDay });
  expect(sold.rows).toEqual([{ date: '2026-09-01', licensesSold: null }, { date: '2026-10-01', licensesSold: null }, { date: '2026-11-01', licensesSold: 103 }]);

  // trialConversions: D1 (trial, 2025-08-01 → 08-31) followed by D2, the same product paid, starting 2025-08-25 → 1 in August 2025.
  expect(await nonZeroMonths(db, 'subscriptions', 'trialConversions', '2024-01-01', firstPullDay)).toEqual({ '2025-08': 1 });
}
