import { ident, type Database } from '../warehouse/database.js';
import { log } from '../util/log.js';
import { relations } from './relations/index.js';
import type { Rollup } from './relations/relation.js';

// Pre-aggregations kept in the warehouse: small tables that answer report queries without scanning the
// big ones (13 M Azure lines, 10 M usage snapshots on a 5,000-customer partner). The writer refreshes the
// stale ones after each run, so that readers — a render, the server, `partnerlens query` — never pay for
// building them. Each records the version of its sources it was built from (row count and newest run of
// every source table, both answered from table statistics); a reader uses it only while that still holds,
// else reads the base tables: slower, same answers. So a crash between a publish and the refresh, an
// upgraded file or rows written by hand cost speed, never correctness.

/**
 * Tables of daily (or per-report) snapshots, with their date column; per customer when each customer's
 * report has its own date. Taken from the snapshot relations' own time definitions.
 */
export const snapshotTables: Readonly<Record<string, { column: string; perCustomer: boolean }>> = Object.fromEntries(
  Object.values(relations).flatMap((r) => (r.time.kind === 'snapshot' ? [[r.time.table, { column: r.time.column, perCustomer: r.time.perCustomer ?? false }]] : [])),
);

/** The snapshot days of each snapshot table: the compiler finds each period's last snapshot here. */
export const snapshotDays: Rollup = {
  table: 'agg_snapshot_days',
  grain: 'day',
  select: `${Object.entries(snapshotTables).map(([table, { column, perCustomer }]) => {
    const customer = perCustomer ? 'customer_id' : 'CAST(NULL AS VARCHAR)';
    return `SELECT '${table}' AS table_name, ${customer} AS customer_id, ${ident(column)} AS date FROM (SELECT DISTINCT ${perCustomer ? 'customer_id, ' : ''}${ident(column)} FROM main.${ident(table)})`;
  }).join('\n    UNION ALL ')}
    ORDER BY table_name, customer_id, date`,
  columns: ['table_name', 'customer_id', 'date'],
  sources: Object.keys(snapshotTables),
};

/** Every pre-aggregation, once each (relations may share one). */
export const aggregates: readonly Rollup[] = [
  ...new Map([...Object.values(relations).flatMap((r) => [r.rollup, r.dailyRollup].filter((a) => a !== undefined)), snapshotDays].map((a) => [a.table, a])).values(),
];

/** SQL of the current version of an aggregate's sources. */
function versionSql(aggregate: Rollup): string {
  return `SELECT concat_ws('/', ${aggregate.sources.map((t) => `(SELECT count(*) || ':' || coalesce(max(run_id), 0) FROM main.${ident(t)})`).join(', ')})`;
}

async function storedVersions(db: Database): Promise<Map<string, string>> {
  const rows = await db.all<{ table_name: string; version: string }>('SELECT table_name, version FROM main.agg_state');
  return new Map(rows.map((r) => [r.table_name, r.version]));
}

/**
 * The aggregates a reader may use now: built, and built from the data as it is. One round trip for all of
 * them (each source's count and newest run come from table statistics: about a millisecond).
 */
export async function readyAggregates(db: Database): Promise<Set<string>> {
  const stored = await storedVersions(db).catch(() => new Map<string, string>());
  if (!stored.size) return new Set();
  const live = await db.one<Record<string, string>>(`SELECT ${aggregates.map((a) => `(${versionSql(a)}) AS ${ident(a.table)}`).join(', ')}`);
  return new Set(aggregates.filter((a) => stored.get(a.table) !== undefined && stored.get(a.table) === live?.[a.table]).map((a) => a.table));
}

export interface AggregateRefresh {
  table: string;
  rows: number;
  ms: number;
}

/**
 * Rebuilds every stale aggregate, each in a transaction of its own with the version it was built from.
 * Writer only. An aggregate that fails to build is left stale (readers use the base tables) and logged.
 */
export async function refreshAggregates(db: Database): Promise<AggregateRefresh[]> {
  const stored = await storedVersions(db);
  const refreshed: AggregateRefresh[] = [];
  for (const aggregate of aggregates) {
    const started = performance.now();
    try {
      const done = await db.transaction(async () => {
        const version = String(await db.value(versionSql(aggregate)));
        if (stored.get(aggregate.table) === version) return null;
        await db.run(`CREATE OR REPLACE TABLE main.${ident(aggregate.table)} AS ${aggregate.select}`);
        await db.run('INSERT OR REPLACE INTO main.agg_state (table_name, version, refreshed_at) VALUES (?, ?, now()::TIMESTAMP)', [aggregate.table, version]);
        return await db.value<number>(`SELECT count(*) FROM main.${ident(aggregate.table)}`);
      });
      if (done === null) continue;
      refreshed.push({ table: aggregate.table, rows: done, ms: Math.round(performance.now() - started) });
    } catch (error) {
      log.warn('aggregate.failed', { table: aggregate.table, cause: error instanceof Error ? error.message : String(error) });
    }
  }
  if (refreshed.length) log.info('aggregates.refreshed', { tables: refreshed });
  return refreshed;
}
