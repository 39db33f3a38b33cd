import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/models/query.js';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';
import { firstPullDay, firstPullPages, item, tenant, type ScenarioPages } from './fake-partner-center/firstPullScenario.js';
import { checkFirstPull, expectedHistory, historyOf } from './first-pull-checks.js';
import { tempWarehouse } from './helpers/tempWarehouse.js';
import { runCli } from './helpers/children.js';
import { ingest } from './ingest-helpers.js';

// Issue 11 through saved pages (`ingest --format pc-json`): the partner of the first-pull scenario saved
// as Partner Center pages on 2026-11-20 (the files' modification day), loaded into an empty warehouse.
// The numbers are the API test's, worked by hand in test/first-pull-checks.ts.

let w: { warehouse: Warehouse; dir: string; cleanup(): Promise<void> };
let pages: ScenarioPages;
const later = '2026-11-27';

beforeAll(async () => {
  w = await tempWarehouse();
  pages = firstPullPages();
});
afterAll(async () => w?.cleanup());

/** Writes one saved collection page, modified at noon UTC on `day`. */
function save(name: string, items: unknown[], day: string, dir = w.dir): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ totalCount: items.length, items, links: {}, attributes: { objectType: 'Collection' } }, null, 2));
  const at = new Date(`${day}T12:00:00Z`);
  utimesSync(file, at, at);
  return file;
}

describe('first load from saved Partner Center pages', () => {
  it('dates each subscription by its own fields, so every measure reading history is right from the first page', async () => {
    const files = [save('customers.json', pages.customers, firstPullDay)];
    for (const [key, id] of Object.entries(tenant)) {
      files.push(save(`subscriptions-${key}.json`, pages.subscriptions[id]!, firstPullDay));
      if (pages.subscribedSkus[id]!.length) files.push(save(`subscribedskus-${key}.json`, pages.subscribedSkus[id]!, firstPullDay));
    }
    const result = await ingest(w.warehouse, files, { format: 'pc-json' });
    expect(result.files.map((f) => [f.path, f.status, f.cause])).toEqual(files.map((f) => [f, 'loaded', null]));
    expect(await w.warehouse.db.value('SELECT count(*) FROM subscriptions')).toBe(10);
    await checkFirstPull(w.warehouse.db);
  });

  it('as a new user does it: `partnerlens ingest --format pc-json` then `partnerlens query` (needs the build)', () => {
    const dir = join(w.dir, 'cli');
    mkdirSync(dir);
    const fresh = firstPullPages();
    const files = [save('customers.json', fresh.customers, firstPullDay, dir)];
    for (const [key, id] of Object.entries(tenant)) files.push(save(`subscriptions-${key}.json`, fresh.subscriptions[id]!, firstPullDay, dir));
    const db = join(dir, 'w.duckdb');
    const ingested = runCli(['ingest', ...files, '--format', 'pc-json', '--db', db]);
    expect([ingested.code, ingested.stderr]).toEqual([0, '']);
    // The two numbers: churned in D's month 1 (A), customers at the end of the previous month 6.
    const churned = runCli(['query', 'customers', '--measures', 'churnedCustomers', '--from', '2026-11-01', '--to', firstPullDay, '--json', '--db', db]);
    expect(JSON.parse(churned.stdout)).toEqual([{ churnedCustomers: 1 }]);
    const customers = runCli(['query', 'customers', '--measures', 'customers', '--from', '2026-10-01', '--to', '2026-10-31', '--json', '--db', db]);
    expect(JSON.parse(customers.stdout)).toEqual([{ customers: 6 }]);
  });

  it('a page saved on a later day dates its change that day and leaves the first pages\' history as it was', async () => {
    const others = async () => (await Promise.all(Object.keys(expectedHistory).filter((k) => k !== 'C1').map(async (k) => [k, await historyOf(w.warehouse.db, k)])));
    const before = await others();
    item(pages, 'C1').status = 'active';
    const file = save('subscriptions-C-later.json', pages.subscriptions[tenant.C]!, later);
    const result = await ingest(w.warehouse, [file], { format: 'pc-json' });
    expect(result.files[0]).toMatchObject({ status: 'loaded', read: 1, rejected: 0 });
    expect(await historyOf(w.warehouse.db, 'C1')).toEqual([['suspended', '2025-04-15', later], ['active', later, null]]);
    expect(await others()).toEqual(before);
    const asOf = async (to: string) => (await query(w.warehouse.db, { model: 'subscriptions', measures: ['activeSubscriptions', 'suspendedSubscriptions'], from: '2026-11-01', to })).rows[0];
    expect(await asOf(firstPullDay)).toEqual({ activeSubscriptions: 6, suspendedSubscriptions: 1 });
    expect(await asOf(later)).toEqual({ activeSubscriptions: 7, suspendedSubscriptions: 0 });
  });
});
