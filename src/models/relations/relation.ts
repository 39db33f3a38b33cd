import type { Param } from '../../warehouse/database.js';

// A relation is a named set of rows a model's facts read: a warehouse table, or a derived view (type-2
// history as of a date, day-over-day changes, customer activity stretches…). Relations are machinery:
// they hold the only SQL besides the compiler's, and the compiler frames them in time.
//
// Time kinds decide how a period becomes rows:
// - `event`: rows carry a date (`column`); a period holds the rows dated inside it (costs, operations).
// - `snapshot`: daily (or per-report) snapshots in `table.column`; a period holds the last snapshot in it,
//   per customer when `perCustomer` (semi-additive: license counts, users).
// - `interval`: type-2 rows valid from/to; a period holds the rows valid on its last day (`as_of`).
// - `window`: the relation reads the period spine itself (budgets, renewals).

export type RelationTime =
  | { kind: 'event'; column: string; timestamp?: boolean }
  | { kind: 'snapshot'; table: string; column: string; perCustomer?: boolean }
  | { kind: 'interval' }
  | { kind: 'window' };

export type TimeKind = RelationTime['kind'];

export interface BudgetSetting {
  customer: string;
  currency: string;
  monthly: number;
}

export interface RelationContext {
  /** CTE of the periods: `k` (period key), `ws`, `we` (first and last day, inclusive). */
  spine: string;
  /** Snapshot relations: CTE (`k`, `d`[, `customer_id`]) naming the snapshot chosen for each period. */
  dates: string;
  /** Inclusive bounds around every period (bound parameters, typed DATE): for pre-filtering big tables. */
  lo: string;
  hi: string;
  /** Relation columns the query uses: a relation may skip costly joins nobody asked for. */
  needs: ReadonlySet<string>;
  /** Binds a value and returns its placeholder. */
  param(value: Param): string;
  /**
   * Frames rows of an event table in the periods: returns a SELECT of `k` and every column of `from`, for
   * rows whose `column` lies in a period. Uses an equality key when periods do not overlap.
   */
  frameEvent(from: string, column: string, options?: { timestamp?: boolean }): string;
  /** Customer budgets from configuration (they override the warehouse's for the same customer and currency). */
  budgets: readonly BudgetSetting[];
  /**
   * When set, the relation reads its pre-aggregation (this FROM item, with the rollup's columns) instead of
   * the base table. Never a month-end one: the compiler reads those itself, as the relation's own rows.
   */
  rollup?: string;
  /**
   * The snapshot days of a snapshot table within \`lo\`..\`hi\`, as a FROM item with a \`date\` column (and
   * \`customer_id\` for per-customer tables): read from the snapshot-days aggregate when it is current.
   */
  snapshotDays(table: string): string;
}

/**
 * A pre-aggregation of a relation, kept as a table of the warehouse and refreshed by the writer after each
 * run (see models/aggregates.ts). A query uses it when everything it needs is among its columns and, for a
 * monthly one, every period it reads is whole months; it then gives the same answer from far fewer rows
 * (a daily one holds the relation's rows, computed once).
 */
export interface Rollup {
  table: string;
  /**
   * `month`: dated on the first of the month, counts in `line_count`; `day`: the relation's own rows;
   * `monthEnd`: the relation's rows with each calendar month as a period of its own (its last snapshot,
   * subscriptions as they stood on its last day), keyed by `month` (its first day).
   */
  grain: 'month' | 'day' | 'monthEnd';
  /**
   * SELECT of the rollup's rows. A `monthEnd` rollup has none: its rows come from the relation's own
   * `build` over every month of its data (models/aggregates.ts), so they cannot drift from the query's.
   */
  select?: string;
  /**
   * Monthly rollups: the source rows in the rollup's columns, one per line (`line_count` 1, dated by day),
   * read for the days of a month a query covers only in part.
   */
  lines?: string;
  columns: readonly string[];
  /** Warehouse tables it is computed from: when one changes (row count or newest run), it is rebuilt. */
  sources: readonly string[];
  /**
   * The same rows from a finer pre-aggregation of the same sources (its table, and a SELECT over it): what
   * the writer builds it from while that one is current — a fraction of the lines to read.
   */
  fromFiner?: { table: string; select: string };
}

export interface Relation {
  name: string;
  description: string;
  time: RelationTime;
  /** Columns the relation exposes to dimensions and measures. Every relation has `customer_id`. */
  columns: readonly string[];
  /** A column holding the customer's name on the row itself, used when the customers table lacks it. */
  customerName?: string;
  /** Warehouse tables it reads: the only tables a compiled query may name. */
  tables: readonly string[];
  /** SQL for one row (`lo` DATE, `hi` DATE): the first and last day with data, for default periods. */
  bounds: string;
  /**
   * SQL for one DATE: the first day the relation's data can tell anything about. A period that ends
   * before it has no value (no data), never 0: changes between snapshots are unknown before the first.
   */
  knownFrom?: string;
  rollup?: Rollup;
  /**
   * A monthly pre-aggregation with fewer columns, so fewer rows (months × customer and currency rather
   * than × every dimension): read instead of `rollup` when it has every column a query needs.
   */
  narrowRollup?: Rollup;
  /**
   * A narrower pre-aggregation by day (fewer columns, several lines a row): for periods that cut months,
   * alone or for the cut days beside the monthly one, when it has the columns a query needs.
   */
  dailyRollup?: Rollup;
  /**
   * The relation's rows. Event relations return rows with their time column (the compiler frames them);
   * the other kinds return rows with `k` already, using `spine` or `dates`.
   */
  build(context: RelationContext): string;
}

export function defineRelation(relation: Relation): Relation {
  if (!relation.columns.includes('customer_id')) throw new Error(`invalid relation ${relation.name}: every relation needs customer_id (row-level security)`);
  return relation;
}
