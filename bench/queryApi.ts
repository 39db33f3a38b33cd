import { copyFileSync, existsSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApiKey } from '../src/access/apiKeys.js';
import { configSchema, loadSecrets } from '../src/config/config.js';
import { query, type QueryRequest } from '../src/models/query.js';
import { resolveReport } from '../src/reports/resolveReport.js';
import { readFreshness } from '../src/reports/warehouseFacts.js';
import { createHttpApp } from '../src/service/http/createHttpApp.js';
import type { ServiceRuntime } from '../src/service/runtime.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { reports } from '../reports/index.js';
import type { Bench } from './benches.js';
import { measure } from './measure.js';

// The query API over real HTTP on 127.0.0.1 (client and server in this process): requests per second and
// p50/p95 latency for one report's queries (business-insights) with 1, 4 and 16 concurrent clients on the
// 5,000-customer partner (--quick: 500); then one answer of about 1 M rows as JSON and as an Arrow stream:
// time to the last byte, bytes, and this process's peak JS memory (heap and buffers) above its level before.
// The warehouse is a copy of the queries bench's (generated when missing), as the API needs a user and key.

const asOf = '2026-10-31';
const reportName = 'business-insights';

export const queryApiBench: Bench = {
  name: 'query-api',
  async run({ quick }) {
    const customers = quick ? 500 : 5000;
    const source = process.env.PARTNERLENS_BENCH_QUERIES_DB ?? join(tmpdir(), `partnerlens-bench-queries-${customers}x13-${asOf}.duckdb`);
    if (!existsSync(source)) {
      process.stdout.write(`generating the demo partner (${customers} customers, 13 months) into ${source}…\n`);
      await measure(process.execPath, ['bin/partnerlens.js', 'demo', '--customers', String(customers), '--months', '13', '--as-of', asOf, '--db', source, '--json']);
    }
    const path = join(tmpdir(), `partnerlens-bench-query-api-${process.pid}.duckdb`);
    copyFileSync(source, path);
    const warehouse = await openWarehouse({ path });
    const config = configSchema.parse({});
    const runtime: ServiceRuntime = {
      warehouse, config, secrets: loadSecrets(),
      startRun: () => Promise.reject(new Error('no runs in this bench')),
      schedulerState: () => ({ state: 'running', jobs: [] }),
    };
    const admin = 'bench-admin@contoso.com';
    await warehouse.db.run('INSERT INTO users (upn, created_at, created_by) VALUES (?, now()::TIMESTAMP, ?)', [admin, 'bench']);
    await warehouse.db.run("INSERT INTO user_roles (upn, role, granted_at, granted_by) VALUES (?, 'mpn-partner-admin', now()::TIMESTAMP, 'bench')", [admin]);
    const { key } = await createApiKey(warehouse.db, { actor: admin, role: 'mpn-partner-admin', name: 'bench' });
    const app = createHttpApp(runtime, { queryConnections: 2 });
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`;
    const post = (body: object, accept = 'application/json') =>
      fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept }, body: JSON.stringify(body) });
    try {
      const bodies = await reportBodies(warehouse.db);
      process.stdout.write(`\n### ${reportName}: its ${bodies.length} queries through POST /api/query (${customers} customers)\n\n| clients | requests | req/s | p50 ms | p95 ms |\n|---:|---:|---:|---:|---:|\n`);
      for (const clients of [1, 4, 16]) {
        const rounds = quick ? 2 : 4;
        const latencies: number[] = [];
        const started = performance.now();
        await Promise.all(Array.from({ length: clients }, async () => {
          for (let r = 0; r < rounds; r++) {
            for (const body of bodies) {
              const t = performance.now();
              const response = await post(body);
              await response.arrayBuffer();
              if (response.status !== 200) throw new Error(`bench query answered ${response.status}`);
              latencies.push(performance.now() - t);
            }
          }
        }));
        const seconds = (performance.now() - started) / 1000;
        latencies.sort((a, b) => a - b);
        const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
        process.stdout.write(`| ${clients} | ${latencies.length} | ${(latencies.length / seconds).toFixed(1)} | ${pct(0.5).toFixed(0)} | ${pct(0.95).toFixed(0)} |\n`);
      }

      const big = await millionRows(warehouse.db);
      process.stdout.write(`\n### One large answer: ${big.rows.toLocaleString('en-US')} rows (subscriptions by day, customer, product, status, ${big.body.from}..${big.body.to})\n\n| format | seconds to last byte | MB sent | peak JS memory above start, MB |\n|---|---:|---:|---:|\n`);
      // JS memory (heap, buffers) rather than RSS, which does not shrink between the two: Arrow first,
      // then JSON, each from a collected heap when run with --expose-gc.
      const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.external; };
      for (const [label, accept] of [['Arrow IPC stream', 'application/vnd.apache.arrow.stream'], ['JSON', 'application/json']] as const) {
        global.gc?.();
        const base = used();
        let peak = base;
        const sampler = setInterval(() => (peak = Math.max(peak, used())), 20);
        const t = performance.now();
        const response = await post(big.body, accept);
        let bytes = 0;
        for await (const chunk of response.body!) bytes += (chunk as Uint8Array).byteLength;
        const seconds = (performance.now() - t) / 1000;
        clearInterval(sampler);
        peak = Math.max(peak, used());
        process.stdout.write(`| ${label} | ${seconds.toFixed(2)} | ${(bytes / 1e6).toFixed(1)} | ${((peak - base) / 1e6).toFixed(0)} |\n`);
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await warehouse.close();
      rmSync(path, { force: true });
      rmSync(`${path}.wal`, { force: true });
    }
  },
};

/** The report's queries as API bodies (order and row limits are the report's own business, not the API's). */
async function reportBodies(db: Parameters<typeof query>[0]): Promise<object[]> {
  const report = reports.find((r) => r.name === reportName)!;
  const freshness = await readFreshness(db);
  const recorded: QueryRequest[] = [];
  await resolveReport(report, {
    run: async (q) => {
      recorded.push(q);
      return query(db, q);
    },
    asOfDay: freshness.asOfDay, customer: undefined, freshness: freshness.entries, runId: freshness.runId, to: undefined,
  });
  return recorded.map(({ model, measures, by, where, from, to }) => ({ model, measures, by, where, from, to }));
}

/** A period whose daily answer is about 1 M rows: the rows of one day, times the days needed. */
async function millionRows(db: Parameters<typeof query>[0]): Promise<{ body: QueryRequest; rows: number }> {
  const by = ['date:day', 'customer', 'product', 'status'];
  const oneDay = await query(db, { model: 'subscriptions', measures: ['subscriptions', 'activeSubscriptions'], by, from: asOf, to: asOf });
  const days = Math.max(1, Math.min(390, Math.round(1_000_000 / Math.max(1, oneDay.rows.length))));
  const from = new Date(Date.parse(`${asOf}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { body: { model: 'subscriptions', measures: ['subscriptions', 'activeSubscriptions'], by, from, to: asOf }, rows: oneDay.rows.length * days };
}
