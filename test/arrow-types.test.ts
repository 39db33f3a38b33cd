import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC, type Table } from 'apache-arrow';
import { arrowStream } from '../src/arrow/arrowStream.js';
import { tempWarehouse } from './helpers/tempWarehouse.js';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';

// Arrow record batches built from DuckDB's chunks: each DuckDB type to its Arrow type, values exact (days,
// microseconds, scaled decimals), nulls kept, several batches for a large result, an empty result still a
// stream with its schema, and a failure mid-query a failed stream rather than a short one.

let wh: { warehouse: Warehouse; cleanup(): Promise<void> };
beforeAll(async () => {
  wh = await tempWarehouse();
});
afterAll(async () => wh?.cleanup());

async function arrowOf(sql: string, options: { rowsPerBatch?: number } = {}): Promise<Table> {
  const result = await wh.warehouse.db.connection.run(sql);
  return tableFromIPC(await collect(arrowStream(result, options)));
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Every raw value of a fixed-width column across batches (exact: no conversion by Arrow's getters). */
function raw<T>(table: Table, name: string): T[] {
  return table.getChild(name)!.data.flatMap((d) => Array.from(d.values as ArrayLike<T>).slice(0, d.length));
}

const rows = 5000;
const sql = `
SELECT i::INTEGER AS i,
  (i * 1000000000000)::BIGINT AS big,
  CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 1.25 - 100)::DECIMAL(18,2) END AS amount,
  (CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END) * '12345678901234567890.0123456789'::DECIMAL(38,10) AS huge,
  DATE '2026-01-01' + i::INTEGER AS day,
  CASE WHEN i % 11 = 0 THEN NULL ELSE TIMESTAMP '2026-03-29 01:30:00.123456' + i * INTERVAL 1 SECOND END AS at,
  CASE WHEN i % 5 = 0 THEN NULL ELSE 'name ' || i END AS name,
  CASE WHEN i % 3 = 0 THEN [] WHEN i % 3 = 1 THEN ['a' || i, 'b'] ELSE NULL END AS tags,
  i / 4 AS ratio,
  i % 2 = 0 AS even
FROM range(${rows}) t(i) ORDER BY i`;

describe('Arrow record batches from DuckDB chunks', () => {
  it('maps each type to its Arrow type, plain Utf8 for text, and keeps every value exact', async () => {
    const table = await arrowOf(sql, { rowsPerBatch: 4000 });
    expect(table.numRows).toBe(rows);
    expect(table.batches.length).toBeGreaterThan(1);
    // Read back from the IPC bytes, types are Arrow's generic classes: compare their names.
    const type = (name: string) => String(table.schema.fields.find((f) => f.name === name)!.type);
    expect(Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]))).toEqual({
      i: 'Int32', big: 'Int64', amount: 'Decimal[18e+2]', huge: 'Decimal[38e+10]', day: 'Date32<DAY>', at: 'Timestamp<MICROSECOND>',
      name: 'Utf8', tags: 'List<Utf8>', ratio: 'Float64', even: 'Bool',
    });
    expect(type('name')).not.toMatch(/Dictionary/);

    const col = (name: string) => table.getChild(name)!;
    const days = raw<number>(table, 'day');
    const micros = raw<bigint>(table, 'at');
    const bigs = raw<bigint>(table, 'big');
    const start = Date.UTC(2026, 2, 29, 1, 30, 0);
    const all = (name: string) => Array.from({ length: rows }, (_, i) => col(name).get(i));
    const index = Array.from({ length: rows }, (_, i) => i);
    expect(all('i')).toEqual(index);
    expect(bigs).toEqual(index.map((i) => BigInt(i) * 10n ** 12n));
    // 1.25 i − 100 at scale 2: 125 i − 10000 hundredths.
    expect(all('amount').map((v) => (v === null ? null : String(v)))).toEqual(index.map((i) => (i % 7 === 0 ? null : String(125 * i - 10000))));
    expect(all('huge').map(String)).toEqual(index.map((i) => `${i % 2 === 0 ? '' : '-'}123456789012345678900123456789`));
    expect(days).toEqual(index.map((i) => Date.UTC(2026, 0, 1) / 86_400_000 + i));
    expect(all('day').map((ms) => new Date(ms as number).toISOString().slice(0, 10))).toEqual(index.map((i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10)));
    expect(all('at').map((v, i) => (v === null ? null : micros[i]))).toEqual(index.map((i) => (i % 11 === 0 ? null : BigInt(start + i * 1000) * 1000n + 123_456n)));
    expect(all('name')).toEqual(index.map((i) => (i % 5 === 0 ? null : `name ${i}`)));
    expect(all('tags').map((v) => (v === null ? null : [...v]))).toEqual(index.map((i) => (i % 3 === 0 ? [] : i % 3 === 1 ? [`a${i}`, 'b'] : null)));
    expect(all('ratio')).toEqual(index.map((i) => i / 4));
    expect(all('even')).toEqual(index.map((i) => i % 2 === 0));
  });

  it('an empty result is a stream with its schema and no rows', async () => {
    const table = await arrowOf(`${sql.replace('ORDER BY i', '')} WHERE false`);
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['i', 'big', 'amount', 'huge', 'day', 'at', 'name', 'tags', 'ratio', 'even']);
    expect(String(table.schema.fields[4]!.type)).toBe('Date32<DAY>');
  });

  it('a column that cannot be converted fails the stream: never a short answer that looks whole', async () => {
    const result = await wh.warehouse.db.connection.run(`SELECT i, [{'a': i}] AS nested FROM range(10) t(i)`);
    await expect(collect(arrowStream(result))).rejects.toThrow(/invalid list item type/);
  });
});
