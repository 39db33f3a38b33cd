import { copyFileSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';
import { fixture, ingest } from './ingest-helpers.js';
import { tempWarehouse } from './helpers/tempWarehouse.js';

// Partner Center API pages saved to disk (SPEC §2.1 shapes) load into the same tables as an API pull,
// through the partner-center source's item schemas. Expected values are read from the JSON here.

let w: { warehouse: Warehouse; dir: string; cleanup(): Promise<void> };
beforeEach(async () => {
  w = await tempWarehouse();
});
afterEach(async () => w.cleanup());

const page = (name: string) => fixture(join('pc-json', name));
const items = (name: string) => {
  const json = JSON.parse(readFileSync(page(name), 'utf8')) as { items?: Record<string, unknown>[]; Value?: Record<string, unknown>[] };
  return json.items ?? json.Value ?? [];
};

describe('files source: saved Partner Center pages (pc-json)', () => {
  it('a customers page loads into customers; an item without a company name is rejected naming the field', async () => {
    const result = await ingest(w.warehouse, [page('customers.json')], { threshold: 0.5 });
    expect(result.files[0]).toMatchObject({ format: 'pc-customers', job: 'customers', status: 'partial', read: 3, loaded: 2, rejected: 1 });
    const expected = items('customers.json')
      .map((i) => i.companyProfile as { tenantId: string; companyName: string; domain: string })
      .filter((p) => p.companyName)
      .map((p) => ({ customer_id: p.tenantId, name: p.companyName, domain: p.domain }));
    expect(await w.warehouse.db.all('SELECT customer_id, name, domain FROM customers ORDER BY customer_id')).toEqual(expected);
    const [r] = await w.warehouse.db.all<{ field: string; source: string }>('SELECT field, source FROM rejected_rows');
    expect(r).toEqual({ field: 'companyProfile.companyName', source: page('customers.json') });
  });

  it('a subscriptions page takes each item\'s customer from its links and dates its history by each subscription\'s own start', async () => {
    const file = join(w.dir, 'subs.json');
    copyFileSync(page('subscriptions.json'), file);
    utimesSync(file, new Date('2026-10-31T12:00:00Z'), new Date('2026-10-31T12:00:00Z'));
    const result = await ingest(w.warehouse, [file]);
    expect(result.files[0]).toMatchObject({ format: 'pc-subscriptions', job: 'subscriptions', status: 'loaded', read: 2 });
    expect(await w.warehouse.db.all('SELECT subscription_id, customer_id, status, quantity FROM subscriptions ORDER BY 1')).toEqual(
      items('subscriptions.json').map((i) => ({
        subscription_id: i.id,
        customer_id: 'b1c2d3e4-0000-4000-8000-000000000001',
        status: String(i.status).toLowerCase(),
        quantity: i.quantity,
      })),
    );
    // First seen (SPEC §4): each existed from its own effective start, in its current status (neither has ended).
    expect(await w.warehouse.db.all('SELECT subscription_id, status, valid_from::VARCHAR AS valid_from, valid_to FROM subscription_history ORDER BY 1')).toEqual(
      items('subscriptions.json').map((i) => ({
        subscription_id: i.id,
        status: String(i.status).toLowerCase(),
        valid_from: String(i.effectiveStartDate).slice(0, 10),
        valid_to: null,
      })),
    );
  });

  it('a subscribed-SKUs page needs --customer; with it, a license snapshot dated the day the page was saved', async () => {
    const file = join(w.dir, 'skus.json');
    copyFileSync(page('subscribedskus.json'), file);
    utimesSync(file, new Date('2026-10-30T08:00:00Z'), new Date('2026-10-30T08:00:00Z'));
    const without = await ingest(w.warehouse, [file]);
    expect(without.files[0]!.status).toBe('refused');
    expect(without.files[0]!.cause).toMatch(/2 of 2 row\(s\) rejected.*names no customer: pass --customer/);

    const other = await tempWarehouse();
    try {
      const result = await ingest(other.warehouse, [file], { customer: 'tenant-7' });
      expect(result.files[0]).toMatchObject({ status: 'loaded', loaded: 2 });
      expect(await other.warehouse.db.all('SELECT date::VARCHAR AS date, customer_id, sku_part_number, total_units, consumed_units FROM license_snapshots ORDER BY sku_part_number')).toEqual(
        items('subscribedskus.json')
          .map((i) => ({ date: '2026-10-30', customer_id: 'tenant-7', sku_part_number: (i.productSku as { skuPartNumber: string }).skuPartNumber, total_units: i.totalUnits, consumed_units: i.consumedUnits }))
          .sort((a, b) => (a.sku_part_number < b.sku_part_number ? -1 : 1)),
      );
    } finally {
      await other.cleanup();
    }
  });

  it('a license usage analytics page (Value/TotalCount, licenseActive alias) loads the known workloads', async () => {
    const result = await ingest(w.warehouse, [page('license-usage.json')]);
    expect(result.files[0]).toMatchObject({ format: 'pc-license-usage', job: 'workload-usage', status: 'loaded', read: 3, loaded: 2, rejected: 0 });
    expect(await w.warehouse.db.all('SELECT workload, licenses_active, licenses_qualified FROM workload_usage ORDER BY workload')).toEqual([
      { workload: 'exchange', licenses_active: 18, licenses_qualified: 25 },
      { workload: 'teams', licenses_active: 21, licenses_qualified: 25 },
    ]);
  });

  it('an audit records page loads activity; a record with an unreadable date is rejected', async () => {
    const result = await ingest(w.warehouse, [page('audit-records.json')], { threshold: 0.6 });
    expect(result.files[0]).toMatchObject({ format: 'pc-audit-records', job: 'activity-log', status: 'partial', read: 2, loaded: 1, rejected: 1 });
    expect(await w.warehouse.db.all(`SELECT record_id, operation_status, customized_data->>'SubscriptionId' AS sub FROM activity`)).toEqual([
      { record_id: 'a-001', operation_status: 'succeeded', sub: '5b1f0d4e-0000-4000-8000-0000000000a1' },
    ]);
    expect(await w.warehouse.db.value<string>('SELECT field FROM rejected_rows')).toBe('operationDate');
  });

  it('JSON that is not a Partner Center page, or a CSV forced as pc-json, is refused saying what was expected', async () => {
    const odd = join(w.dir, 'odd.json');
    writeFileSync(odd, JSON.stringify({ hello: 'world' }));
    const refused = await ingest(w.warehouse, [odd]);
    expect(refused.files[0]).toMatchObject({ status: 'refused', format: null });
    expect(refused.files[0]!.cause).toMatch(/not a saved Partner Center page: expected an object with "items"/);
    const forced = await ingest(w.warehouse, [fixture('azure-ea-no-rows.csv')], { format: 'pc-json' });
    expect(forced.files[0]!.cause).toMatch(/this is a csv file, not saved Partner Center JSON/);
  });
});
