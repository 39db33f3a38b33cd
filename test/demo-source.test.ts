import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hardNames } from '../src/sources/demo/catalog/companyNames.js';
import type { Database } from '../src/warehouse/database.js';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';
import type { RunOutcome } from '../src/jobs/runJob.js';
import { checksums, dataTables, demoWarehouse, runDemo } from './demoSupport.js';

// One demo partner big enough to hold every hard name (they sit at odd positions 1…19), loaded through
// the real job runner into a real warehouse file; each test reads what a user would query.
const settings = { seed: 7, customers: 20, months: 4, asOf: '2026-10-31' };
let warehouse: Warehouse;
let db: Database;
let outcomes: RunOutcome[];
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ warehouse, outcomes, cleanup } = await demoWarehouse(settings));
  db = warehouse.db;
});
afterAll(async () => cleanup?.());

const count = async (sql: string, params: (string | number)[] = []) => Number(await db.value(sql, params));

describe('demo source through every job', () => {
  it('every job succeeds with nothing rejected, and every published table has rows from its run', async () => {
    expect(outcomes.map((o) => [o.job, o.status, o.counts.rejected])).toEqual([
      ['customers', 'succeeded', 0], ['subscriptions', 'succeeded', 0], ['licenses', 'succeeded', 0],
      ['workload-usage', 'succeeded', 0], ['azure-usage', 'succeeded', 0], ['activity-log', 'succeeded', 0],
    ]);
    for (const table of dataTables) expect(await count(`SELECT count(*) FROM ${table}`), table).toBeGreaterThan(0);
    expect(await count('SELECT count(*) FROM customers')).toBe(20);
    // The data ends on the as-of date and spans the asked months.
    expect(await db.value('SELECT min(date)::VARCHAR FROM license_snapshots')).toBe('2026-07-01');
    expect(await db.value('SELECT max(date)::VARCHAR FROM azure_usage')).toBe('2026-10-31');
    expect(await db.value('SELECT max(operation_date)::DATE::VARCHAR FROM activity')).toBe('2026-10-31');
    expect(await db.all('SELECT DISTINCT report_date::VARCHAR AS d FROM user_activity')).toEqual([{ d: '2026-10-31' }]);
    const freshness = await db.all<{ dataset: string; as_of: string }>(`SELECT dataset, as_of::VARCHAR AS as_of FROM freshness WHERE source = 'demo' ORDER BY 1`);
    expect(freshness.length).toBe(dataTables.length);
    for (const f of freshness) expect(f.as_of).toBe('2026-10-31 23:59:59');
  });

  it('hard customer names survive intact in every table that carries a name', async () => {
    const names = (await db.all<{ name: string }>('SELECT name FROM customers')).map((r) => r.name);
    for (const hard of hardNames) expect(names).toContain(hard.name);
    const long = names.find((n) => n.length >= 200);
    expect(long?.length).toBeGreaterThanOrEqual(200);
    expect(names).toContain('Smith & Wesson "Quality" Plumbing');
    for (const table of ['workload_usage', 'azure_usage', 'license_deployment', 'activity']) {
      const mismatched = await count(
        `SELECT count(*) FROM ${table} t JOIN customers c ON c.customer_id = t.customer_id WHERE t.customer_name IS DISTINCT FROM c.name`,
      );
      expect(mismatched, table).toBe(0);
    }
    expect(await count(`SELECT count(DISTINCT customer_id) FROM azure_usage WHERE customer_name = ?`, ["Société Générale d'Électricité"])).toBe(1);
  });

  it('subscriptions come in every status, term, trial and auto-renew setting', async () => {
    const values = async (column: string) => (await db.all<{ v: unknown }>(`SELECT DISTINCT ${column} AS v FROM subscriptions ORDER BY 1`)).map((r) => r.v);
    expect(await values('status')).toEqual(['active', 'deleted', 'expired', 'pending', 'suspended']);
    expect(await values(`term_duration`)).toEqual(['P1M', 'P1Y', 'P3Y', null]);
    expect(await values('is_trial')).toEqual([false, true]);
    expect(await values('auto_renew')).toEqual([false, true]);
    expect(await values('billing_type')).toEqual(['license', 'usage']);
    // Trials: one still running, one that lapsed, one converted to a paid subscription of the same offer.
    expect(await count(`SELECT count(*) FROM subscriptions WHERE is_trial AND status = 'active'`)).toBeGreaterThan(0);
    expect(await count(
      `SELECT count(*) FROM subscriptions t JOIN subscriptions p ON p.customer_id = t.customer_id AND p.offer_id = t.offer_id
         AND NOT p.is_trial AND p.creation_date::DATE = t.ended_date
       WHERE t.is_trial AND t.status = 'expired'`,
    )).toBeGreaterThan(0);
    expect(await count(
      `SELECT count(*) FROM subscriptions t WHERE t.is_trial AND t.status = 'expired' AND NOT EXISTS (
         SELECT 1 FROM subscriptions p WHERE p.customer_id = t.customer_id AND p.offer_id = t.offer_id AND NOT p.is_trial AND p.creation_date::DATE = t.ended_date)`,
    )).toBeGreaterThan(0);
  });

  it('subscription history is contiguous and ends in each subscription’s current state', async () => {
    expect(await count(
      `SELECT count(*) FROM (SELECT valid_to, lead(valid_from) OVER (PARTITION BY subscription_id ORDER BY valid_from) AS next FROM subscription_history)
       WHERE valid_to IS DISTINCT FROM next`,
    )).toBe(0);
    const subscriptions = await count('SELECT count(*) FROM subscriptions');
    expect(await count(
      `SELECT count(*) FROM subscriptions s JOIN subscription_history h ON h.subscription_id = s.subscription_id AND h.valid_to IS NULL
       WHERE h.status = s.status AND h.quantity = s.quantity AND h.auto_renew = s.auto_renew AND h.customer_id = s.customer_id`,
    )).toBe(subscriptions);
    // An ended subscription's last stretch starts on its end date; a live one has no end date.
    expect(await count(
      `SELECT count(*) FROM subscriptions s JOIN subscription_history h ON h.subscription_id = s.subscription_id AND h.valid_to IS NULL
       WHERE s.ended_date IS DISTINCT FROM CASE WHEN s.status IN ('expired', 'deleted') THEN h.valid_from END`,
    )).toBe(0);
    // History starts when the subscription was created.
    expect(await count(
      `SELECT count(*) FROM subscriptions s JOIN (SELECT subscription_id, min(valid_from) AS first FROM subscription_history GROUP BY 1) h
         USING (subscription_id) WHERE h.first <> s.creation_date::DATE`,
    )).toBe(0);
  });

  it('each daily licence snapshot sells exactly the quantity of the one subscription live that day, and assigns no more', async () => {
    const rows = await db.all<{ n: number; ok: number; over: number }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE matches = 1 AND quantity = total_units) AS ok, count(*) FILTER (WHERE consumed_units > total_units) AS over
       FROM (SELECT l.date, l.customer_id, l.sku_id, l.total_units, l.consumed_units, count(h.subscription_id) AS matches, max(h.quantity) AS quantity
             FROM license_snapshots l
             LEFT JOIN subscriptions s ON s.customer_id = l.customer_id AND s.product = l.product
             LEFT JOIN subscription_history h ON h.subscription_id = s.subscription_id AND h.valid_from <= l.date
               AND (h.valid_to IS NULL OR h.valid_to > l.date) AND h.status IN ('active', 'suspended')
             GROUP BY ALL)`,
    );
    expect(rows[0]!.n).toBeGreaterThan(1000);
    expect(rows[0]!.ok).toBe(rows[0]!.n);
    expect(rows[0]!.over).toBe(0);
    // …and a subscription live on a day always has its snapshot.
    expect(await count(
      `SELECT count(*) FROM subscription_history h JOIN subscriptions s USING (subscription_id)
       CROSS JOIN generate_series(DATE '2026-07-01', DATE '2026-10-31', INTERVAL 1 DAY) g(day)
       WHERE s.billing_type = 'license' AND h.status IN ('active', 'suspended') AND h.valid_from <= g.day::DATE AND (h.valid_to IS NULL OR h.valid_to > g.day::DATE)
         AND NOT EXISTS (SELECT 1 FROM license_snapshots l WHERE l.customer_id = s.customer_id AND l.product = s.product AND l.date = g.day::DATE)`,
    )).toBe(0);
  });

  it('licence data has what the licence measures look for: adds, reductions, capacity, renewals with unassigned seats', async () => {
    const changes = await db.one<{ adds: number; reductions: number }>(
      `SELECT count(*) FILTER (WHERE delta > 0) AS adds, count(*) FILTER (WHERE delta < 0) AS reductions FROM (
         SELECT total_units - lag(total_units) OVER (PARTITION BY customer_id, sku_id ORDER BY date) AS delta FROM license_snapshots)`,
    );
    expect(changes!.adds).toBeGreaterThan(0);
    expect(changes!.reductions).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM license_snapshots WHERE date = '2026-10-31' AND consumed_units = total_units`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM license_snapshots WHERE date = '2026-10-31' AND consumed_units < total_units`)).toBeGreaterThan(0);
    expect(await count(
      `SELECT count(*) FROM subscriptions s JOIN license_snapshots l ON l.customer_id = s.customer_id AND l.product = s.product AND l.date = '2026-10-31'
       WHERE s.status = 'active' AND s.auto_renew AND s.billing_type = 'license'
         AND s.commitment_end_date BETWEEN DATE '2026-11-01' AND DATE '2026-11-30' AND l.consumed_units < l.total_units`,
    )).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM subscriptions WHERE status = 'active' AND NOT auto_renew AND commitment_end_date <= DATE '2026-11-30'`)).toBeGreaterThan(0);
    // Deployment analytics agree with the snapshots on the days they were processed.
    expect(await count(
      `SELECT count(*) FROM license_deployment d JOIN license_snapshots l ON l.date = d.date AND l.customer_id = d.customer_id AND l.sku_id = d.product_id
       WHERE d.licenses_sold <> l.total_units OR d.licenses_deployed <> l.consumed_units`,
    )).toBe(0);
    expect(await db.all(`SELECT DISTINCT date::VARCHAR AS d FROM license_deployment ORDER BY 1`)).toEqual(
      ['2026-07-31', '2026-08-31', '2026-09-30', '2026-10-31'].map((d) => ({ d })),
    );
  });

  it('customers arrive and leave during the window', async () => {
    expect(await count(
      `SELECT count(*) FROM (SELECT customer_id, min(creation_date) AS first FROM subscriptions GROUP BY 1) WHERE first >= DATE '2026-07-01'`,
    )).toBeGreaterThan(0);
    expect(await count(
      `SELECT count(*) FROM (SELECT customer_id, bool_or(status IN ('active', 'suspended', 'pending')) AS live, max(ended_date) AS last FROM subscriptions GROUP BY 1)
       WHERE NOT live AND last BETWEEN DATE '2026-07-01' AND DATE '2026-10-31'`,
    )).toBeGreaterThan(0);
  });

  it('workload usage: qualified users are the assigned licences, active users mostly fewer, a few above 100 %', async () => {
    expect((await db.all<{ w: string }>('SELECT DISTINCT workload AS w FROM workload_usage ORDER BY 1')).map((r) => r.w)).toEqual(
      ['exchange', 'office-apps', 'sharepoint', 'skype', 'teams', 'yammer'],
    );
    expect(await count(
      `SELECT count(*) FROM workload_usage w JOIN license_snapshots l ON l.date = w.date AND l.customer_id = w.customer_id AND l.sku_id = w.product_id
       WHERE w.licenses_qualified <> l.consumed_units`,
    )).toBe(0);
    const rates = await db.one<{ over: number; under: number }>(
      `SELECT count(*) FILTER (WHERE licenses_active > licenses_qualified) AS over, count(*) FILTER (WHERE licenses_active < licenses_qualified) AS under FROM workload_usage`,
    );
    expect(rates!.over).toBeGreaterThan(0);
    expect(rates!.under).toBeGreaterThan(rates!.over * 10);
  });

  it('user activity: licence holders match the assigned units, and users fall in every inactivity bucket', async () => {
    // Graph's "Assigned Products" names each product once per user: per customer and product, as many users as assigned units.
    const mismatches = await count(
      `WITH held AS (
         SELECT u.customer_id, p.product, count(*) AS users FROM user_activity u, unnest(string_split(u.assigned_products, '+')) p(product)
         WHERE NOT u.is_deleted GROUP BY ALL),
       sold AS (
         SELECT l.customer_id, upper(l.product) AS product, l.consumed_units FROM license_snapshots l WHERE l.date = '2026-10-31' AND l.consumed_units > 0)
       SELECT count(*) FROM sold FULL JOIN held USING (customer_id, product) WHERE sold.consumed_units IS DISTINCT FROM held.users`,
    );
    expect(mismatches).toBe(0);
    const buckets = await db.all<{ bucket: string; n: number }>(
      `SELECT CASE WHEN last IS NULL THEN 'never' WHEN age < 30 THEN 'active' WHEN age < 60 THEN '30-59' WHEN age < 90 THEN '60-89' ELSE '90+' END AS bucket, count(*) AS n
       FROM (SELECT greatest(exchange_last, onedrive_last, sharepoint_last, skype_last, yammer_last, teams_last) AS last,
               date_diff('day', greatest(exchange_last, onedrive_last, sharepoint_last, skype_last, yammer_last, teams_last), report_date) AS age
             FROM user_activity WHERE NOT is_deleted AND assigned_products IS NOT NULL)
       GROUP BY 1 ORDER BY 1`,
    );
    expect(buckets.map((b) => b.bucket)).toEqual(['30-59', '60-89', '90+', 'active', 'never']);
    const active = buckets.find((b) => b.bucket === 'active')!.n;
    expect(active).toBeGreaterThan(buckets.reduce((s, b) => s + b.n, 0) / 2);
    expect(await count('SELECT count(*) FROM user_activity WHERE is_deleted AND deleted_date IS NOT NULL')).toBeGreaterThan(0);
    expect(await count('SELECT count(*) - count(DISTINCT upn) FROM user_activity')).toBe(0);
  });

  it('Azure usage has several meter categories, regions, resource groups and a second currency, one currency per customer', async () => {
    const spread = await db.one<{ categories: number; regions: number; groups: number; currencies: number; mixed: number }>(
      `SELECT count(DISTINCT meter_category) AS categories, count(DISTINCT region) AS regions, count(DISTINCT resource_group) AS groups,
         count(DISTINCT currency) AS currencies,
         (SELECT count(*) FROM (SELECT customer_id FROM azure_usage GROUP BY 1 HAVING count(DISTINCT currency) > 1)) AS mixed
       FROM azure_usage`,
    );
    expect(spread!.categories).toBeGreaterThanOrEqual(5);
    expect(spread!.regions).toBeGreaterThanOrEqual(3);
    expect(spread!.groups).toBeGreaterThanOrEqual(4);
    expect(spread!.currencies).toBeGreaterThanOrEqual(2);
    expect(spread!.mixed).toBe(0);
    expect(await count(`SELECT count(*) FROM azure_usage WHERE cost <= 0 OR quantity <= 0 OR source_format <> 'demo'`)).toBe(0);
    // Azure usage belongs to customers with an Azure plan, on days it was live.
    expect(await count(
      `SELECT count(*) FROM azure_usage a WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = a.customer_id AND s.billing_type = 'usage'
         AND s.creation_date::DATE <= a.date AND (s.ended_date IS NULL OR s.ended_date > a.date))`,
    )).toBe(0);
  });

  it('activity records: succeeded and failed operations of several kinds, by the partner’s staff', async () => {
    const statuses = (await db.all<{ s: string }>('SELECT DISTINCT operation_status AS s FROM activity ORDER BY 1')).map((r) => r.s);
    expect(statuses).toContain('succeeded');
    expect(statuses).toContain('failed');
    expect(await count('SELECT count(DISTINCT operation_type) FROM activity')).toBeGreaterThanOrEqual(5);
    expect(await count(`SELECT count(*) FROM activity WHERE operation_type = 'createOrder'`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) FROM activity WHERE user_principal_name NOT LIKE '%@blueharborcloud.com'`)).toBe(0);
    expect(await count(`SELECT count(*) FROM activity WHERE json_valid(customized_data) = false`)).toBe(0);
  });

  it('running the demo again changes nothing: same counts, same content', async () => {
    const before = await checksums(db);
    const again = await runDemo(warehouse, settings);
    expect(again.every((o) => o.status === 'succeeded')).toBe(true);
    expect(await checksums(db)).toEqual(before);
  });
});
