import { it } from 'vitest';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { prepareQuery, type QueryRequest } from '../src/models/query.js';
const Q: QueryRequest[] = JSON.parse(process.env.QUERIES ?? '[]');
it('plan', async () => {
  const w = await openWarehouse({ path: '/tmp/h4demo/large.duckdb', readOnly: true });
  for (const q of Q) {
    const c = await prepareQuery(w.db, q);
    for (let i = 0; i < 3; i++) {
      let t = performance.now();
      await w.db.connection.runAndReadAll('EXPLAIN ' + c.sql, c.params as never);
      const plan = performance.now() - t;
      t = performance.now();
      const u0 = process.cpuUsage();
      await w.db.connection.runAndReadAll(c.sql, c.params as never);
      const u = process.cpuUsage(u0);
      console.log(q.model, 'plan', plan.toFixed(0), 'run', (performance.now() - t).toFixed(0), 'cpu', ((u.user + u.system) / 1000).toFixed(0));
    }
  }
  await w.close();
}, 900000);
