import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { listModels, query, type QueryRequest } from '../src/models/query.js';
import { resolveReport } from '../src/reports/resolveReport.js';
import type { ReportQuery } from '../src/reports/queryRunner.js';
import { listCustomers, readFreshness } from '../src/reports/warehouseFacts.js';
import type { Database } from '../src/warehouse/database.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { reports } from '../reports/index.js';
import type { Bench } from './benches.js';
import { measure } from './measure.js';

// Query latency on a large demo partner (5,000 customers × 13 months; --quick: 500): every query each
// report runs, timed alone (median of 5), each report's whole query set run in sequence (median of 5),
// and a representative query per model. Target: each report's queries together under 1 s.
// PARTNERLENS_BENCH_QUERIES_DB names an existing warehouse to use instead of generating one.

const repeats = 5;
const asOf = '2026-10-31';

export const queriesBench: Bench = {
  name: 'queries',
  async run({ quick }) {
    const customers = quick ? 500 : 5000;
    const path = process.env.PARTNERLENS_BENCH_QUERIES_DB ?? join(tmpdir(), `partnerlens-bench-queries-${customers}x13-${asOf}.duckdb`);
    if (!existsSync(path)) {
      process.stdout.write(`generating the demo partner (${customers} customers, 13 months) into ${path}…\n`);
      const generated = await measure(process.execPath, ['bin/partnerlens.js', 'demo', '--customers', String(customers), '--months', '13', '--as-of', asOf, '--db', path, '--json']);
      process.stdout.write(`generated in ${generated.seconds.toFixed(1)} s (peak ${generated.peakMb.toFixed(0)} MB)\n`);
    }
    const warehouse = await openWarehouse({ path, readOnly: true });
    try {
      await benchWarehouse(warehouse.db, customers);
    } finally {
      await warehouse.close();
    }
  },
};

async function benchWarehouse(db: Database, customers: number): Promise<void> {
  const config = loadConfig();
  const sizes = await db.all<{ t: string; n: number }>(
    `SELECT 'azure_usage' AS t, count(*) AS n FROM azure_usage UNION ALL SELECT 'license_snapshots', count(*) FROM license_snapshots
     UNION ALL SELECT 'workload_usage', count(*) FROM workload_usage UNION ALL SELECT 'subscription_history', count(*) FROM subscription_history
     UNION ALL SELECT 'user_activity', count(*) FROM user_activity UNION ALL SELECT 'activity', count(*) FROM activity`,
  );
  process.stdout.write(`warehouse: ${customers} customers; ${sizes.map((s) => `${s.t} ${s.n.toLocaleString('en-US')}`).join(', ')}\n`);
  const run = (request: QueryRequest) => query(db, request, { config });

  // The queries each report runs, recorded by resolving it once.
  const freshness = await readFreshness(db);
  const firstCustomer = (await listCustomers(db))[0];
  const sets: { report: string; queries: ReportQuery[] }[] = [];
  for (const report of reports) {
    const queries: ReportQuery[] = [];
    const customer = report.name === 'customer-pack' ? firstCustomer : undefined;
    await resolveReport(report, {
      run: async (q) => {
        queries.push(q);
        return run(q);
      },
      asOfDay: freshness.asOfDay, customer, freshness: freshness.entries, runId: freshness.runId,
    });
    sets.push({ report: report.name, queries });
  }

  process.stdout.write(`\n### Each report query alone (median of ${repeats}, ms)\n\n| report | query | rows | median ms |\n|---|---|---:|---:|\n`);
  for (const { report, queries } of sets) {
    for (const q of queries) {
      const { ms, rows } = await timed(() => run(q));
      process.stdout.write(`| ${report} | ${describe(q)} | ${rows} | ${ms.toFixed(0)} |\n`);
    }
  }

  process.stdout.write(`\n### Whole report query sets, in sequence (median of ${repeats})\n\n| report | queries | median ms | under 1 s |\n|---|---:|---:|---|\n`);
  let total = 0;
  for (const { report, queries } of sets) {
    const { ms } = await timed(async () => {
      for (const q of queries) await run(q);
      return { rows: [] };
    });
    total += ms;
    process.stdout.write(`| ${report} | ${queries.length} | ${ms.toFixed(0)} | ${ms < 1000 ? 'yes' : 'NO'} |\n`);
  }
  process.stdout.write(`| all reports | ${sets.reduce((n, s) => n + s.queries.length, 0)} | ${total.toFixed(0)} | |\n`);

  process.stdout.write(`\n### Every measure of each model (median of ${repeats})\n\n| model | breakdown | rows | median ms |\n|---|---|---:|---:|\n`);
  for (const model of listModels()) {
    const currency = model.dimensions.currency ? ['currency'] : [];
    for (const by of [currency, [...currency, 'customer'], [...currency, ...(model.dimensions.date ? ['date:month'] : [])]]) {
      const q: QueryRequest = { model: model.name, measures: Object.keys(model.measures), by };
      const { ms, rows } = await timed(() => run(q));
      process.stdout.write(`| ${model.name} | ${by.join(', ') || '(totals)'} | ${rows} | ${ms.toFixed(0)} |\n`);
    }
  }
}

async function timed(work: () => Promise<{ rows: unknown[] }>): Promise<{ ms: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    rows = (await work()).rows.length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, rows };
}

function describe(q: ReportQuery): string {
  const where = (q.where ?? []).map((w) => `${w.dimension}=${w.values.length > 1 ? `${w.values.length} values` : w.values[0]}`);
  return `${q.model}: ${q.measures.join(', ')}${q.by?.length ? ` by ${q.by.join(', ')}` : ''}${where.length ? ` where ${where.join(', ')}` : ''}${q.from ? ` ${q.from}..${q.to}` : q.to ? ` to ${q.to}` : ''}`;
}
