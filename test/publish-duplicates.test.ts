import { afterEach, beforeEach, expect, it } from 'vitest';
import { dropDuplicateLines, tableColumns } from '../src/warehouse/publish.js';
import { tempWarehouse } from './helpers/tempWarehouse.js';

// Second copies of a line are found in parts of the stage (by line hash), so that a 10 M-line batch never
// holds one hash table of every line. Whatever the number of parts, the same copies go.

let w: Awaited<ReturnType<typeof tempWarehouse>>;
beforeEach(async () => {
  w = await tempWarehouse();
});
afterEach(async () => w.cleanup());

async function stage(): Promise<void> {
  // 40 lines: line i has hash 1000 + (i % 25), so lines 25–39 repeat lines 0–14, and line 7 appears a third
  // time with another cost (a hash collision, not a copy: kept).
  await w.warehouse.db.run(`CREATE OR REPLACE TEMP TABLE s AS SELECT * FROM main.azure_usage LIMIT 0`);
  await w.warehouse.db.run(
    `INSERT INTO s (date, customer_id, currency, cost, source_format, run_id, line_hash)
     SELECT DATE '2026-01-01' + (i % 25)::INT, 'c' || (i % 25), 'USD', (i % 25)::DECIMAL(38,12), 'recon', 1, (1000 + i % 25)::UBIGINT FROM range(40) t(i)
     UNION ALL SELECT DATE '2026-01-08', 'c7', 'USD', 99, 'recon', 1, 1007::UBIGINT`,
  );
}

it.each([1, 3, 7, 1000])('drops the 15 copies and keeps the collision, with parts of %i rows', async (partRows) => {
  await stage();
  const columns = await tableColumns(w.warehouse.db, 'azure_usage');
  expect(await dropDuplicateLines(w.warehouse.db, 's', columns, { partRows })).toBe(15);
  expect(await w.warehouse.db.value('SELECT count(*) FROM s')).toBe(26);
  expect(await w.warehouse.db.value('SELECT count(DISTINCT (line_hash, cost)) FROM s')).toBe(26);
  expect(await w.warehouse.db.value("SELECT sum(cost)::VARCHAR FROM s")).toBe(String(Array.from({ length: 25 }, (_, i) => i).reduce((a, b) => a + b, 0) + 99) + '.000000000000');
});
