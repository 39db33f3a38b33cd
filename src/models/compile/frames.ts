import { ident } from '../../warehouse/database.js';
import type { LeafMeasure, Window } from '../measureGraph.js';
import type { Relation, Rollup } from '../relations/relation.js';
import { dimensionColumns } from '../validateModel.js';
import { addDays } from '../../util/dates.js';
import { addMonths, grainSql, isWholeMonths, truncate } from './calendar.js';
import type { QueryPlan } from './planQuery.js';

// How a relation's rows meet the periods: which columns a query needs from it, whether a
// pre-aggregation can stand in for it, and how dated events are keyed to their period.

type Grain = QueryPlan['dimensions'][number]['grain'];

/** Columns of the relation this fact's part of the query reads. */
export function neededColumns(plan: QueryPlan, relation: Relation, leaves: Iterable<LeafMeasure>): Set<string> {
  const needs = new Set<string>(['customer_id']);
  for (const d of [...plan.dimensions, ...plan.filters]) {
    for (const [, column] of dimensionColumns(d.dimension)) needs.add(column);
    if (d.dimension.type === 'customer' && relation.customerName) needs.add(relation.customerName);
  }
  for (const measure of leaves) {
    if (measure.kind !== 'count') needs.add(measure.column);
    for (const c of measure.filter) {
      needs.add(c.column);
      if (c.otherColumn) needs.add(c.otherColumn);
    }
  }
  return needs;
}

/** A pre-aggregation a query reads: its FROM item, the tables it names, whether a row stands for several lines. */
export interface UsableRollup {
  from: string;
  tables: string[];
  /** Rows carry `line_count`: counting lines sums it. */
  counts: boolean;
  /**
   * A month-end rollup: the relation's rows of each calendar month, read by the compiler for every period,
   * or for the whole months only of a series by month cut at an end (a report run on the 20th), the
   * relation itself answering the months in part.
   */
  monthEnd?: 'every period' | 'whole months';
}

/**
 * The relation's pre-aggregation as a FROM item, when it is built and gives the same answer: the query
 * needs only columns it kept and, for a monthly one, its periods are calendar months, quarters or years,
 * or one stretch of days. Whole months of the query's days are then read from the pre-aggregation and the
 * days of a month it covers only in part (a report ending on the 24th) from the daily one, else from the
 * lines: every period is a run of whole months plus such edge days, so each monthly row falls wholly
 * within one period. A query no monthly row can serve reads the daily one when it has the columns.
 */
export function usableRollup(
  relation: Relation, ready: ReadonlySet<string>, needs: ReadonlySet<string>, window: Window,
  grain: Grain, bounds: { lo: string; hi: string } | undefined, date: (day: string) => string,
): UsableRollup | undefined {
  if (!bounds) return undefined;
  const covers = (rollup: Rollup) => [...needs].every((c) => rollup.columns.includes(c));
  // Event relations are read column by column; others read a rollup for what they aggregate themselves.
  const has = (rollup: Rollup | undefined): rollup is Rollup =>
    rollup !== undefined && ready.has(rollup.table) && (relation.time.kind !== 'event' || covers(rollup));
  const read = (rollup: Rollup): UsableRollup => ({ from: `main.${rollup.table}`, tables: [rollup.table], counts: rollup.columns.includes('line_count') });
  const rollup = has(relation.narrowRollup) ? relation.narrowRollup : relation.rollup;
  const daily = has(relation.dailyRollup) ? relation.dailyRollup : undefined;
  if (!has(rollup)) return daily && read(daily);
  if (rollup.grain === 'day') return read(rollup);
  if (rollup.grain === 'monthEnd') {
    // A month's last snapshot answers for periods that are exactly one calendar month each; by month, for
    // the whole months among them when the series starts or ends inside a month.
    if (window.span.kind !== 'period' || !covers(rollup)) return undefined;
    if (!grain && bounds.lo === truncate(bounds.hi, 'month') && isWholeMonths(bounds.lo, bounds.hi)) return { ...read(rollup), monthEnd: 'every period' };
    if (grain !== 'month') return undefined;
    if (isWholeMonths(bounds.lo, bounds.hi)) return { ...read(rollup), monthEnd: 'every period' };
    const { first, last } = wholeMonthsWithin(bounds);
    return first < last ? { ...read(rollup), monthEnd: 'whole months' } : undefined;
  }
  // Trailing windows end on any day, and weeks or days cut months.
  if (window.span.kind === 'trailing' || (grain && !['month', 'quarter', 'year'].includes(grain))) return daily && read(daily);
  const { first, last } = wholeMonthsWithin(bounds);
  if (first > last) return daily && read(daily);
  if (first === bounds.lo && last === bounds.hi) return read(rollup);
  const edgeRows = daily ? `main.${daily.table}` : rollup.lines && `(${rollup.lines})`;
  if (!edgeRows) return undefined;
  const edges = [
    ...(first > bounds.lo ? [`l.date BETWEEN ${date(bounds.lo)} AND ${date(addDays(first, -1))}`] : []),
    ...(last < bounds.hi ? [`l.date BETWEEN ${date(addDays(last, 1))} AND ${date(bounds.hi)}`] : []),
  ];
  return {
    from: `(SELECT * FROM main.${rollup.table} WHERE date BETWEEN ${date(first)} AND ${date(last)}
      UNION ALL BY NAME SELECT * FROM ${edgeRows} l WHERE ${edges.join(' OR ')})`,
    tables: [rollup.table, ...(daily ? [daily.table] : [])],
    // Cut days, daily or per line, carry `line_count` as the monthly rows do.
    counts: read(rollup).counts,
  };
}

/** The first and last day of the whole calendar months within lo–hi (first > last when there are none). */
function wholeMonthsWithin({ lo, hi }: { lo: string; hi: string }): { first: string; last: string } {
  return {
    first: lo.endsWith('-01') ? lo : addMonths(truncate(lo, 'month'), 1),
    last: isWholeMonths(truncate(hi, 'month'), hi) ? hi : addDays(truncate(hi, 'month'), -1),
  };
}

/** Each period's last snapshot day (per customer for per-customer snapshots), from the snapshot days `days`. */
export function lastSnapshotDays(spine: string, days: string, perCustomer: boolean): string {
  return `SELECT s.k, ${perCustomer ? 'x.customer_id, ' : ''}max(x.date) AS d FROM ${spine} s
        JOIN ${days} x ON x.date BETWEEN s.ws AND s.we
        GROUP BY ALL`;
}

/**
 * Event rows in their periods. Periods that do not overlap (buckets, or a single period) key each row by
 * truncating its date — an equality, several times faster than a range join over a big table; trailing
 * and month-to-date windows of a time breakdown overlap, and join the spine on a range.
 */
export function frameEvent({ from, column, timestamp, window, grain, spine, lo, hi, periodKey }: {
  from: string; column: string; timestamp: boolean; window: Window; grain: Grain;
  spine: string; lo: string; hi: string; periodKey: string;
}): string {
  const col = `r.${ident(column)}`;
  const day = timestamp ? `CAST(${col} AS DATE)` : col;
  const inRange = timestamp ? `${col} >= CAST(${lo} AS TIMESTAMP) AND ${col} < CAST(${hi} + 1 AS TIMESTAMP)` : `${col} BETWEEN ${lo} AND ${hi}`;
  if (window.span.kind === 'period' || !grain) {
    let key = periodKey;
    if (grain) {
      const { unit, interval } = grainSql[grain];
      key = window.shift ? `CAST(date_trunc('${unit}', ${col}) + ${interval} AS DATE)` : `CAST(date_trunc('${unit}', ${col}) AS DATE)`;
    }
    return `SELECT ${key} AS k, r.* FROM ${parenthesised(from)} r WHERE ${inRange}`;
  }
  return `SELECT s.k, r.* FROM ${parenthesised(from)} r JOIN ${spine} s ON ${day} BETWEEN s.ws AND s.we WHERE ${inRange}`;
}

/** A relation's SQL as a FROM item: a query in parentheses, a table name as it is. */
export function parenthesised(sql: string): string {
  const trimmed = sql.trim();
  if (/^(main|temp)\.[a-z_]+$/.test(trimmed)) return trimmed;
  return trimmed.startsWith('(') && trimmed.endsWith(')') ? trimmed : `(${trimmed})`;
}
