import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';
import { csvText, decimalSum, ingest } from './ingest-helpers.js';
import { tempWarehouse } from './helpers/tempWarehouse.js';

// RELIABILITY.md cases 10 (malformed-csv) and 11 (schema-drift), through the real runner into a real
// DuckDB file. A minimal Azure cost export (its required columns only) keeps the files readable.

const header = ['BillingAccountId', 'BillingAccountName', 'SubscriptionId', 'SubscriptionName', 'Date', 'MeterCategory', 'Cost', 'BillingCurrency'];
const line = (cost: string, { date = '09/04/2023', sub = 'Production' } = {}) => `8611537,Trey,s-1,${sub},${date},Storage,${cost},USD`;

let w: { warehouse: Warehouse; dir: string; cleanup(): Promise<void> };
beforeEach(async () => {
  w = await tempWarehouse();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await w.cleanup();
});

/** Everything in the warehouse's Azure table, run ids included: "nothing changed" is this text being equal. */
async function checksum(db: Warehouse['db']): Promise<string> {
  return db.value<string>(`SELECT coalesce(md5(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR)), 'empty') || ':' || count(*) FROM azure_usage t`);
}

describe('RELIABILITY 10 malformed-csv', () => {
  // One file with every kind of broken line, CRLF and LF mixed, led by a BOM. Lines (as an editor numbers them):
  //  1 header · 2 good · 3 too many columns · 4–5 good, a quoted value spanning two lines · 6 too few columns
  //  7 bad date · 8 good (CRLF) · 9 invalid UTF-8 · 10 good · 11 a quote never closed (to the end of the file)
  const broken = Buffer.concat([
    Buffer.from('\uFEFF' + header.join(',') + '\n'),
    Buffer.from(line('1.50') + '\n'),
    Buffer.from(line('1,234.56') + '\n'),
    Buffer.from(line('2.25', { sub: '"Prod\nWest"' }) + '\n'),
    Buffer.from('8611537,Trey,s-1,Production,09/04/2023,Storage,3.00\n'),
    Buffer.from(line('4.00', { date: '13/45/2023' }) + '\n'),
    Buffer.from(line('5.75') + '\r\n'),
    Buffer.concat([Buffer.from('8611537,Trey,s-1,Prod'), Buffer.from([0xff, 0xfe]), Buffer.from(',09/04/2023,Storage,6.00,USD\n')]),
    Buffer.from(line('7.125') + '\n'),
    Buffer.from('8611537,Trey,s-1,"never closed,09/04/2023,Storage,8.00,USD\n'),
  ]);

  it('bad rows are rejected with their line and reason, good rows load, the run is partial', async () => {
    const file = join(w.dir, 'broken.csv');
    writeFileSync(file, broken);
    const result = await ingest(w.warehouse, [file], { threshold: 0.9 });
    expect(result.files[0]).toMatchObject({ status: 'partial', read: 9, loaded: 4, rejected: 5 });
    expect(result.runs[0]!.status).toBe('partial');

    const rejected = await w.warehouse.db.all<{ line: number; field: string | null; reason: string; raw: string | null }>(
      'SELECT line, field, reason, raw FROM rejected_rows ORDER BY line',
    );
    expect(rejected.map((r) => r.line)).toEqual([3, 6, 7, 9, 11]);
    expect(rejected[0]!.reason).toMatch(/too many columns: expected 8, found 9/);
    expect(rejected[0]!.raw).toBe(line('1,234.56'));
    expect(rejected[1]!.reason).toMatch(/too few columns: expected 8, found 7/);
    expect(rejected[2]).toMatchObject({ field: 'Date' });
    expect(rejected[2]!.reason).toMatch(/^"13\/45\/2023" is not a date in this file's style MM\/DD\/YYYY$/);
    expect(rejected[3]!.reason).toMatch(/not valid UTF-8/);
    expect(rejected[4]!.reason).toMatch(/quote is not closed/);

    const loaded = await w.warehouse.db.all<{ sub: string; cost: string }>(`SELECT subscription_name AS sub, cost::VARCHAR AS cost FROM azure_usage ORDER BY cost`);
    expect(loaded).toEqual([
      { sub: 'Production', cost: '1.500000000000' },
      { sub: 'Prod\nWest', cost: '2.250000000000' },
      { sub: 'Production', cost: '5.750000000000' },
      { sub: 'Production', cost: '7.125000000000' },
    ]);
    expect(await w.warehouse.db.value<string>('SELECT sum(cost)::VARCHAR FROM azure_usage')).toBe(decimalSum(['1.50', '2.25', '5.75', '7.125']));
  });

  it('above the reject threshold the file is refused, nothing of it is loaded, it is not marked processed — and the fixed file then loads', async () => {
    const good = join(w.dir, 'good.csv');
    writeFileSync(good, csvText(header, [{ BillingAccountId: 'other', SubscriptionId: 's-9', Date: '09/01/2023', MeterCategory: 'Storage', Cost: '9.99', BillingCurrency: 'USD' }]));
    await ingest(w.warehouse, [good]);
    const before = await checksum(w.warehouse.db);

    const file = join(w.dir, 'broken.csv');
    writeFileSync(file, broken);
    const refused = await ingest(w.warehouse, [file]);
    expect(refused.files[0]!.status).toBe('refused');
    expect(refused.files[0]!.cause).toMatch(/refused: 5 of 9 row\(s\) rejected, above the 5\.0% threshold; first: line 3/);
    expect(refused.runs[0]!.status).toBe('failed');
    expect(await checksum(w.warehouse.db)).toBe(before);
    expect(await w.warehouse.db.value<number>(`SELECT count(*) FROM loaded_files WHERE path = ?`, [file])).toBe(0);

    // The user fixes the file (drops the broken lines) and drops it again under the same name.
    const fixed = broken.toString('latin1').split('\n').filter((_, i) => [0, 1, 3, 4, 7, 9].includes(i)).join('\n') + '\n';
    writeFileSync(file, Buffer.from(fixed, 'latin1'));
    const again = await ingest(w.warehouse, [file]);
    expect(again.files[0]).toMatchObject({ status: 'loaded', read: 4, loaded: 4, rejected: 0 });
    expect(await w.warehouse.db.value<number>(`SELECT count(*) FROM loaded_files WHERE path = ?`, [file])).toBe(1);
  });

  it('a row missing a required value is rejected with the line an editor shows, even after a multi-line value', async () => {
    const file = join(w.dir, 'blank-account.csv');
    writeFileSync(file, [header.join(','), line('1.00', { sub: '"a\nb"' }), ',Trey,s-1,Production,09/04/2023,Storage,2.00,USD', line('3.00')].join('\r\n') + '\r\n');
    const result = await ingest(w.warehouse, [file], { threshold: 0.5 });
    expect(result.files[0]).toMatchObject({ status: 'partial', read: 3, loaded: 2, rejected: 1 });
    const [rejection] = await w.warehouse.db.all<{ line: number; field: string; reason: string }>('SELECT line, field, reason FROM rejected_rows');
    expect(rejection).toEqual({ line: 4, field: 'customer_id', reason: 'customer_id is required' });
  });
});

describe('RELIABILITY 11 schema-drift', () => {
  const rows = [
    { BillingAccountId: 'acct', BillingAccountName: 'A', SubscriptionId: 's-1', SubscriptionName: 'P', Date: '09/04/2023', MeterCategory: 'Storage', Cost: '1.10', BillingCurrency: 'USD' },
    { BillingAccountId: 'acct', BillingAccountName: 'A', SubscriptionId: 's-1', SubscriptionName: 'P', Date: '09/05/2023', MeterCategory: 'Storage', Cost: '2.20', BillingCurrency: 'USD' },
  ];

  it('an extra column is ignored with a warning naming it', async () => {
    const warnings: string[] = [];
    vi.stubEnv('PARTNERLENS_LOG_LEVEL', 'warn');
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      warnings.push(String(chunk));
      return true;
    });
    const file = join(w.dir, 'extra.csv');
    writeFileSync(file, csvText([...header, 'MyOwnColumn'], rows.map((r) => ({ ...r, MyOwnColumn: 'x,y' }))));
    const result = await ingest(w.warehouse, [file]);
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    expect(result.files[0]).toMatchObject({ status: 'loaded', loaded: 2 });
    const warning = warnings.find((l) => l.includes('files.extra_columns'));
    expect(warning).toBeDefined();
    expect(warning).toContain('MyOwnColumn');
  });

  it('a missing required column refuses the file naming the column; nothing changes', async () => {
    const before = await checksum(w.warehouse.db);
    const file = join(w.dir, 'missing.csv');
    const without = header.filter((h) => h !== 'BillingCurrency');
    writeFileSync(file, csvText(without, rows));
    const result = await ingest(w.warehouse, [file]);
    expect(result.files[0]!.status).toBe('refused');
    expect(result.files[0]!.cause).toMatch(/missing required column BillingCurrency/);
    expect(await checksum(w.warehouse.db)).toBe(before);
    expect(await w.warehouse.db.value<number>('SELECT count(*) FROM loaded_files')).toBe(0);
  });

  it('reordered columns load by name', async () => {
    const file = join(w.dir, 'reordered.csv');
    writeFileSync(file, csvText([...header].reverse(), rows));
    const result = await ingest(w.warehouse, [file]);
    expect(result.files[0]).toMatchObject({ status: 'loaded', loaded: 2 });
    expect(await w.warehouse.db.all(`SELECT date::VARCHAR AS d, cost::VARCHAR AS c, subscription_id AS s FROM azure_usage ORDER BY d`)).toEqual([
      { d: '2023-09-04', c: '1.100000000000', s: 's-1' },
      { d: '2023-09-05', c: '2.200000000000', s: 's-1' },
    ]);
  });

  it('a renamed column refuses the file with a "did you mean"', async () => {
    const file = join(w.dir, 'renamed.csv');
    writeFileSync(file, csvText(header.map((h) => (h === 'Cost' ? 'Costs' : h)), rows.map(({ Cost, ...r }) => ({ ...r, Costs: Cost }))));
    const result = await ingest(w.warehouse, [file]);
    expect(result.files[0]!.status).toBe('refused');
    expect(result.files[0]!.cause).toMatch(/missing required column Cost \(did you mean "Costs"\?\)/);
  });

  it('a locale number 1.234,56 is a rejected row naming the value, never a NULL or a wrong amount', async () => {
    const file = join(w.dir, 'locale.csv');
    writeFileSync(file, csvText(header, [...rows, { ...rows[0]!, Date: '09/06/2023', Cost: '1.234,56' }]));
    const result = await ingest(w.warehouse, [file], { threshold: 0.5 });
    expect(result.files[0]).toMatchObject({ status: 'partial', read: 3, loaded: 2, rejected: 1 });
    const [r] = await w.warehouse.db.all<{ line: number; field: string; reason: string }>('SELECT line, field, reason FROM rejected_rows');
    expect(r).toMatchObject({ line: 4, field: 'Cost' });
    expect(r!.reason).toContain('"1.234,56" is not an amount');
    expect(await w.warehouse.db.value<number>(`SELECT count(*) FROM azure_usage WHERE date = '2023-09-06'`)).toBe(0);
  });

  it('an unknown header is refused naming the formats and their key columns', async () => {
    const file = join(w.dir, 'unknown.csv');
    writeFileSync(file, 'Foo,Bar\n1,2\n');
    const result = await ingest(w.warehouse, [file]);
    expect(result.files[0]).toMatchObject({ status: 'refused', format: null });
    expect(result.files[0]!.cause).toMatch(/unknown file format: the header \(Foo, Bar\) matches no known export/);
    expect(result.files[0]!.cause).toContain('recon: CustomerId, UsageDate');
    expect(result.files[0]!.cause).toContain('focus: BilledCost');
    expect(result.runs).toHaveLength(0);
  });
});
