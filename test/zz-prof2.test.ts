import { it } from 'vitest';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { query, type QueryRequest } from '../src/models/query.js';
const Q: QueryRequest[] = JSON.parse(process.env.QUERIES ?? '[]');
it('prof', async () => {
  const w = await openWarehouse({ path: '/tmp/h4demo/large.duckdb', readOnly: true });
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  let t0 = performance.now(); let c0 = cpu();
  await query(w.db, { model: 'azure', measures: ['cost'], by: ['currency'], from: '2026-10-01', to: '2026-10-31' }, { rollups: true });
  console.log('first (builds rollup)', (performance.now() - t0).toFixed(0), 'cpu', (cpu() - c0).toFixed(0), 'rollup rows', await w.db.value('select count(*) from temp.rollup_azure_month'));
  for (const q of Q) {
    for (const rollups of [false, true]) {
      const times: number[] = []; const cpus: number[] = [];
      let n = 0;
      for (let rep = 0; rep < 3; rep++) { t0 = performance.now(); c0 = cpu(); n = (await query(w.db, q, { rollups })).rows.length; times.push(performance.now() - t0); cpus.push(cpu() - c0); }
      times.sort((a, b) => a - b); cpus.sort((a, b) => a - b);
      console.log(JSON.stringify(q).slice(0, 120), rollups ? 'ROLLUP' : 'base  ', 'median', times[1]!.toFixed(0), 'cpu', cpus[1]!.toFixed(0), 'rows', n);
    }
  }
  await w.close();
}, 900000);
