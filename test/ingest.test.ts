import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';
import { csvText, decimalSum, fixture, ingest, readCsvObjects, sumsBy } from './ingest-helpers.js';
import { tempWarehouse } from './helpers/tempWarehouse.js';

// Every real export in fixtures/files (copied from ../shared/datasets, see fixtures/files/README.md) and the
// synthetic recon and Microsoft 365 files load with the row counts and money totals computed here from the
// raw CSV text, independently of the product.

let w: { warehouse: Warehouse; dir: string; cleanup(): Promise<void> };
let db: Warehouse['db'];

beforeAll(async () => {
  w = await tempWarehouse();
  db = w.warehouse.db;
});
afterAll(async () => w.cleanup());

/** Totals per currency (or any grouping) of the rows one customer holds, as exact decimal text. */
async function totals(customer: string, column: 'cost' | 'effective_cost' | 'list_cost', by = 'currency'): Promise<Record<string, string>> {
  const rows = await db.all<{ k: string; total: string }>(
    `SELECT ${by} AS k, sum(${column})::VARCHAR AS total FROM azure_usage WHERE customer_id = ? AND ${column} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    [customer],
  );
  return Object.fromEntries(rows.map((r) => [r.k, r.total]));
}

describe('files source: the shared datasets', () => {
  it('EA actual-cost export: MM/DD/YYYY dates, tags without braces, a purchase row — 11 rows, USD total exact', async () => {
    const rows = readCsvObjects(fixture('azure-ea-actual-cost-small.csv'));
    const result = await ingest(w.warehouse, [fixture('azure-ea-actual-cost-small.csv')], { customer: 'ea-actual' });
    expect(result.files[0]).toMatchObject({ status: 'loaded', format: 'cost-export', job: 'azure-usage', read: 11, loaded: 11, rejected: 0 });
    expect(await totals('ea-actual', 'cost')).toEqual(sumsBy(rows, (r) => r.BillingCurrency!, (r) => r.Cost!));

    // Dates read as month/day/year: 09/21/2023 is 21 September.
    const days = await db.all<{ d: string; n: number }>(`SELECT date::VARCHAR AS d, count(*) AS n FROM azure_usage WHERE customer_id = 'ea-actual' GROUP BY 1 ORDER BY 1`);
    const expectedDays = Object.entries(
      rows.reduce<Record<string, number>>((acc, r) => {
        const [m, d, y] = r.Date!.split('/');
        const key = `${y}-${m}-${d}`;
        acc[key] = (acc[key] ?? 0) + 1;
        return acc;
      }, {}),
    ).sort().map(([d, n]) => ({ d, n }));
    expect(days).toEqual(expectedDays);

    // Tags come without braces in the file and are valid JSON objects in the warehouse.
    const tagged = rows.filter((r) => r.Tags !== '').length;
    expect(await db.value<number>(`SELECT count(*) FROM azure_usage WHERE customer_id = 'ea-actual' AND tags IS NOT NULL AND json_valid(tags) AND starts_with(tags, '{')`)).toBe(tagged);
    expect(await db.value<string>(`SELECT tags->>'CostCenter' FROM azure_usage WHERE customer_id = 'ea-actual' AND tags LIKE '%SubACM%'`)).toBe('SubACM');
    expect(await db.value<number>(`SELECT count(*) FROM azure_usage WHERE customer_id = 'ea-actual' AND charge_type = 'Purchase'`)).toBe(rows.filter((r) => r.ChargeType === 'Purchase').length);
  });

  it('EA amortized-cost export led by a UTF-8 BOM: 28 rows, exact total (values with up to 28 decimals rounded to 12)', async () => {
    const rows = readCsvObjects(fixture('azure-ea-amortized-cost-small.csv'));
    const result = await ingest(w.warehouse, [fixture('azure-ea-amortized-cost-small.csv')], { customer: 'ea-amortized' });
    expect(result.files[0]).toMatchObject({ status: 'loaded', read: 28, loaded: 28, rejected: 0, duplicates: 0 });
    expect(await totals('ea-amortized', 'cost')).toEqual(sumsBy(rows, (r) => r.BillingCurrency!, (r) => r.Cost!));
    // The BOM did not end up in the first column's name: the billing account is read.
    expect(await db.value<string>(`SELECT DISTINCT customer_name FROM azure_usage WHERE customer_id = 'ea-amortized'`)).toBe(rows[0]!.BillingAccountName);
  });

  it('a cost export without --customer is attributed to its billing account', async () => {
    const { warehouse, cleanup } = await tempWarehouse();
    try {
      const rows = readCsvObjects(fixture('azure-ea-actual-cost-small.csv'));
      await ingest(warehouse, [fixture('azure-ea-actual-cost-small.csv')]);
      const customers = await warehouse.db.all<{ customer_id: string; customer_name: string; n: number }>(
        'SELECT customer_id, customer_name, count(*) AS n FROM azure_usage GROUP BY ALL',
      );
      expect(customers).toEqual([{ customer_id: rows[0]!.BillingAccountId, customer_name: rows[0]!.BillingAccountName, n: 11 }]);
    } finally {
      await cleanup();
    }
  });

  it('a header-only EA export (with BOM) loads 0 rows and succeeds, and is recorded as loaded', async () => {
    const result = await ingest(w.warehouse, [fixture('azure-ea-no-rows.csv')], { customer: 'ea-empty' });
    expect(result.files[0]).toMatchObject({ status: 'loaded', read: 0, loaded: 0, rejected: 0 });
    expect(result.runs[0]!.status).toBe('succeeded');
    expect(await db.value<number>(`SELECT count(*) FROM loaded_files WHERE path LIKE '%azure-ea-no-rows.csv'`)).toBe(1);
  });

  it('FOCUS 1.0 sample (AWS, Microsoft, Oracle; NULL for empty; hourly periods): 1,000 rows, per-provider billed, effective and list totals', async () => {
    const rows = readCsvObjects(fixture('focus-1.0-sample.csv'));
    expect(rows).toHaveLength(1000);
    const result = await ingest(w.warehouse, [fixture('focus-1.0-sample.csv')]);
    expect(result.files[0]).toMatchObject({ status: 'loaded', format: 'focus', read: 1000, loaded: 1000, rejected: 0, duplicates: 0 });

    const provider = (r: Record<string, string>) => r.ProviderName!;
    const byProvider = async (column: string) =>
      Object.fromEntries(
        (await db.all<{ p: string; t: string }>(`SELECT provider AS p, sum(${column})::VARCHAR AS t FROM azure_usage WHERE source_format = 'focus' AND ${column} IS NOT NULL GROUP BY 1 ORDER BY 1`)).map((r) => [r.p, r.t]),
      );
    const nonNull = (column: string) => rows.filter((r) => r[column] !== 'NULL' && r[column] !== '');
    expect(await byProvider('cost')).toEqual(sumsBy(rows, provider, (r) => r.BilledCost!));
    expect(await byProvider('effective_cost')).toEqual(sumsBy(nonNull('EffectiveCost'), provider, (r) => r.EffectiveCost!));
    expect(await byProvider('list_cost')).toEqual(sumsBy(nonNull('ListCost'), provider, (r) => r.ListCost!));
    const counts = await db.all<{ p: string; n: number }>(`SELECT provider AS p, count(*) AS n FROM azure_usage WHERE source_format = 'focus' GROUP BY 1 ORDER BY 1`);
    expect(counts).toEqual([{ p: 'AWS', n: 942 }, { p: 'Microsoft', n: 51 }, { p: 'Oracle', n: 7 }]);

    // The day is the charge period start's day; `NULL` text never reaches the warehouse as a value.
    const perDay = sumsBy(rows, (r) => r.ChargePeriodStart!.slice(0, 10), (r) => r.BilledCost!);
    const warehouseDays = Object.fromEntries(
      (await db.all<{ d: string; t: string }>(`SELECT date::VARCHAR AS d, sum(cost)::VARCHAR AS t FROM azure_usage WHERE source_format = 'focus' GROUP BY 1 ORDER BY 1`)).map((r) => [r.d, r.t]),
    );
    expect(warehouseDays).toEqual(perDay);
    expect(await db.value<number>(`SELECT count(*) FROM azure_usage WHERE source_format = 'focus' AND ('NULL' IN (region, subscription_name, tags, resource_id, service_name, unit))`)).toBe(0);
    // Customer = the billing account (the sample has no x_CustomerId), named by BillingAccountName.
    const accounts = new Set(rows.map((r) => `${r.BillingAccountId}|${r.BillingAccountName === 'NULL' ? '' : r.BillingAccountName}`));
    const loaded = await db.all<{ k: string }>(`SELECT DISTINCT customer_id || '|' || coalesce(customer_name, '') AS k FROM azure_usage WHERE source_format = 'focus' ORDER BY 1`);
    expect(loaded.map((r) => r.k)).toEqual([...accounts].sort());
  });

  it('daily-rated usage reconciliation (synthetic, BOM + CRLF, quoted commas and quotes): per-customer, per-currency totals', async () => {
    const rows = readCsvObjects(fixture('recon-daily-rated-usage-synthetic.csv'));
    const result = await ingest(w.warehouse, [fixture('recon-daily-rated-usage-synthetic.csv')]);
    expect(result.files[0]).toMatchObject({ status: 'loaded', format: 'recon', read: rows.length, loaded: rows.length, rejected: 0 });
    const expected = sumsBy(rows, (r) => `${r.CustomerId}|${r.BillingCurrency}`, (r) => r.BillingPreTaxTotal!);
    const got = Object.fromEntries(
      (await db.all<{ k: string; t: string }>(`SELECT customer_id || '|' || currency AS k, sum(cost)::VARCHAR AS t FROM azure_usage WHERE source_format = 'recon' GROUP BY 1 ORDER BY 1`)).map((r) => [r.k, r.t]),
    );
    expect(got).toEqual(expected);
    // Names with a comma and with doubled quotes come through whole; the subscription is the entitlement.
    const names = await db.all<{ n: string }>(`SELECT DISTINCT customer_name AS n FROM azure_usage WHERE source_format = 'recon' ORDER BY 1`);
    expect(names.map((r) => r.n)).toEqual([...new Set(rows.map((r) => r.CustomerName!))].sort());
    expect(await db.value<number>(`SELECT count(DISTINCT subscription_id) FROM azure_usage WHERE source_format = 'recon'`)).toBe(new Set(rows.map((r) => r.EntitlementId)).size);
    // List cost is converted into the billing currency: PricingPreTaxTotal × PCToBCExchangeRate.
    const eur = rows.filter((r) => r.BillingCurrency === 'EUR');
    const expectedList = decimalSum(eur.map((r) => multiply(r.PricingPreTaxTotal!, r.PCToBCExchangeRate!)));
    expect(await db.value<string>(`SELECT sum(list_cost)::VARCHAR FROM azure_usage WHERE source_format = 'recon' AND currency = 'EUR'`)).toBe(expectedList);
  });

  it('Microsoft 365 active user detail (Graph CSV): one row per user for --customer, deleted users and empty dates kept', async () => {
    const rows = readCsvObjects(fixture('m365-active-user-detail-synthetic.csv'));
    const result = await ingest(w.warehouse, [fixture('m365-active-user-detail-synthetic.csv')], { customer: 'tenant-m365' });
    expect(result.files[0]).toMatchObject({ status: 'loaded', format: 'm365-active-user-detail', job: 'workload-usage', read: rows.length, loaded: rows.length });
    const loaded = await db.all<{ upn: string; is_deleted: boolean; teams_last: string | null; assigned_products: string | null }>(
      `SELECT upn, is_deleted, teams_last::VARCHAR AS teams_last, assigned_products FROM user_activity WHERE customer_id = 'tenant-m365' ORDER BY upn`,
    );
    expect(loaded).toEqual(
      rows
        .map((r) => ({
          upn: r['User Principal Name']!,
          is_deleted: r['Is Deleted'] === 'True',
          teams_last: r['Teams Last Activity Date'] || null,
          assigned_products: r['Assigned Products'] || null,
        }))
        .sort((a, b) => (a.upn < b.upn ? -1 : 1)),
    );
  });

  it('Graph Teams activity and mailbox usage reports update their workload of each user\'s row, keeping the others', async () => {
    const teams = join(w.dir, 'teams.csv');
    writeFileSync(teams, csvText(
      ['Report Refresh Date', 'User Id', 'User Principal Name', 'Last Activity Date', 'Is Deleted', 'Deleted Date', 'Assigned Products', 'Team Chat Message Count', 'Private Chat Message Count', 'Is Licensed', 'Report Period'],
      [
        { 'Report Refresh Date': '2026-10-31', 'User Principal Name': 'megan.bowen@contoso.com', 'Last Activity Date': '2026-10-30', 'Is Deleted': 'False', 'Assigned Products': 'MICROSOFT 365 E3', 'Team Chat Message Count': '12', 'Report Period': '7' },
        { 'Report Refresh Date': '2026-10-31', 'User Principal Name': 'new.person@contoso.com', 'Last Activity Date': '2026-10-29', 'Is Deleted': 'False', 'Assigned Products': 'MICROSOFT TEAMS ESSENTIALS', 'Team Chat Message Count': '3', 'Report Period': '7' },
      ],
      { bom: true },
    ));
    const mailbox = join(w.dir, 'mailbox.csv');
    writeFileSync(mailbox, csvText(
      ['Report Refresh Date', 'User Principal Name', 'Display Name', 'Is Deleted', 'Deleted Date', 'Created Date', 'Last Activity Date', 'Item Count', 'Storage Used (Byte)', 'Report Period'],
      [{ 'Report Refresh Date': '2026-10-31', 'User Principal Name': 'alex.wilber@contoso.com', 'Display Name': 'Alex Wilber', 'Is Deleted': 'False', 'Created Date': '2024-01-01', 'Last Activity Date': '2026-10-31', 'Item Count': '5120', 'Storage Used (Byte)': '1048576', 'Report Period': '7' }],
    ));
    const result = await ingest(w.warehouse, [teams, mailbox], { customer: 'tenant-m365' });
    expect(result.files.map((f) => [f.format, f.status, f.loaded])).toEqual([
      ['m365-teams-user-activity', 'loaded', 2],
      ['m365-mailbox-usage', 'loaded', 1],
    ]);
    const rows = await db.all(`SELECT upn, exchange_last::VARCHAR AS ex, sharepoint_last::VARCHAR AS sp, teams_last::VARCHAR AS te, assigned_products AS ap
      FROM user_activity WHERE customer_id = 'tenant-m365' AND upn IN ('megan.bowen@contoso.com', 'new.person@contoso.com', 'alex.wilber@contoso.com') ORDER BY upn`);
    expect(rows).toEqual([
      { upn: 'alex.wilber@contoso.com', ex: '2026-10-31', sp: null, te: '2026-09-15', ap: 'MICROSOFT 365 BUSINESS PREMIUM' },
      { upn: 'megan.bowen@contoso.com', ex: '2026-10-15', sp: '2026-10-14', te: '2026-10-30', ap: 'MICROSOFT 365 E3' },
      { upn: 'new.person@contoso.com', ex: null, sp: null, te: '2026-10-29', ap: 'MICROSOFT TEAMS ESSENTIALS' },
    ]);
  });

  it('the Graph activations report is recognised and refused saying why, not taken for an unknown file', async () => {
    const file = join(w.dir, 'activations.csv');
    writeFileSync(file, 'Report Refresh Date,User Principal Name,Display Name,Product Type,Last Activated Date,Windows,Mac\n2026-10-31,a@b.com,A,MICROSOFT 365 APPS FOR ENTERPRISE,2026-10-01,1,0\n');
    const result = await ingest(w.warehouse, [file], { customer: 'tenant-m365' });
    expect(result.files[0]!.status).toBe('refused');
    expect(result.files[0]!.cause).toMatch(/this is a Microsoft 365 activations user detail \(Graph getOffice365ActivationsUserDetail\), which is not loaded/);
  });
});

/** Exact product of two decimal strings, in exponent notation (rounded to 12 decimals by decimalSum). */
function multiply(a: string, b: string): string {
  const parse = (s: string) => {
    const [i, f = ''] = s.split('.');
    return { n: BigInt(`${i}${f}`), scale: f.length };
  };
  const x = parse(a);
  const y = parse(b);
  return `${x.n * y.n}e-${x.scale + y.scale}`;
}
