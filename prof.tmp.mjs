import { openWarehouse } from './dist/src/warehouse/openWarehouse.js';
import { prepareQuery } from './dist/src/models/query.js';
import fs from 'node:fs';
const w = await openWarehouse({ path: process.env.DB ?? '/tmp/partnerlens-bench-queries-5000x13-2026-10-31.duckdb', readOnly: true, threads: 1 });
const req = JSON.parse(process.argv[2]);
const c = await prepareQuery(w.db, req, {});
const conn = w.db.connection;
for (let i = 0; i < 3; i++) { const t = performance.now(); await conn.runAndReadAll(c.batchSql, c.params); console.log('run', (performance.now() - t).toFixed(0)); }
await conn.run("PRAGMA enable_profiling='json'"); await conn.run("PRAGMA profiling_output='/tmp/exp/prof.json'");
await conn.runAndReadAll(c.batchSql, c.params);
await conn.run("PRAGMA disable_profiling");
const p = JSON.parse(fs.readFileSync('/tmp/exp/prof.json','utf8'));
const min = Number(process.env.MIN ?? 2);
function walk(n, d) { const t = (n.operator_timing ?? 0) * 1000; if (t >= min) console.log(`${' '.repeat(d)}${n.operator_name} ${t.toFixed(1)}ms card=${n.operator_cardinality} ${JSON.stringify(n.extra_info ?? {}).slice(0, 150)}`); for (const ch of n.children ?? []) walk(ch, d+1); }
console.log('latency', (p.latency*1000).toFixed(0)); walk(p, 0);
if (process.env.SQL) fs.writeFileSync('/tmp/exp/last.sql', c.batchSql);
await w.close();
