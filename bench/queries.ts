import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../src/config/config.js';
import { createQueryCache, listModels, query, type QueryCache, type QueryRequest, type QueryResult } from '../src/models/query.js';
import { modelQueryRunner } from '../src/reports/modelQueryRunner.js';
import { memoise } from '../src/reports/renderReports.js';
import { resolveReport } from '../src/reports/resolveReport.js';
import type { ReportQuery } from '../src/reports/queryRunner.js';
import { listCustomers, readFreshness, type CustomerRef } from '../src/reports/warehouseFacts.js';
import { connectionPool, defaultPoolSize, pooledThreads } from '../src/warehouse/connectionPool.js';
import { openWarehouse, type Warehouse } from '../src/warehouse/openWarehouse.js';
import { reports } from '../reports/index.js';
import type { Bench } from './benches.js';
import { measure } from './measure.js';
import { aggregates, readyAggregates, refreshAggregates } from '../src/models/aggregates.js';

// Query latency on a large demo partner (5,000 customers × 13 months; --quick: 500): every query each
// report runs, timed alone (median of 5); each report's queries as a render asks them (all at once on the
// render's connection pool, repeated queries once; median of 5), as of the newest day of data (a month's
// last day) and as of the 20th of that month, when report periods cut months; and every measure of each
// model with and without the warehouse's pre-aggregations (which the writer builds after each run, not
// the reader). Target: each report's queries under 1 s.
// Wall time and CPU time (this process, DuckDB's threads included) are both shown: on a shared machine
// CPU time is the steadier figure. PARTNERLENS_BENCH_QUERIES_DB names an existing warehouse to use.

const repeats = Number(process.env.PARTNERLENS_BENCH_REPEATS ?? 5);
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
    // What the writer does after every run: a warehouse made by an older version lacks the current
    // pre-aggregations (a no-op when they are current). Timed, since a job run pays it.
    const writer = await openWarehouse({ path });
    const started = performance.now();
    const refreshed = await refreshAggregates(writer.db);
    await writer.close();
    process.stdout.write(`pre-aggregations refreshed by the writer: ${refreshed.length ? refreshed.map((r) => `${r.table} (${r.rows.toLocaleString('en-US')} rows, ${r.ms} ms)`).join(', ') : 'none stale'}; ${(performance.now() - started).toFixed(0)} ms\n`);
    // Opened as a render opens it: DuckDB's threads shared among the pool's connections.
    const warehouse = await openWarehouse({ path, readOnly: true, threads: pooledThreads() });
    try {
      await benchWarehouse(warehouse, customers);
    } finally {
      await warehouse.close();
    }
  },
};

async function benchWarehouse(warehouse: Warehouse, customers: number): Promise<void> {
  const db = warehouse.db;
  const config = loadConfig();
  const sizes = await db.all<{ t: string; n: number }>(
    `SELECT 'azure_usage' AS t, count(*) AS n FROM azure_usage UNION ALL SELECT 'license_snapshots', count(*) FROM license_snapshots
     UNION ALL SELECT 'workload_usage', count(*) FROM workload_usage UNION ALL SELECT 'subscription_history', count(*) FROM subscription_history
     UNION ALL SELECT 'user_activity', count(*) FROM user_activity UNION ALL SELECT 'activity', count(*) FROM activity`,
  );
  process.stdout.write(`warehouse: ${customers} customers; ${sizes.map((s) => `${s.t} ${s.n.toLocaleString('en-US')}`).join(', ')}\n`);
  const run = (request: QueryRequest, cache?: QueryCache) => query(db, request, { config, cache });

  const ready = await readyAggregates(db);
  const built = await db.all<{ table_name: string; refreshed_at: string }>('SELECT table_name, refreshed_at FROM main.agg_state ORDER BY 1').catch(() => []);
  process.stdout.write(`pre-aggregations current: ${aggregates.map((a) => `${a.table} ${ready.has(a.table) ? 'yes' : 'NO (stale or missing: queries read the base tables)'}`).join(', ')}; built by the writer after each run (${built.length} recorded)\n`);

  const freshness = await readFreshness(db);
  const firstCustomer = (await listCustomers(db))[0];
  const context: BenchContext = { warehouse, config, freshness, firstCustomer, run };
  const sets = await recordSets(context, undefined);

  process.stdout.write(`\n### Each report query alone (median of ${repeats})\n\n| report | query | rows | ms | CPU ms |\n|---|---|---:|---:|---:|\n`);
  for (const { report, queries } of sets) {
    for (const q of queries) {
      const { ms, cpu, rows } = await timed(() => run(q));
      process.stdout.write(`| ${report} | ${describe(q)} | ${rows} | ${ms.toFixed(0)} | ${cpu.toFixed(0)} |\n`);
    }
  }

  await reportSets(context, sets, `as of ${freshness.asOfDay}, the newest day of data`, undefined);
  // A partner's nightly run ends on any day of a month: report periods then cut months, which the Azure
  // month aggregate serves only in part (the days of a cut month come from the lines).
  const midMonth = freshness.asOfDay ? `${freshness.asOfDay.slice(0, 8)}20` : undefined;
  if (midMonth && freshness.asOfDay && midMonth < freshness.asOfDay) {
    await reportSets(context, await recordSets(context, midMonth), `as of ${midMonth}, in the middle of a month`, midMonth);
  }

  process.stdout.write(`\n### Every measure of each model (median of ${repeats})\n\n| model | breakdown | period | rows | ms | CPU ms | ms, with pre-aggregations |\n|---|---|---|---:|---:|---:|---:|\n`);
  for (const model of listModels()) {
    const currency = model.dimensions.currency ? ['currency'] : [];
    for (const [by, period] of [[currency, { from: '2026-10-01', to: '2026-10-31' }], [[...currency, 'customer'], { from: '2026-10-01', to: '2026-10-31' }], [[...currency, ...(model.dimensions.date ? ['date:month'] : [])], { from: '2025-11-01', to: '2026-10-31' }]] as const) {
      const q: QueryRequest = { model: model.name, measures: Object.keys(model.measures), by: [...by], ...period };
      const base = await timed(() => query(db, q, { config, rollups: false }));
      const rolled = (await timed(() => run(q))).ms.toFixed(0);
      process.stdout.write(`| ${model.name} | ${by.join(', ') || '(totals)'} | ${period.from}..${period.to} | ${base.rows} | ${base.ms.toFixed(0)} | ${base.cpu.toFixed(0)} | ${rolled} |\n`);
    }
  }
}

interface BenchContext {
  warehouse: Warehouse;
  config: Config;
  freshness: Awaited<ReturnType<typeof readFreshness>>;
  firstCustomer: CustomerRef | undefined;
  run: (request: QueryRequest, cache?: QueryCache) => Promise<QueryResult>;
}

type QuerySet = { report: string; queries: ReportQuery[] };

/** The queries each report runs, recorded by resolving it once. */
async function recordSets({ freshness, firstCustomer, run }: BenchContext, to: string | undefined): Promise<QuerySet[]> {
  const sets: QuerySet[] = [];
  for (const report of reports) {
    const queries: ReportQuery[] = [];
    const customer = report.scope === 'customer' ? firstCustomer : undefined;
    await resolveReport(report, {
      run: async (q) => {
        queries.push(q);
        return run(q);
      },
      asOfDay: freshness.asOfDay, to, customer, freshness: freshness.entries, runId: freshness.runId,
    });
    sets.push({ report: report.name, queries });
  }
  return sets;
}

/**
 * Each report's queries as a render asks them (the target: until the last answer), the whole resolution
 * (with the shaping of rows: rows kept, tables ordered), and the queries one after the other.
 */
async function reportSets({ warehouse, config, freshness, firstCustomer, run }: BenchContext, sets: QuerySet[], title: string, to: string | undefined): Promise<void> {
  process.stdout.write(`\n### Whole reports' queries, ${title} (median of ${repeats})\n\nAs a render asks them: every query of the report at once, on ${defaultPoolSize} connections, repeated queries once; "answered" is when the last answer came. "Resolved" adds the shaping of rows (rows kept, tables ordered). Beside them, the same queries one after the other on one connection.\n\n| report | queries | answered, ms | CPU ms | under 1 s | resolved, ms | one after the other, ms |\n|---|---:|---:|---:|---|---:|---:|\n`);
  let total = 0;
  for (const { report, queries } of sets) {
    const definition = reports.find((r) => r.name === report)!;
    const customer = definition.scope === 'customer' ? firstCustomer : undefined;
    const answered: number[] = [];
    const resolved = await timed(async () => {
      const pool = connectionPool(warehouse);
      const started = performance.now();
      let last = 0;
      const inner = modelQueryRunner(pool, config);
      try {
        await resolveReport(definition, {
          run: memoise(async (q) => {
            const answer = await inner(q);
            last = performance.now() - started;
            return answer;
          }),
          asOfDay: freshness.asOfDay, to, customer, freshness: freshness.entries, runId: freshness.runId,
        });
      } finally {
        await pool.close();
      }
      answered.push(last);
      return { rows: [] };
    });
    const sequence = await timed(async () => {
      const cache = createQueryCache();
      for (const q of queries) await run(q, cache);
      return { rows: [] };
    });
    const ms = median(answered);
    total += ms;
    process.stdout.write(`| ${report} | ${queries.length} | ${ms.toFixed(0)} | ${resolved.cpu.toFixed(0)} | ${ms < 1000 ? 'yes' : 'NO'} | ${resolved.ms.toFixed(0)} | ${sequence.ms.toFixed(0)} |\n`);
  }
  process.stdout.write(`| all reports | ${sets.reduce((n, s) => n + s.queries.length, 0)} | ${total.toFixed(0)} | | | | |\n`);
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

async function timed(work: () => Promise<{ rows: unknown[] }>, times = repeats): Promise<{ ms: number; cpu: number; rows: number }> {
  const walls: number[] = [];
  const cpus: number[] = [];
  let rows = 0;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    rows = (await work()).rows.length;
    const cpu = process.cpuUsage(cpuStart);
    walls.push(performance.now() - started);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  return { ms: median(walls), cpu: median(cpus), rows };
}

function describe(q: ReportQuery): string {
  const where = (q.where ?? []).map((w) => `${w.dimension}=${w.values.length > 1 ? `${w.values.length} values` : w.values[0]}`);
  return `${q.model}: ${q.measures.join(', ')}${q.by?.length ? ` by ${q.by.join(', ')}` : ''}${where.length ? ` where ${where.join(', ')}` : ''}${q.from ? ` ${q.from}..${q.to}` : q.to ? ` to ${q.to}` : ''}`;
}
