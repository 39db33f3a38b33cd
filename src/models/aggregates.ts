import { createHash } from 'node:crypto';
import { ident, type Database } from '../warehouse/database.js';
import { log } from '../util/log.js';
import { relations } from './relations/index.js';
import type { Relation, Rollup } from './relations/relation.js';
import { lastSnapshotDays } from './compile/frames.js';

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

/**
 * The days a snapshot table has (with the customer, for per-customer snapshots) as a FROM item with a
 * `date` column, within lo–hi when given: what the snapshot-days aggregate holds, read from the table.
 */
export function distinctSnapshotDays(table: string, range?: { lo: string; hi: string }): string {
  const { column, perCustomer } = snapshotTables[table] ?? { column: 'date', perCustomer: false };
  const within = range ? ` WHERE ${ident(column)} BETWEEN ${range.lo} AND ${range.hi}` : '';
  return `(SELECT DISTINCT ${perCustomer ? 'customer_id, ' : ''}${ident(column)} AS date FROM main.${ident(table)}${within})`;
}

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

/** A pre-aggregation as the writer builds it. */
export type Aggregate = Rollup & { select: string };

/**
 * Every pre-aggregation, once each (relations may share one); one built from a finer one comes after it,
 * so that the writer refreshes the finer one first.
 */
export const aggregates: readonly Aggregate[] = [
  ...new Map([
    ...Object.values(relations).flatMap((r) => [r.rollup, r.narrowRollup, r.dailyRollup].filter((a) => a !== undefined).map((a): Aggregate => ({ ...a, select: a.select ?? monthEndSelect(r, a) }))),
    { ...snapshotDays, select: snapshotDays.select! },
  ].map((a) => [a.table, a])).values(),
].sort((a, b) => Number(a.fromFiner !== undefined) - Number(b.fromFiner !== undefined));

/**
 * A month-end rollup's rows: the relation's own SQL with every calendar month of its data as a period
 * (the 1st to the last day), as a query by month builds it, each row keyed by its month. Months outside
 * the data have no rows, as they would have none in a query.
 */
function monthEndSelect(relation: Relation, rollup: Rollup): string {
  const refused = (what: string) => () => {
    throw new Error(`${relation.name}: a month-end pre-aggregation has no ${what}`);
  };
  const time = relation.time;
  const ctes = [`months AS (
      SELECT CAST(m AS DATE) AS k, CAST(m AS DATE) AS ws, last_day(m) AS we, last_day(m) AS be
      FROM (${relation.bounds}) b, generate_series(date_trunc('month', b.lo), CAST(b.hi AS TIMESTAMP), INTERVAL 1 MONTH) AS g(m)
      WHERE b.lo IS NOT NULL
    )`];
  // Snapshot relations read each period's last snapshot, chosen as the compiler does.
  if (time.kind === 'snapshot') ctes.push(`month_days AS (${lastSnapshotDays('months', distinctSnapshotDays(time.table), time.perCustomer ?? false)})`);
  const rows = relation.build({
    spine: 'months', dates: 'month_days', lo: '(SELECT min(ws) FROM months)', hi: '(SELECT max(we) FROM months)',
    needs: new Set(rollup.columns), budgets: [], snapshotDays: (table) => distinctSnapshotDays(table), param: refused('bound values'), frameEvent: refused('event framing'),
  });
  const columns = rollup.columns.filter((c) => c !== 'month').map((c) => `r.${ident(c)}`);
  return `WITH ${ctes.join(',\n    ')}
    SELECT r.k AS month, ${columns.join(', ')} FROM (${rows}) r
    ORDER BY month, r.customer_id`;
}

/** Each aggregate's definition, as a short hash: part of its version. */
const definitions = new Map(aggregates.map((a) => [a.table, createHash('sha256').update(a.select).update(a.fromFiner?.select ?? '').digest('hex').slice(0, 16)]));

/**
 * The current version of aggregates: their sources' (row count and newest run of each, from table
 * statistics) and their definition's (a warehouse refreshed by an older PartnerLens holds the older
 * definition's rows, with sources just as current). Each source table is asked once, in one round trip:
 * the same figures asked as scalar subqueries of one SELECT took 55 ms instead of 5.
 */
async function currentVersions(db: Database, of: readonly Aggregate[]): Promise<Map<string, string>> {
  const tables = [...new Set(of.flatMap((a) => a.sources))];
  const rows = await db.all<{ t: string; version: string }>(tables
    .map((t) => `SELECT ${quote(t)} AS t, count(*) || ':' || coalesce(max(run_id), 0) AS version FROM main.${ident(t)}`)
    .join(' UNION ALL '));
  const source = new Map(rows.map((r) => [r.t, r.version]));
  return new Map(of.map((a) => [a.table, [...a.sources.map((t) => source.get(t)), definitions.get(a.table)].join('/')]));
}

/** A table name as an SQL string literal (names come from definitions, never from input). */
function quote(name: string): string {
  return `'${name.replaceAll("'", "''")}'`;
}

async function storedVersions(db: Database): Promise<Map<string, string>> {
  const rows = await db.all<{ table_name: string; version: string }>('SELECT table_name, version FROM main.agg_state');
  return new Map(rows.map((r) => [r.table_name, r.version]));
}

/**
 * The aggregates a reader may use now: built, and built from the data as it is. One round trip for all of
 * them (about 5 ms on a 5,000-customer partner).
 */
export async function readyAggregates(db: Database): Promise<Set<string>> {
  const stored = await storedVersions(db).catch(() => new Map<string, string>());
  if (!stored.size) return new Set();
  const live = await currentVersions(db, aggregates);
  return new Set(aggregates.filter((a) => stored.get(a.table) !== undefined && stored.get(a.table) === live.get(a.table)).map((a) => a.table));
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
  // Aggregates known to match the data now: a coarser one may be built from them.
  const current = new Set<string>();
  for (const aggregate of aggregates) {
    const started = performance.now();
    try {
      const done = await db.transaction(async () => {
        const version = (await currentVersions(db, [aggregate])).get(aggregate.table)!;
        if (stored.get(aggregate.table) === version) {
          current.add(aggregate.table);
          return null;
        }
        const finer = aggregate.fromFiner && current.has(aggregate.fromFiner.table) ? aggregate.fromFiner.select : undefined;
        await db.run(`CREATE OR REPLACE TABLE main.${ident(aggregate.table)} AS ${finer ?? aggregate.select}`);
        await db.run('INSERT OR REPLACE INTO main.agg_state (table_name, version, refreshed_at) VALUES (?, ?, now()::TIMESTAMP)', [aggregate.table, version]);
        return await db.value<number>(`SELECT count(*) FROM main.${ident(aggregate.table)}`);
      });
      if (done === null) continue;
      current.add(aggregate.table);
      refreshed.push({ table: aggregate.table, rows: done, ms: Math.round(performance.now() - started) });
    } catch (error) {
      log.warn('aggregate.failed', { table: aggregate.table, cause: error instanceof Error ? error.message : String(error) });
    }
  }
  if (refreshed.length) log.info('aggregates.refreshed', { tables: refreshed });
  return refreshed;
}
