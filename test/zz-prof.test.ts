import { createRequire } from 'node:module';
import { it } from 'vitest';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { prepareQuery, query, type QueryRequest } from '../src/models/query.js';
const require = createRequire(import.meta.url);
const Q: QueryRequest[] = JSON.parse(process.env.QUERIES ?? '[]');
it('prof', async () => {
  const w = await openWarehouse({ path: process.env.DB ?? '/tmp/h4demo/large.duckdb', readOnly: true });
  for (const q of Q) {
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      const r = await query(w.db, q);
      console.log(JSON.stringify(q).slice(0, 150), `total ${(performance.now() - t0).toFixed(0)} rows ${r.rows.length}`);
    }
    if (process.env.EXPLAIN) {
      const c = await prepareQuery(w.db, q);
      const r = await w.db.connection.runAndReadAll('EXPLAIN ANALYZE ' + c.sql, c.params as never);
      require('node:fs').writeFileSync('/tmp/h4demo/explain.txt', String(r.getRowsJS()[0]?.[1]));
    }
  }
  await w.close();
}, 900000);
