import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/models/query.js';
import { firstPullDay, item, serveFirstPullPages, subscriptionId, type ScenarioPages } from './fake-partner-center/firstPullScenario.js';
import { startFakePartnerCenter, type FakePartnerCenter } from './fake-partner-center/fakePartnerCenter.js';
import { openHarness, type Harness } from './fake-partner-center/pcHarness.js';
import { checkFirstPull, expectedHistory, historyOf } from './first-pull-checks.js';

// Issue 11 through the API: a partner's first pull from the fake Partner Center (real HTTP), then every
// measure that reads subscription history, against values worked by hand (test/first-pull-checks.ts).

let fake: FakePartnerCenter;
let h: Harness;
let pages: ScenarioPages;
const D = firstPullDay;
const later = '2026-11-27';

beforeAll(async () => {
  fake = await startFakePartnerCenter({ customers: 1, today: '2026-11-21' });
  pages = serveFirstPullPages(fake);
  h = await openHarness(fake);
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

describe('first pull from the Partner Center API', () => {
  it('dates each subscription by its own fields, so customers, churn, new customers, statuses, renewals and conversions are right at once', async () => {
    for (const job of ['customers', 'subscriptions', 'licenses'] as const) {
      const outcome = await h.run(job, { period: { from: D, to: D } });
      expect([job, outcome.status]).toEqual([job, 'succeeded']);
    }
    expect(await h.warehouse.db.value('SELECT count(*) FROM subscriptions')).toBe(10);
    await checkFirstPull(h.warehouse.db);
  });

  it('a later pull dates a change on the day it is seen and leaves the first pull\'s history as it was', async () => {
    const before = await h.warehouse.db.all('SELECT * EXCLUDE (run_id) FROM subscription_history WHERE subscription_id <> ? ORDER BY subscription_id, valid_from', [subscriptionId('C1')]);
    // Cedar pays: C1 goes from suspended to active, seen on 2026-11-27.
    item(pages, 'C1').status = 'active';
    const outcome = await h.run('subscriptions', { period: { from: later, to: later } });
    expect(outcome.status).toBe('succeeded');
    expect(await historyOf(h.warehouse.db, 'C1')).toEqual([['suspended', '2025-04-15', later], ['active', later, null]]);
    expect(await h.warehouse.db.all('SELECT * EXCLUDE (run_id) FROM subscription_history WHERE subscription_id <> ? ORDER BY subscription_id, valid_from', [subscriptionId('C1')])).toEqual(before);
    for (const [key, stretches] of Object.entries(expectedHistory)) if (key !== 'C1') expect([key, await historyOf(h.warehouse.db, key)]).toEqual([key, stretches]);

    // As of D, C1 was still suspended; as of the later day it is active (6 + 1 = 7 active, none suspended).
    const asOf = async (to: string) => (await query(h.warehouse.db, { model: 'subscriptions', measures: ['activeSubscriptions', 'suspendedSubscriptions'], from: '2026-11-01', to })).rows[0];
    expect(await asOf(D)).toEqual({ activeSubscriptions: 6, suspendedSubscriptions: 1 });
    expect(await asOf(later)).toEqual({ activeSubscriptions: 7, suspendedSubscriptions: 0 });
    // Customers and churn are unchanged: C was a customer all along (suspended counts), A still churned in November.
    expect((await query(h.warehouse.db, { model: 'customers', measures: ['customers', 'churnedCustomers'], from: '2026-11-01', to: later })).rows).toEqual([{ customers: 6, churnedCustomers: 1 }]);
  });
});
