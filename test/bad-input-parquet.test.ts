import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, literal } from '../src/warehouse/database.js';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';
import { fixture, ingest, readCsvObjects, sumsBy } from './ingest-helpers.js';
import { tempDir, tempWarehouse } from './helpers/tempWarehouse.js';

// RELIABILITY.md case 12 (bad-parquet), and FOCUS as Parquet. The Parquet files are written here with
// DuckDB's COPY from the FOCUS sample CSV, in a scratch in-memory database of the test's own.

const focusCsv = fixture('focus-1.0-sample.csv');
let scratch: Database;
let dir: { dir: string; cleanup(): void };
let focusParquet: string;

/** Writes the FOCUS sample as Parquet: money as DECIMAL(38,12), periods as TIMESTAMP, `NULL` as real nulls. */
async function writeFocusParquet(target: string, replace = ''): Promise<void> {
  await scratch.run(
    `COPY (SELECT * REPLACE (BilledCost::DECIMAL(38,12) AS BilledCost, EffectiveCost::DECIMAL(38,12) AS EffectiveCost,
                             ListCost::DECIMAL(38,12) AS ListCost, ChargePeriodStart::TIMESTAMP AS ChargePeriodStart ${replace})
           FROM read_csv(${literal(focusCsv)}, all_varchar = true, nullstr = 'NULL'))
     TO ${literal(target)} (FORMAT parquet)`,
  );
}

beforeAll(async () => {
  scratch = new Database(await (await DuckDBInstance.create(':memory:')).connect());
  dir = tempDir();
  focusParquet = join(dir.dir, 'focus.parquet');
  await writeFocusParquet(focusParquet);
});
afterAll(() => dir.cleanup());

async function withWarehouse(work: (w: Warehouse) => Promise<void>): Promise<void> {
  const { warehouse, cleanup } = await tempWarehouse();
  try {
    await work(warehouse);
  } finally {
    await cleanup();
  }
}

describe('FOCUS as Parquet', () => {
  it('loads with the same per-provider totals as the CSV sample', async () => {
    const rows = readCsvObjects(focusCsv);
    await withWarehouse(async (w) => {
      const result = await ingest(w, [focusParquet]);
      expect(result.files[0]).toMatchObject({ status: 'loaded', format: 'focus', read: 1000, loaded: 1000, rejected: 0 });
      const got = Object.fromEntries(
        (await w.db.all<{ p: string; t: string }>(`SELECT provider AS p, sum(cost)::VARCHAR AS t FROM azure_usage GROUP BY 1 ORDER BY 1`)).map((r) => [r.p, r.t]),
      );
      expect(got).toEqual(sumsBy(rows, (r) => r.ProviderName!, (r) => r.BilledCost!));
      expect(await w.db.value<number>(`SELECT count(DISTINCT date) FROM azure_usage`)).toBe(new Set(rows.map((r) => r.ChargePeriodStart!.slice(0, 10))).size);
    });
  });

  it('tags stored as a Parquet MAP become a JSON object', async () => {
    const mapped = join(dir.dir, 'map-tags.parquet');
    await writeFocusParquet(mapped, `, CASE WHEN Tags IS NULL THEN NULL ELSE MAP {'application': json_extract_string(Tags, '$.application')} END AS Tags`);
    const rows = readCsvObjects(focusCsv).filter((r) => r.Tags !== 'NULL' && (JSON.parse(r.Tags!) as { application?: string }).application);
    await withWarehouse(async (w) => {
      await ingest(w, [mapped]);
      expect(await w.db.value<number>(`SELECT count(*) FROM azure_usage WHERE json_valid(tags) AND (tags->>'application') IS NOT NULL`)).toBe(rows.length);
      const apps = (await w.db.all<{ a: string }>(`SELECT DISTINCT tags->>'application' AS a FROM azure_usage WHERE (tags->>'application') IS NOT NULL ORDER BY 1`)).map((r) => r.a);
      expect(apps).toEqual([...new Set(rows.map((r) => (JSON.parse(r.Tags!) as { application: string }).application))].sort());
    });
  });
});

describe('RELIABILITY 12 bad-parquet', () => {
  it('a truncated Parquet file is refused and not marked processed', async () => {
    const truncated = join(dir.dir, 'truncated.parquet');
    const bytes = readFileSync(focusParquet);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await withWarehouse(async (w) => {
      const result = await ingest(w, [truncated], { format: 'focus' });
      expect(result.files[0]!.status).toBe('refused');
      expect(result.files[0]!.cause).toMatch(/not a complete Parquet file \(truncated, or still being written\?\)/);
      expect(await w.db.value<number>('SELECT count(*) FROM loaded_files')).toBe(0);
      expect(await w.db.value<number>('SELECT count(*) FROM azure_usage')).toBe(0);
    });
  });

  it('a file still being written is refused, then loads once complete', async () => {
    const growing = join(dir.dir, 'growing.parquet');
    const bytes = readFileSync(focusParquet);
    writeFileSync(growing, bytes.subarray(0, bytes.length - 100));
    await withWarehouse(async (w) => {
      const first = await ingest(w, [growing]);
      expect(first.files[0]!.status).toBe('refused');
      writeFileSync(growing, bytes);
      const second = await ingest(w, [growing]);
      expect(second.files[0]).toMatchObject({ status: 'loaded', loaded: 1000 });
    });
  });

  it('a money column stored as text is cast row by row: a bad value is a rejected row with its row number', async () => {
    const textCost = join(dir.dir, 'text-cost.parquet');
    await scratch.run(
      `COPY (SELECT * REPLACE (CASE WHEN row_number() OVER () = 7 THEN 'n/a' ELSE BilledCost END AS BilledCost, ChargePeriodStart::TIMESTAMP AS ChargePeriodStart)
             FROM read_csv(${literal(focusCsv)}, all_varchar = true, nullstr = 'NULL'))
       TO ${literal(textCost)} (FORMAT parquet)`,
    );
    await withWarehouse(async (w) => {
      const result = await ingest(w, [textCost]);
      expect(result.files[0]).toMatchObject({ status: 'partial', read: 1000, loaded: 999, rejected: 1 });
      const [r] = await w.db.all<{ line: number; field: string; reason: string }>('SELECT line, field, reason FROM rejected_rows');
      expect(r).toMatchObject({ line: 7, field: 'BilledCost' });
      expect(r!.reason).toContain('"n/a" is not an amount');
    });
  });

  it('a column whose stored type can never hold the expected one refuses the file, naming the column and the types', async () => {
    const epoch = join(dir.dir, 'epoch.parquet');
    await scratch.run(
      `COPY (SELECT * REPLACE (epoch(ChargePeriodStart::TIMESTAMP)::BIGINT AS ChargePeriodStart)
             FROM read_csv(${literal(focusCsv)}, all_varchar = true, nullstr = 'NULL'))
       TO ${literal(epoch)} (FORMAT parquet)`,
    );
    await withWarehouse(async (w) => {
      const result = await ingest(w, [epoch]);
      expect(result.files[0]!.status).toBe('refused');
      expect(result.files[0]!.cause).toMatch(/column ChargePeriodStart is stored as BIGINT in this file, where a date and time is expected/);
      expect(await w.db.value<number>('SELECT count(*) FROM azure_usage')).toBe(0);
    });
  });

  it('the same file dropped twice (under another name) is a no-op the second time', async () => {
    const copy = join(dir.dir, 'focus-again.parquet');
    copyFileSync(focusParquet, copy);
    await withWarehouse(async (w) => {
      await ingest(w, [focusParquet]);
      const checksum = () => w.db.value<string>(`SELECT md5(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR)) FROM azure_usage t`);
      const before = await checksum();
      const again = await ingest(w, [copy]);
      expect(again.files[0]).toMatchObject({ status: 'skipped', loaded: 0 });
      expect(again.files[0]!.cause).toMatch(/already loaded/);
      expect(await checksum()).toBe(before);
    });
  });
});
