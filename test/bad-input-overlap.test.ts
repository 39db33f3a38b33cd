import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reconColumns } from '../src/sources/files/formats/reconColumns.js';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';
import { csvText, decimalSum, ingest, reconRow } from './ingest-helpers.js';
import { tempWarehouse } from './helpers/tempWarehouse.js';

// RELIABILITY.md cases 13 (duplicates-overlap) and 14 (late-restated-data): daily-rated usage files whose
// days overlap, restate each other, or arrive out of order. A file's modification time is its version.

type Row = ReturnType<typeof reconRow>;

let w: { warehouse: Warehouse; dir: string; cleanup(): Promise<void> };
beforeEach(async () => {
  w = await tempWarehouse();
});
afterEach(async () => w.cleanup());

function writeRecon(name: string, rows: Row[], modified: string): string {
  const file = join(w.dir, name);
  writeFileSync(file, csvText(reconColumns, rows));
  utimesSync(file, new Date(modified), new Date(modified));
  return file;
}

/** Two meters a day for one customer over `days`, each meter costing `cost` that day. */
function days(customer: string, from: number, to: number, cost: (day: number) => string): Row[] {
  const rows: Row[] = [];
  for (let d = from; d <= to; d++) {
    const day = `2026-09-${String(d).padStart(2, '0')}`;
    rows.push(reconRow({ customer, day, cost: cost(d), meter: 'Virtual Machines' }), reconRow({ customer, day, cost: cost(d), meter: 'Storage' }));
  }
  return rows;
}

async function dayTotals(db: Warehouse['db']): Promise<Record<string, string>> {
  const rows = await db.all<{ k: string; t: string }>(`SELECT customer_id || ' ' || date::VARCHAR AS k, sum(cost)::VARCHAR AS t FROM azure_usage GROUP BY 1 ORDER BY 1`);
  return Object.fromEntries(rows.map((r) => [r.k, r.t]));
}

function expectedTotals(rows: Row[]): Record<string, string> {
  const groups = new Map<string, string[]>();
  for (const r of rows) groups.set(`${r.CustomerId} ${r.UsageDate}`, [...(groups.get(`${r.CustomerId} ${r.UsageDate}`) ?? []), r.BillingPreTaxTotal!]);
  return Object.fromEntries([...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, decimalSum(v)]));
}

describe('RELIABILITY 13 duplicates-overlap', () => {
  const a = days('c1', 1, 5, (d) => `${d}.10`);
  // The later export restates the three days they share (3–5) and adds two more.
  const b = days('c1', 3, 7, (d) => `${d}.20`);
  const expected = expectedTotals([...a.filter((r) => r.UsageDate! < '2026-09-03'), ...b]);

  it('two exports overlapping by 3 days give the newer export\'s values for the shared days, in either arrival order', async () => {
    const fileA = writeRecon('a.csv', a, '2026-10-01T00:00:00Z');
    const fileB = writeRecon('b.csv', b, '2026-10-02T00:00:00Z');
    await ingest(w.warehouse, [fileA]);
    await ingest(w.warehouse, [fileB]);
    expect(await dayTotals(w.warehouse.db)).toEqual(expected);

    const other = await tempWarehouse();
    try {
      const late = await ingest(other.warehouse, [fileB]);
      const older = await ingest(other.warehouse, [fileA]);
      expect(late.files[0]!.loaded).toBe(b.length);
      // The older export arrives last: its three shared days (6 rows) are superseded, its two own days load.
      expect(older.files[0]).toMatchObject({ status: 'loaded', read: a.length, superseded: 6, loaded: 4 });
      expect(await dayTotals(other.warehouse.db)).toEqual(expected);
    } finally {
      await other.cleanup();
    }
  });

  it('ingesting the same exports again, under other names or as a re-pulled trailing window, leaves the totals unchanged', async () => {
    const fileA = writeRecon('a.csv', a, '2026-10-01T00:00:00Z');
    const fileB = writeRecon('b.csv', b, '2026-10-02T00:00:00Z');
    await ingest(w.warehouse, [w.dir]);
    const once = await dayTotals(w.warehouse.db);
    const rows = await w.warehouse.db.value<number>('SELECT count(*) FROM azure_usage');

    const again = await ingest(w.warehouse, [fileA, fileB, writeRecon('b-copy.csv', b, '2026-10-05T00:00:00Z')]);
    expect(again.files.map((f) => f.status)).toEqual(['skipped', 'skipped', 'skipped']);
    // A re-pull of the last three days, newer, with the same values: replaces those days with themselves.
    const repull = await ingest(w.warehouse, [writeRecon('b-repull.csv', b.filter((r) => r.UsageDate! >= '2026-09-05'), '2026-10-06T00:00:00Z')]);
    expect(repull.files[0]).toMatchObject({ status: 'loaded', loaded: 6 });
    expect(await dayTotals(w.warehouse.db)).toEqual(once);
    expect(await w.warehouse.db.value<number>('SELECT count(*) FROM azure_usage')).toBe(rows);
    expect(once).toEqual(expected);
  });

  it('duplicate lines inside one file are loaded once and counted; look-alike lines are both kept', async () => {
    const rows = days('c2', 1, 2, () => '3.30');
    // The first line twice (an export appended to itself), and a line equal to the first in every kept column
    // but one the warehouse drops (AdditionalInfo), which is a different charge.
    const lookAlike = { ...rows[0]!, AdditionalInfo: '{"VMName":"other"}' };
    const file = writeRecon('dups.csv', [...rows, rows[0]!, lookAlike], '2026-10-01T00:00:00Z');
    const result = await ingest(w.warehouse, [file]);
    expect(result.files[0]).toMatchObject({ status: 'loaded', read: 6, loaded: 5, duplicates: 1 });
    expect(result.runs[0]!.counts).toMatchObject({ read: 6, loaded: 5, duplicate: 1 });
    expect(await dayTotals(w.warehouse.db)).toEqual(expectedTotals([...rows, lookAlike]));
  });
});

describe('RELIABILITY 14 late-restated-data', () => {
  it('a day restated by a later file takes the new values; an older file arriving after it changes nothing', async () => {
    const keep = days('c9', 10, 10, () => '100.00');
    await ingest(w.warehouse, [writeRecon('other-customer.csv', keep, '2026-09-01T00:00:00Z')]);
    await ingest(w.warehouse, [writeRecon('d1.csv', days('c1', 10, 11, () => '5.00'), '2026-10-10T00:00:00Z')]);
    const restated = await ingest(w.warehouse, [writeRecon('d2.csv', days('c1', 10, 10, () => '7.00'), '2026-10-12T00:00:00Z')]);
    expect(restated.files[0]).toMatchObject({ status: 'loaded', loaded: 2, superseded: 0 });
    const after = { 'c1 2026-09-10': '14.000000000000', 'c1 2026-09-11': '10.000000000000', 'c9 2026-09-10': '200.000000000000' };
    expect(await dayTotals(w.warehouse.db)).toEqual(after);

    const late = await ingest(w.warehouse, [writeRecon('d0.csv', days('c1', 10, 10, () => '3.00'), '2026-10-11T00:00:00Z')]);
    expect(late.files[0]).toMatchObject({ status: 'loaded', read: 2, loaded: 0, superseded: 2 });
    expect(await dayTotals(w.warehouse.db)).toEqual(after);
    // The slice remembers which load owns it.
    expect(await w.warehouse.db.value<string>(`SELECT version::VARCHAR FROM azure_slices WHERE customer_id = 'c1' AND date = '2026-09-10'`)).toBe('2026-10-12 00:00:00');
  });

  it('a restatement that drops a row of the day removes it (the day is replaced whole, not merged)', async () => {
    await ingest(w.warehouse, [writeRecon('full.csv', days('c1', 10, 10, () => '5.00'), '2026-10-10T00:00:00Z')]);
    await ingest(w.warehouse, [writeRecon('less.csv', days('c1', 10, 10, () => '5.00').slice(0, 1), '2026-10-12T00:00:00Z')]);
    expect(await dayTotals(w.warehouse.db)).toEqual({ 'c1 2026-09-10': '5.000000000000' });
  });
});
