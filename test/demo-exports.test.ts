import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconColumns } from '../src/sources/files/formats/reconColumns.js';
import { writeDemoExports, type DemoExports } from '../src/sources/demo/exports/writeDemoExports.js';
import type { Database } from '../src/warehouse/database.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { demoWarehouse, exactDecimal, parseCsv, tempFolder } from './demoSupport.js';

// The exports of a demo partner, checked against a warehouse the demo source filled with the same
// settings: the files must carry the same data, in the real files' shapes.
const settings = { seed: 9, customers: 8, months: 2, asOf: '2026-08-31' };
const graphHeader =
  'Report Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,Has Exchange License,Has OneDrive License,Has SharePoint License,' +
  'Has Skype For Business License,Has Yammer License,Has Teams License,Exchange Last Activity Date,OneDrive Last Activity Date,SharePoint Last Activity ' +
  'Date,Skype For Business Last Activity Date,Yammer Last Activity Date,Teams Last Activity Date,Exchange License Assign Date,OneDrive License Assign ' +
  'Date,SharePoint License Assign Date,Skype For Business License Assign Date,Yammer License Assign Date,Teams License Assign Date,Assigned Products';

let exported: DemoExports;
let db: Database;
let dir: string;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  const folder = tempFolder();
  cleanups.push(folder.cleanup);
  dir = folder.dir;
  exported = await writeDemoExports({ dir: join(dir, 'exports'), ...settings });
  const loaded = await demoWarehouse(settings);
  cleanups.push(loaded.cleanup);
  db = loaded.warehouse.db;
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const csv = (file: string) => parseCsv(readFileSync(file, 'utf8'));
const json = (file: string) => JSON.parse(readFileSync(join(exported.dir, 'partner-center', file), 'utf8')) as Record<string, unknown> & { items: Record<string, unknown>[] };

describe('demo exports', () => {
  it('the reconciliation CSV has the 55-column header, and its BillingPreTaxTotal per currency is the warehouse’s Azure cost to the last digit', async () => {
    const [header, ...rows] = csv(join(exported.dir, 'daily-rated-usage.csv'));
    expect(header).toEqual([...reconColumns]);
    expect(header).toHaveLength(55);
    expect(header![0]).toBe('PartnerId');
    expect(header!.at(-1)).toBe('BenefitType');
    const at = (name: string) => header!.indexOf(name);
    const fromFile = new Map<string, bigint>();
    for (const row of rows) {
      expect(row).toHaveLength(55);
      const currency = row[at('BillingCurrency')]!;
      fromFile.set(currency, (fromFile.get(currency) ?? 0n) + exactDecimal(row[at('BillingPreTaxTotal')]!));
    }
    const fromWarehouse = await db.all<{ currency: string; total: string; n: number }>(
      'SELECT currency, sum(cost)::VARCHAR AS total, count(*) AS n FROM azure_usage GROUP BY 1 ORDER BY 1',
    );
    expect(fromWarehouse.length).toBeGreaterThanOrEqual(2);
    expect([...fromFile.keys()].sort()).toEqual(fromWarehouse.map((r) => r.currency));
    for (const { currency, total } of fromWarehouse) expect(fromFile.get(currency), currency).toBe(exactDecimal(total));
    expect(rows.length).toBe(fromWarehouse.reduce((s, r) => s + r.n, 0));
    // Customer names (quotes, commas, accents) come back intact from the file.
    const names = new Set(rows.map((r) => r[at('CustomerName')]));
    const expected = await db.all<{ name: string }>('SELECT DISTINCT customer_name AS name FROM azure_usage');
    expect([...names].sort()).toEqual(expected.map((r) => r.name).sort());
  });

  it('loading the reconciliation CSV with `partnerlens ingest` gives the same Azure usage as the demo source', async () => {
    const path = join(dir, 'ingested.duckdb');
    const cli = fileURLToPath(new URL('../bin/partnerlens.js', import.meta.url));
    const run = spawnSync(process.execPath, [cli, 'ingest', join(exported.dir, 'daily-rated-usage.csv'), '--db', path], {
      cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, PARTNERLENS_LOG_LEVEL: 'error' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const totals = 'SELECT currency, count(*) AS n, sum(cost)::VARCHAR AS cost, sum(quantity)::DECIMAL(38,4)::VARCHAR AS quantity FROM azure_usage GROUP BY 1 ORDER BY 1';
    const ingested = await openWarehouse({ path, readOnly: true });
    try {
      expect(await ingested.db.all(totals)).toEqual(await db.all(totals));
    } finally {
      await ingested.close();
    }
  }, 180_000);

  it('one Graph active-user-detail CSV per current customer, with Graph’s header and the users the warehouse holds', async () => {
    const tenants = readdirSync(join(exported.dir, 'm365')).sort();
    const current = await db.all<{ id: string }>(
      `SELECT DISTINCT customer_id AS id FROM user_activity ORDER BY 1`,
    );
    expect(tenants).toEqual(current.map((c) => c.id));
    for (const tenant of tenants) {
      const text = readFileSync(join(exported.dir, 'm365', tenant, 'ActiveUserDetail.csv'), 'utf8');
      expect(text.split('\n')[0]).toBe(graphHeader);
      const [header, ...rows] = parseCsv(text);
      const at = (name: string) => header!.indexOf(name);
      const users = await db.all<Record<string, string | boolean | null>>(
        `SELECT upn, is_deleted, assigned_products, exchange_last::VARCHAR AS exchange_last, teams_last::VARCHAR AS teams_last, report_date::VARCHAR AS report_date
         FROM user_activity WHERE customer_id = ? ORDER BY upn`,
        [tenant],
      );
      expect(rows.map((r) => ({
        upn: r[at('User Principal Name')], is_deleted: r[at('Is Deleted')] === 'True', assigned_products: r[at('Assigned Products')] || null,
        exchange_last: r[at('Exchange Last Activity Date')] || null, teams_last: r[at('Teams Last Activity Date')] || null,
        report_date: r[at('Report Refresh Date')],
      }))).toEqual(users);
      // A licence flag is set exactly when a product granting it is assigned.
      for (const r of rows) if (!r[at('Assigned Products')]) expect(r[at('Has Exchange License')]).toBe('False');
    }
  });

  it('Partner Center pages in the API’s shapes hold what the warehouse holds for the report date', async () => {
    const customers = json('customers.page-1.json');
    expect(customers.totalCount).toBe(settings.customers);
    expect(customers.items.map((c) => (c.companyProfile as { companyName: string }).companyName).sort()).toEqual(
      (await db.all<{ name: string }>('SELECT name FROM customers ORDER BY name')).map((r) => r.name).sort(),
    );
    expect(customers.links).toMatchObject({ self: { uri: '/customers?size=100' } });

    const subscriptions = await db.all<{ customer_id: string; n: number }>('SELECT customer_id, count(*) AS n FROM subscriptions GROUP BY 1');
    for (const { customer_id: customer, n } of subscriptions) {
      const page = json(`customers/${customer}/subscriptions.json`);
      expect(page.totalCount).toBe(n);
      for (const item of page.items) {
        expect(Object.keys(item)).toEqual(expect.arrayContaining(['id', 'offerId', 'offerName', 'friendlyName', 'quantity', 'unitType', 'status',
          'autoRenewEnabled', 'billingType', 'billingCycle', 'termDuration', 'isTrial', 'creationDate', 'effectiveStartDate', 'commitmentEndDate', 'entitlementId']));
        expect((item.links as { self: { uri: string } }).self.uri).toBe(`/customers/${customer}/subscriptions/${item.id as string}`);
      }
    }

    const skus = await db.all<{ customer_id: string; sku_id: string; total_units: number; consumed_units: number }>(
      `SELECT customer_id, sku_id, total_units, consumed_units FROM license_snapshots WHERE date = ? ORDER BY 1, 2`, [settings.asOf],
    );
    const fromPages = [...new Set(skus.map((s) => s.customer_id))].flatMap((customer) =>
      json(`customers/${customer}/subscribedskus.json`).items.map((i) => ({
        customer_id: customer, sku_id: (i.productSku as { id: string }).id, total_units: i.totalUnits, consumed_units: i.consumedUnits,
      })));
    expect(fromPages).toEqual(skus);

    const usage = json('analytics/license-usage.json') as unknown as { Value: Record<string, unknown>[]; TotalCount: number };
    const workload = await db.all<{ active: number; qualified: number; n: number }>(
      'SELECT sum(licenses_active) AS active, sum(licenses_qualified) AS qualified, count(*) AS n FROM workload_usage WHERE date = ?', [settings.asOf],
    );
    expect(usage.TotalCount).toBe(workload[0]!.n);
    expect(usage.Value.reduce((s, v) => s + (v.licensesActive as number), 0)).toBe(workload[0]!.active);
    expect(usage.Value.reduce((s, v) => s + (v.licensesQualified as number), 0)).toBe(workload[0]!.qualified);
    expect(Object.keys(usage.Value[0]!).sort()).toEqual(['customerName', 'customerTenantId', 'licensesActive', 'licensesQualified', 'processedDateTime',
      'productId', 'productName', 'serviceCode', 'workloadCode', 'workloadName']);

    const deployment = json('analytics/license-deployment.json') as unknown as { Value: { licensesSold: number }[] };
    const sold = await db.value<number>('SELECT sum(licenses_sold) FROM license_deployment WHERE date = ?', [settings.asOf]);
    expect(deployment.Value.reduce((s, v) => s + v.licensesSold, 0)).toBe(Number(sold));

    // Audit records: the 90 days the API keeps, paged 500 at a time.
    const pages = readdirSync(join(exported.dir, 'partner-center')).filter((f) => f.startsWith('auditrecords.page-'));
    const items = pages.flatMap((p) => json(p).items);
    const expected = await db.value<number>(`SELECT count(*) FROM activity WHERE operation_date >= DATE '2026-06-03'`);
    expect(items.length).toBe(Number(expected));
    for (const item of items.slice(0, 50)) {
      expect(item.operationStatus).toMatch(/^(succeeded|failed|progress)$/);
      expect(Array.isArray(item.customizedData)).toBe(true);
    }
  });

  it('the committed fixtures are exactly what the README’s command generates', async () => {
    const fixtures = fileURLToPath(new URL('../fixtures/demo/', import.meta.url));
    const folder = tempFolder();
    cleanups.push(folder.cleanup);
    const fresh = await writeDemoExports({ dir: folder.dir, seed: 42, customers: 6, months: 1, asOf: '2026-10-31' });
    const files = (root: string) => listFiles(root).filter((f) => f !== 'README.md').sort();
    expect(files(fixtures)).toEqual(files(fresh.dir));
    for (const file of files(fixtures)) expect(readFileSync(join(fresh.dir, file), 'utf8'), file).toBe(readFileSync(join(fixtures, file), 'utf8'));
    const size = files(fixtures).reduce((s, f) => s + statSync(join(fixtures, f)).size, 0);
    expect(size).toBeLessThan(2 * 1024 * 1024);
  });
});

function listFiles(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix)).flatMap((name) => {
    const path = prefix ? `${prefix}/${name}` : name;
    return statSync(join(root, path)).isDirectory() ? listFiles(root, path) : [path];
  });
}
