import { copyFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reconColumns } from '../src/sources/files/formats/reconColumns.js';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';
import { csvText, decimalSum, fixture, ingest, reconRow } from './ingest-helpers.js';
import { tempWarehouse } from './helpers/tempWarehouse.js';

// The content hash of a file (what makes a re-ingest of the same bytes a no-op) is taken while DuckDB reads
// the file, and the line ends DuckDB is told are those of the file's first 256 KB. These tests hold the
// outcomes to what they were when the whole file was hashed before any read.

let w: { warehouse: Warehouse; dir: string; cleanup(): Promise<void> };
beforeEach(async () => {
  w = await tempWarehouse();
});
afterEach(async () => w.cleanup());

function touch(path: string, modified: string): string {
  utimesSync(path, new Date(modified), new Date(modified));
  return path;
}

describe('hashing while reading', () => {
  it('a file whose lines switch from LF to CRLF past its first 256 KB loads whole, its bad line named as an editor numbers it', async () => {
    // 3,000 LF lines (about 0.6 MB: the start a reader looks at ends in them), then 50 CRLF lines,
    // the 20th of which has an amount that is not a number.
    const rows = Array.from({ length: 3050 }, (_, i) => reconRow({ day: `2026-09-${String(1 + (i % 28)).padStart(2, '0')}`, cost: `${1 + (i % 97)}.${String(i % 100).padStart(2, '0')}`, resource: `vm-${i}` }));
    const bad = 3000 + 19;
    const lines = csvText(reconColumns, rows).split('\n').slice(0, -1);
    lines[bad + 1] = lines[bad + 1]!.replace(`,${rows[bad]!.BillingPreTaxTotal},`, ',twelve,');
    const text = `${lines.slice(0, 3001).join('\n')}\n${lines.slice(3001).join('\r\n')}\r\n`;
    expect(text.indexOf('\r')).toBeGreaterThan(256 * 1024);
    const file = join(w.dir, 'switching.csv');
    writeFileSync(file, text);

    const result = await ingest(w.warehouse, [file]);
    const kept = rows.filter((_, i) => i !== bad);
    expect(result.files[0]).toMatchObject({ status: 'partial', read: 3050, loaded: 3049, rejected: 1 });
    expect(result.files[0]!.examples).toEqual([{ line: bad + 2, field: 'BillingPreTaxTotal', reason: expect.stringMatching(/^"twelve" is not an amount/) }]);
    const db = w.warehouse.db;
    expect(await db.value<string>('SELECT sum(cost)::VARCHAR FROM azure_usage')).toBe(decimalSum(kept.map((r) => r.BillingPreTaxTotal!)));
    // No carriage return left in any value (a CRLF line read as LF would end its last field with one).
    expect(await db.value<number>(`SELECT count(*) FROM azure_usage WHERE contains(resource_id || customer_name || coalesce(charge_type, ''), chr(13))`)).toBe(0);
    expect(await db.value<number>(`SELECT count(*) FROM rejected_rows`)).toBe(1);
  });

  it('a copy of a loaded file under another name and time is skipped once hashed: nothing published, no rejections recorded', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => reconRow({ day: `2026-09-0${1 + i}`, cost: `${i}.50`, resource: `vm-${i}` }));
    const lines = csvText(reconColumns, rows).split('\n');
    lines[3] = lines[3]!.replace(',2.50,', ',2,50,');
    const first = join(w.dir, 'usage.csv');
    writeFileSync(first, lines.join('\n'));
    touch(first, '2026-10-01T00:00:00Z');
    const once = await ingest(w.warehouse, [first], { threshold: 0.5 });
    expect(once.files[0]).toMatchObject({ status: 'partial', loaded: 5, rejected: 1 });

    const copy = join(w.dir, 'usage-again.csv');
    copyFileSync(first, copy);
    touch(copy, '2026-10-09T00:00:00Z');
    const again = await ingest(w.warehouse, [copy], { threshold: 0.5 });
    expect(again.files[0]).toMatchObject({ status: 'skipped', read: 0, loaded: 0, rejected: 0 });
    expect(again.runs[0]!.counts).toEqual({ read: 0, loaded: 0, rejected: 0, duplicate: 0 });
    const db = w.warehouse.db;
    expect(await db.value<number>('SELECT count(*) FROM rejected_rows WHERE run_id = ?', [again.runs[0]!.runId])).toBe(0);
    // The slices still belong to the first load: the newer copy restated nothing.
    expect(await db.value<number>('SELECT count(DISTINCT run_id) FROM azure_slices')).toBe(1);
    expect(await db.value<string>('SELECT sum(cost)::VARCHAR FROM azure_usage')).toBe(decimalSum(rows.filter((_, i) => i !== 2).map((r) => r.BillingPreTaxTotal!)));
  });

  it('bytes loaded before are skipped even where reading them again would be refused (no --customer this time)', async () => {
    const name = 'm365-active-user-detail-synthetic.csv';
    const once = await ingest(w.warehouse, [fixture(name)], { customer: 'tenant-m365' });
    expect(once.files[0]).toMatchObject({ status: 'loaded' });
    const copy = join(w.dir, 'users.csv');
    copyFileSync(fixture(name), copy);
    touch(copy, '2026-11-02T00:00:00Z');
    const again = await ingest(w.warehouse, [copy]);
    expect(again.files[0]).toMatchObject({ status: 'skipped', loaded: 0 });
    // Without the earlier load the same file is refused, naming what is missing.
    const other = await tempWarehouse();
    try {
      const alone = await ingest(other.warehouse, [copy]);
      expect(alone.files[0]!.status).toBe('refused');
      expect(alone.files[0]!.cause).toMatch(/--customer/);
    } finally {
      await other.cleanup();
    }
  });
});
