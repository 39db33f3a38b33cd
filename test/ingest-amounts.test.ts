import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';
import { csvText, decimalSum, ingest, reconRow } from './ingest-helpers.js';
import { tempWarehouse } from './helpers/tempWarehouse.js';

// Amounts are read fast as 18-digit decimals and widened; an amount of a million or more sends the file
// through an exact full-width read again (src/sources/files/csv/stageCsv.ts). Either way every amount is
// stored exactly, to twelve decimals, and a value that is no amount is a rejected row with its line.

const header = Object.keys(reconRow({ day: '2026-09-01', cost: '0' }));

let w: { warehouse: Warehouse; dir: string; cleanup(): Promise<void> };
beforeEach(async () => {
  w = await tempWarehouse();
});
afterEach(async () => {
  await w.cleanup();
});

async function costs(db: Warehouse['db']): Promise<{ day: string; cost: string }[]> {
  return db.all<{ day: string; cost: string }>(`SELECT date::VARCHAR AS day, cost::VARCHAR AS cost FROM azure_usage ORDER BY date`);
}

describe('amounts in a CSV', () => {
  it('small amounts keep all twelve decimals, rounded half away from zero beyond them', async () => {
    const amounts = ['0.123456789012', '999999.999999999999', '-0.0000000000005', '12.5', '0.1234567890125'];
    const rows = amounts.map((cost, i) => reconRow({ day: `2026-09-0${i + 1}`, cost }));
    const file = join(w.dir, 'small.csv');
    writeFileSync(file, csvText(header, rows));
    const result = await ingest(w.warehouse, [file]);
    expect(result.files[0]).toMatchObject({ status: 'loaded', read: 5, loaded: 5, rejected: 0 });
    expect((await costs(w.warehouse.db)).map((r) => r.cost)).toEqual(amounts.map((a) => decimalSum([a])));
  });

  it('an amount of a million or more is exact, and a bad amount in the same file is still a rejected row with its line', async () => {
    // Yen: a day of Azure may well cost more than a million.
    const amounts = ['1234567.123456789012', '98765432109876.5', '-2000000', '3.25'];
    const rows = amounts.map((cost, i) => reconRow({ day: `2026-09-0${i + 1}`, cost, currency: 'JPY' }));
    rows.push(reconRow({ day: '2026-09-09', cost: '1.234,56', currency: 'JPY' }));
    const file = join(w.dir, 'large.csv');
    writeFileSync(file, csvText(header, rows));
    const result = await ingest(w.warehouse, [file], { threshold: 0.5 });
    expect(result.files[0]).toMatchObject({ status: 'partial', read: 5, loaded: 4, rejected: 1 });
    expect((await costs(w.warehouse.db)).map((r) => r.cost)).toEqual(amounts.map((a) => decimalSum([a])));
    const total = await w.warehouse.db.value<string>('SELECT sum(cost)::DECIMAL(38,12)::VARCHAR FROM azure_usage');
    expect(total).toBe(decimalSum(amounts));
    const rejected = await w.warehouse.db.all<{ line: number; field: string; reason: string }>('SELECT line, field, reason FROM rejected_rows');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ line: 6, field: 'BillingPreTaxTotal' });
    expect(rejected[0]!.reason).toContain('"1.234,56" is not an amount');
  });
});
