import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { jobs } from '../jobs/index.js';
import { configSchema } from '../src/config/config.js';
import { runJob } from '../src/jobs/runJob.js';
import { createPartnerCenterSource } from '../src/sources/partner-center/partnerCenterSource.js';
import { addDays, isoDate } from '../src/util/dates.js';
import { literal } from '../src/warehouse/database.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { startFakeGraph } from '../test/fake-graph/fakeGraph.js';
import { activeUserCsv } from '../test/fake-graph/graphData.js';
import { startFakePartnerCenter } from '../test/fake-partner-center/fakePartnerCenter.js';
import type { Bench } from './benches.js';
import { generateRecon } from './ingest.js';
import { measure } from './measure.js';

// Graph paths of the partner-center source against the fakes at 50 ms a call:
// 1. Azure usage from a billing export of 2 M lines in 20 gzip blobs (200 k with --quick), run by the CLI
//    in a process of its own, beside `partnerlens ingest` of the same lines as one reconciliation CSV.
// 2. User activity reports for 500 customers (100 with --quick): the configured concurrency vs one at a time.

const repo = resolve(import.meta.dirname, '..', '..');
const cli = join(repo, 'bin', 'partnerlens.js');
const latencyMs = 50;
const blobs = 20;

export const graphExportBench: Bench = {
  name: 'graph',
  async run({ quick }) {
    await exportVsIngest(quick ? 200_000 : 2_000_000);
    await userReports(quick ? 100 : 500);
  },
};

async function exportVsIngest(rows: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'partnerlens-bench-graph-'));
  const pc = await startFakePartnerCenter({ customers: 1 });
  const graph = await startFakeGraph({ clientId: pc.clientId, clientSecret: pc.clientSecret, refreshToken: pc.refreshToken, partnerTenant: pc.tenantId, latencyMs, pollsBeforeReady: 2, retryAfterSeconds: 1 });
  try {
    const csv = join(dir, 'recon.csv');
    await generateRecon(csv, rows);
    // The same lines as Graph's export: JSON lines, amounts as JSON numbers, in 20 gzip blobs (by DuckDB).
    const instance = await DuckDBInstance.create(join(dir, 'generate.duckdb'), { memory_limit: '1GB' });
    const connection = await instance.connect();
    await connection.run(
      `CREATE TABLE lines AS SELECT * REPLACE (TRY_CAST("BillingPreTaxTotal" AS DOUBLE) AS "BillingPreTaxTotal",
         TRY_CAST("PricingPreTaxTotal" AS DOUBLE) AS "PricingPreTaxTotal", TRY_CAST("Quantity" AS DOUBLE) AS "Quantity"), abs(hash("ResourceURI")) % ${blobs} AS part
       FROM read_csv(${literal(csv)}, all_varchar = true)`,
    );
    const blobDir = join(dir, 'blobs');
    mkdirSync(blobDir);
    const served: { name: string; lines: string[]; gzFile: string }[] = [];
    for (let k = 0; k < blobs; k++) {
      const name = `part-${String(k + 1).padStart(5, '0')}.json.gz`;
      const target = join(blobDir, name);
      await connection.run(`COPY (SELECT * EXCLUDE (part) FROM lines WHERE part = ${k}) TO ${literal(target)} (FORMAT json, COMPRESSION gzip)`);
      served.push({ name, lines: [], gzFile: target });
    }
    connection.closeSync();
    instance.closeSync();
    rmSync(join(dir, 'generate.duckdb'), { force: true });
    graph.exports.set('unbilled/USD/last', { eTag: `bench-${Date.now()}`, blobs: served });
    const gz = served.reduce((n, b) => n + statSync(b.gzFile).size, 0);
    process.stdout.write(`${rows.toLocaleString('en-US')} lines: CSV ${(statSync(csv).size / 1e6).toFixed(0)} MB; export ${served.length} gzip blobs, ${(gz / 1e6).toFixed(0)} MB; ${latencyMs} ms per call\n`);

    const currentStart = `${isoDate(new Date()).slice(0, 7)}-01`;
    const lastStart = `${addDays(currentStart, -1).slice(0, 7)}-01`;
    const work = join(dir, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'partnerlens.config.json'), JSON.stringify({ partnerCenter: { currencies: ['USD'] } }));
    const env = {
      ...process.env, PARTNERLENS_LOG_LEVEL: 'warn', PARTNERLENS_CONFIG: undefined,
      PARTNERLENS_PC_API_URL: pc.url, PARTNERLENS_PC_AUTHORITY: pc.authority, PARTNERLENS_PC_TENANT_ID: pc.tenantId, PARTNERLENS_PC_CLIENT_ID: pc.clientId,
      PARTNERLENS_PC_CLIENT_SECRET: pc.clientSecret, PARTNERLENS_GRAPH_API_URL: graph.url, PARTNERLENS_GRAPH_AUTHORITY: graph.authority,
    };
    const ingest = await measure(process.execPath, [cli, 'ingest', csv, '--db', join(dir, 'ingest.duckdb'), '--json'], { cwd: work, env });
    const viaGraph = await measure(process.execPath, [cli, 'run', 'azure-usage', '--source', 'partner-center', '--from', lastStart, '--to', addDays(currentStart, -1), '--db', join(dir, 'graph.duckdb'), '--json'], { cwd: work, env });
    const loaded = (JSON.parse(viaGraph.stdout) as { counts: { loaded: number } }[])[0]?.counts.loaded ?? 0;
    process.stdout.write(`${'path'.padEnd(48)} ${'time'.padStart(9)} ${'peak RSS'.padStart(10)} ${'ratio'.padStart(7)}\n`);
    process.stdout.write(`${'partnerlens ingest recon.csv'.padEnd(48)} ${ingest.seconds.toFixed(1).padStart(7)} s ${ingest.peakMb.toFixed(0).padStart(7)} MB ${'1.00'.padStart(7)}\n`);
    process.stdout.write(`${'run azure-usage (Graph export, 20 blobs)'.padEnd(48)} ${viaGraph.seconds.toFixed(1).padStart(7)} s ${viaGraph.peakMb.toFixed(0).padStart(7)} MB ${(viaGraph.seconds / ingest.seconds).toFixed(2).padStart(7)}  loaded ${loaded.toLocaleString('en-US')}\n`);
    process.stdout.write('target: ratio ≤ 1.20 (the export includes 2 polls at Retry-After 1 s and 50 ms per call)\n');
  } finally {
    await graph.close();
    await pc.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function userReports(customers: number): Promise<void> {
  const pc = await startFakePartnerCenter({ customers, latencyMs });
  const graph = await startFakeGraph({ clientId: pc.clientId, clientSecret: pc.clientSecret, refreshToken: pc.refreshToken, partnerTenant: pc.tenantId, latencyMs });
  try {
    pc.data.customers.forEach((c, k) => {
      const tenant = (c.companyProfile as { tenantId: string }).tenantId;
      graph.reports.set(tenant, activeUserCsv({ reportDate: addDays(isoDate(new Date()), -2), users: 20, domain: `t${k}.example` }));
    });
    const results: { concurrency: number; seconds: number; users: number }[] = [];
    for (const concurrency of [configSchema.parse({}).partnerCenter.concurrency, 1]) {
      const dir = mkdtempSync(join(tmpdir(), 'partnerlens-bench-users-'));
      const warehouse = await openWarehouse({ path: join(dir, 'w.duckdb') });
      try {
        const config = configSchema.parse({
          partnerCenter: { apiUrl: pc.url, authority: pc.authority, tenantId: pc.tenantId, clientId: pc.clientId, concurrency },
          graph: { apiUrl: graph.url, authority: graph.authority },
        });
        const secrets = { clientSecret: pc.clientSecret, refreshToken: undefined, embedSecret: undefined, operatorApiKey: undefined, smtpPassword: undefined };
        const started = performance.now();
        const day = addDays(isoDate(new Date()), -1);
        const outcome = await runJob({ warehouse, config, job: jobs.find((j) => j.name === 'workload-usage')!, source: createPartnerCenterSource({ config, secrets }), period: { from: day, to: day } });
        if (outcome.status !== 'succeeded') throw new Error(`bench run ${outcome.status}: ${outcome.cause}`);
        results.push({ concurrency, seconds: (performance.now() - started) / 1000, users: await warehouse.db.value<number>('SELECT count(*)::INT FROM user_activity') });
      } finally {
        await warehouse.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    process.stdout.write(`\nuser reports: ${customers} customers, ${latencyMs} ms per call (token, report, CSV), job workload-usage\n| concurrency | seconds | users loaded |\n|---:|---:|---:|\n`);
    for (const r of results) process.stdout.write(`| ${r.concurrency} | ${r.seconds.toFixed(1)} | ${r.users} |\n`);
    process.stdout.write(`speed-up: ${(results[1]!.seconds / results[0]!.seconds).toFixed(1)}×\n`);
  } finally {
    await graph.close();
    await pc.close();
  }
}
