import { ident, type Param } from '../../warehouse/database.js';
import { localizerFor } from '../../locale/catalogue.js';
import { catalogueKeys } from '../../locale/catalogueKeys.js';
import { leavesOf, isLeaf, windowKey, currentWindow, type LeafMeasure, type Window } from '../measureGraph.js';
import type { Measure } from '../modelSchema.js';
import type { BudgetSetting, Relation, RelationContext } from '../relations/relation.js';
import type { QueryColumn } from '../query.js';
import { Binder } from './binder.js';
import { windowBounds } from './calendar.js';
import { frameEvent, lastSnapshotDays, neededColumns, parenthesised, usableRollup } from './frames.js';
import { dimensionSql, type DimensionSql } from './dimensionSql.js';
import { measureKinds, type ExpressionContext } from './measureKinds.js';
import type { QueryPlan } from './planQuery.js';
import { distinctSnapshotDays, snapshotDays, snapshotTables } from '../aggregates.js';
import { spineCtes, spineName } from './spines.js';

// The one place query SQL is assembled. Shape of every query:
//   spines (periods) → per fact and window: the relation framed in the periods (or its pre-aggregation),
//   filtered, grouped by the dimensions, leaf measures aggregated → keys (the dimension tuples the facts
//   have; crossed with every period for a time series) → one SELECT joining the facts to the keys and
//   combining measures (ratios of sums, changes…).
// Identifiers come from definitions only (through `ident`); every value is a bound parameter.

export interface CompiledQuery {
  /** The query: its rows in order, one column per dimension and measure. */
  sql: string;
  /** The same rows as batches of JSON arrays (`[v1, v2, …],[…]`), in order, values in `outputNames`' order. */
  batchSql: string;
  outputNames: string[];
  params: Param[];
  columns: QueryColumn[];
  /** Warehouse tables the query may read (checked against the SQL before it runs). */
  tables: string[];
}

interface FactInstance {
  alias: string;
  fact: string;
  relation: Relation;
  window: Window;
  leaves: Map<string, LeafMeasure>;
  /** Snapshot facts: a period with no snapshot at all has no value (rather than zero). */
  presence?: string;
}

export function compileQuery(
  plan: QueryPlan,
  range: { from: string | null; to: string | null },
  { budgets = [], rollups = new Set(), presence = false }: {
    budgets?: readonly BudgetSetting[];
    rollups?: ReadonlySet<string>;
    /** Also output, per fact, whether it has the row's key (`__has_<fact alias>`, 1 or 0): see mergeRequests. */
    presence?: boolean;
  } = {},
): CompiledQuery {
  const { model } = plan;
  const binder = new Binder();
  const grain = plan.time?.grain;
  const dims = plan.dimensions.filter((d) => d.dimension.type !== 'time');

  const instances = new Map<string, FactInstance>();
  for (const measure of plan.measures) {
    for (const leaf of leavesOf(model, measure)) {
      const alias = factAlias(leaf);
      const instance = instances.get(alias) ?? {
        alias, fact: leaf.measure.fact, relation: plan.facts.get(leaf.measure.fact)!, window: leaf.window, leaves: new Map(),
      };
      instance.leaves.set(leaf.name, leaf.measure);
      instances.set(alias, instance);
    }
  }

  const ctes: [string, string][] = spineCtes([...instances.values()].map((i) => i.window), grain, binder, range);
  let customerAttributes = false;
  const tables = new Set<string>();

  for (const instance of instances.values()) {
    const { relation, window } = instance;
    relation.tables.forEach((t) => tables.add(t));
    const bounds = range.from && range.to ? windowBounds({ from: range.from, to: range.to }, grain, window) : undefined;
    const lo = binder.date(bounds?.lo);
    const hi = binder.date(bounds?.hi);
    const spine = spineName(window);
    const needs = neededColumns(plan, relation, instance.leaves.values());
    const rollup = usableRollup(relation, rollups, needs, window, grain, bounds, (day) => binder.date(day));
    rollup?.tables.forEach((t) => tables.add(t));
    // Snapshot days: a few hundred rows of the aggregate, rather than a DISTINCT over millions.
    const snapshotDaysOf = (table: string): string => {
      if (rollups.has(snapshotDays.table) && snapshotTables[table]) {
        tables.add(snapshotDays.table);
        return `(SELECT ${snapshotTables[table].perCustomer ? 'customer_id, ' : ''}date FROM main.${snapshotDays.table} WHERE table_name = ${binder.param(table)} AND date BETWEEN ${lo} AND ${hi})`;
      }
      return distinctSnapshotDays(table, { lo, hi });
    };
    const context: RelationContext = {
      spine, lo, hi, budgets, needs,
      ...(rollup && !rollup.monthEnd ? { rollup: rollup.from } : {}),
      dates: `dates_${instance.alias.slice('fact_'.length)}`,
      snapshotDays: snapshotDaysOf,
      param: (value) => binder.param(value),
      frameEvent: (from, column, { timestamp = false } = {}) => frameEvent({ from, column, timestamp, window, grain, spine, lo, hi, periodKey: binder.date(range.to) }),
    };
    const time = relation.time;
    if (time.kind === 'snapshot') {
      ctes.push([context.dates, lastSnapshotDays(spine, snapshotDaysOf(time.table), time.perCustomer ?? false)]);
      instance.presence = context.dates;
    } else if (relation.knownFrom) {
      const known = `known_${instance.alias.slice('fact_'.length)}`;
      ctes.push([known, `SELECT k FROM ${spine} WHERE we >= (${relation.knownFrom})`]);
      instance.presence = known;
    }
    // A month-end rollup holds the relation's own rows of each calendar month, keyed by the month.
    const monthRows = (periods: string) => `SELECT s.k, r.* EXCLUDE (month) FROM ${periods} s JOIN ${rollup!.from} r ON r.month = s.ws`;
    let framed: string;
    if (rollup?.monthEnd === 'every period') {
      framed = monthRows(spine);
    } else if (rollup?.monthEnd === 'whole months') {
      // Whole months from the rollup, the months in part (at most the first and the last) from the
      // relation itself, each over its own periods.
      const whole = `${spine}_whole`;
      const cut = `${spine}_cut`;
      if (!ctes.some(([name]) => name === whole)) {
        ctes.push([whole, `SELECT * FROM ${spine} WHERE day(ws) = 1 AND we = last_day(ws)`]);
        ctes.push([cut, `SELECT * FROM ${spine} WHERE NOT (day(ws) = 1 AND we = last_day(ws))`]);
      }
      const cutDates = `${context.dates}_cut`;
      if (time.kind === 'snapshot') ctes.push([cutDates, `SELECT d.* FROM ${context.dates} d SEMI JOIN ${cut} s ON s.k = d.k`]);
      framed = `SELECT * FROM (${monthRows(whole)})
        UNION ALL BY NAME SELECT * FROM (${relation.build({ ...context, spine: cut, dates: cutDates })})`;
    } else {
      framed = time.kind === 'event' ? context.frameEvent(relation.build(context), time.column, { timestamp: time.timestamp }) : relation.build(context);
    }

    const select = ['f.k'];
    let joinsCustomer = false;
    for (const d of dims) {
      const sql = dimensionSql(d.dimension, relation, binder, d.grain);
      joinsCustomer ||= sql.customer;
      // A keyed dimension groups by its key and shows one name for it (a SKU renamed between exports, a
      // customer named by its lines): one row per key in every fact, however the result is assembled.
      select.push(`${sql.key ? `max(${sql.value})` : sql.value} AS ${ident(`d_${d.name}`)}`);
      if (sql.key) select.push(`${sql.key} AS ${ident(`dk_${d.name}`)}`);
    }
    for (const [name, measure] of instance.leaves) {
      // A pre-aggregated row stands for several lines: counting lines sums their counts.
      const aggregate = rollup?.counts && measure.kind === 'count' ? (measureKinds.sum as LeafKind).aggregate({ ...measure, kind: 'sum', column: 'line_count' }, binder) : (measureKinds[measure.kind] as LeafKind).aggregate(measure, binder);
      select.push(`${aggregate} AS ${ident(`m_${name}`)}`);
    }
    const where: string[] = [];
    if (plan.scope) where.push(plan.scope.length ? `f.customer_id IN (${plan.scope.map((id) => binder.param(id)).join(', ')})` : 'false');
    for (const filter of plan.filters) {
      const sql: DimensionSql = dimensionSql(filter.dimension, relation, binder);
      joinsCustomer ||= sql.customer;
      const dated = filter.dimension.type === 'column' && filter.dimension.date;
      where.push(`${sql.value} IN (${filter.values.map((v) => (dated ? binder.date(v) : binder.param(v))).join(', ')})`);
    }
    customerAttributes ||= joinsCustomer;
    ctes.push([instance.alias, `SELECT ${select.join(', ')}
      FROM ${parenthesised(framed)} f${joinsCustomer ? '\n      LEFT JOIN customer_attributes c ON c.customer_id = f.customer_id' : ''}
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      GROUP BY ALL`]);
  }
  if (customerAttributes) {
    tables.add('customers');
    ctes.unshift(['customer_attributes', `SELECT customer_id, arg_max(name, run_id) AS name, arg_max(country, run_id) AS country,
        arg_max(domain, run_id) AS domain
      FROM main.customers GROUP BY customer_id`]);
  }

  // The rows of the result. A time series (time and at most one other breakdown, currency aside) has
  // every dimension tuple in every period, so months without data are rows too; a detailed breakdown by
  // time has the (period, tuple) pairs some fact has, or a day × customer × meter table would be mostly
  // empty rows.
  const keyColumns = dims.flatMap((d) => (hasKey(d.dimension) ? [`dk_${d.name}`] : [`d_${d.name}`]));
  const dense = !plan.time || dims.filter((d) => d.name !== 'currency').length <= 1;
  // One fact and no periods to fill: its own rows are the result's rows (no keys to gather and join back).
  const only = instances.size === 1 && dims.length && !(plan.time && dense) ? [...instances.values()][0]! : undefined;
  const x = only ? only.alias : 'x';
  if (dims.length && !only) {
    const columns = [...(dense ? [] : ['k']), ...dims.flatMap((d) => (hasKey(d.dimension) ? [`dk_${d.name}`, `d_${d.name}`] : [`d_${d.name}`]))].map(ident);
    const union = [...instances.values()].map((i) => `SELECT ${columns.join(', ')} FROM ${i.alias}`).join(' UNION ALL ');
    const grouped = [
      ...(dense ? [] : ['k']),
      ...dims.flatMap((d) => (hasKey(d.dimension) ? [ident(`dk_${d.name}`), `max(${ident(`d_${d.name}`)}) AS ${ident(`d_${d.name}`)}`] : [ident(`d_${d.name}`)])),
    ];
    ctes.push(['keys', `SELECT ${grouped.join(', ')} FROM (${union}) u GROUP BY ALL`]);
  }

  const joins: string[] = [];
  for (const instance of instances.values()) {
    const on = [`${instance.alias}.k = s.k`, ...keyColumns.map((c) => `${instance.alias}.${ident(c)} IS NOT DISTINCT FROM x.${ident(c)}`)];
    if (instance === only) joins.push(`JOIN ${instance.alias} ON ${instance.alias}.k = s.k`);
    else joins.push(`LEFT JOIN ${instance.alias} ON ${on.join(' AND ')}`);
    if (instance.presence) joins.push(`LEFT JOIN (SELECT DISTINCT k FROM ${instance.presence}) has_${instance.alias} ON has_${instance.alias}.k = s.k`);
  }
  const windowEnds = new Map<string, string>();
  const read = (name: string, window: Window): string => {
    const measure = model.measures[name]!;
    if (isLeaf(measure)) {
      const instance = instances.get(`fact_${measure.fact}_${windowKey(window)}`)!;
      const value = `coalesce(${instance.alias}.${ident(`m_${name}`)}, 0)`;
      return instance.presence ? `CASE WHEN has_${instance.alias}.k IS NOT NULL THEN ${value} END` : value;
    }
    const context: ExpressionContext = { read, window, windowEnd };
    return (measureKinds[measure.kind] as CompositeKind).expression(measure, context);
  };
  const windowEnd = (window: Window): string => {
    if (!window.shift) return 's.we';
    const spine = spineName(window);
    windowEnds.set(spine, `w_${windowKey(window)}`);
    return `w_${windowKey(window)}.we`;
  };
  // Results carry text and doubles only: dates as YYYY-MM-DD, every measure as a double (counts stay
  // exact; money was summed exactly before it is handed out).
  const outputs: string[] = [];
  if (plan.time) outputs.push(`strftime(s.k, '%Y-%m-%d') AS ${ident(plan.time.name)}`);
  for (const d of dims) {
    const column = d.dimension.type === 'column' ? d.dimension : undefined;
    const value = `${x}.${ident(`d_${d.name}`)}`;
    // A list stays a list: JSON writes it as an array.
    const shown = column?.date ? `strftime(${value}, '%Y-%m-%d')` : column?.list ? value : `CAST(${value} AS VARCHAR)`;
    outputs.push(`${shown} AS ${ident(d.name)}`);
  }
  for (const name of plan.measures) outputs.push(`CAST(${read(name, currentWindow)} AS DOUBLE) AS ${ident(name)}`);
  const present = presence && dims.length && !only ? [...instances.values()].map((i) => i.alias) : [];
  for (const alias of present) outputs.push(`CAST(${alias}.k IS NOT NULL AS INTEGER) AS ${ident(`__has_${alias}`)}`);
  for (const [spine, alias] of windowEnds) joins.push(`LEFT JOIN ${spine} ${alias} ON ${alias}.k = s.k`);

  // The result's order: the asked order (on output names), then time and every dimension (buckets in
  // their definition's order: active, 30-59, …, not alphabetically), computed from the output's inputs.
  // An asked order on a dimension whose shown text sorts as its value does sorts on the value, and a value
  // already sorted on is not sorted on again: every sort key costs (9 keys → 6 on the inactive users).
  const valueOf = new Map<string, string>();
  if (plan.time) valueOf.set(plan.time.name, 's.k');
  for (const d of dims) if (sortsAsShown(d.dimension)) valueOf.set(d.name, `${x}.${ident(`d_${d.name}`)}`);
  const terms: OrderTerm[] = [
    ...plan.orderBy.map((o): OrderTerm => {
      const value = valueOf.get(o.name);
      return { expr: value ?? ident(o.name), direction: o.desc ? ' DESC' : ' ASC', nullsLast: true, output: value === undefined };
    }),
    ...(plan.time ? [{ expr: 's.k', direction: '', nullsLast: false, output: false } satisfies OrderTerm] : []),
    ...dims.flatMap((d): OrderTerm[] => [
      // A bucket's place in its definition decides (its label then adds nothing: one label per place).
      d.dimension.type === 'bucket'
        ? { expr: `list_position([${bucketLabels(d.dimension).map((l) => binder.param(l)).join(', ')}], ${x}.${ident(`d_${d.name}`)})`, direction: '', nullsLast: false, output: false }
        : { expr: `${x}.${ident(`d_${d.name}`)}`, direction: '', nullsLast: true, output: false },
      ...(hasKey(d.dimension) ? [{ expr: `${x}.${ident(`dk_${d.name}`)}`, direction: '', nullsLast: true, output: false } satisfies OrderTerm] : []),
    ]),
  ];
  const order = terms.filter((o, i) => terms.findIndex((p) => p.expr === o.expr) === i);
  const orderSql = (o: OrderTerm, expr = o.expr) => `${expr}${o.direction}${o.nullsLast ? ' NULLS LAST' : ''}`;
  const head = `WITH ${ctes.map(([name, body]) => `${name} AS (\n    ${body.trim()}\n  )`).join(',\n  ')}`;
  const from = [`FROM spine_p s${dims.length && !only ? (dense ? ' CROSS JOIN keys x' : ' JOIN keys x ON x.k = s.k') : ''}`, ...joins];
  const limit = plan.limit !== undefined ? binder.param(plan.limit) : undefined;
  const sql = [
    head,
    `SELECT ${outputs.join(',\n  ')}`,
    ...from,
    order.length ? `ORDER BY ${order.map((o) => orderSql(o)).join(', ')}` : '',
    limit ? `LIMIT ${limit}` : '',
  ].filter(Boolean).join('\n');

  // The same rows as JSON text, a batch of rows per value: reading a result costs one native call per
  // string value (about 1 µs each: 400 ms for the 89 k × 3 long strings of a 5,000-customer partner's
  // inactive users), reading a batch costs one, and JSON.parse is fast. Rows are numbered in the result's
  // order and each batch is aggregated in that order, so the order is stated, not assumed. Non-finite
  // doubles (no JSON for them) are null, as they are in any result.
  const outputNames = [...(plan.time ? [plan.time.name] : []), ...dims.map((d) => d.name), ...plan.measures, ...present.map((alias) => `__has_${alias}`)];
  const measureNames = new Set(plan.measures);
  const inputs = order.filter((o) => !o.output);
  const values = outputNames.map((n) => (measureNames.has(n) ? `CASE WHEN isfinite(r.${ident(n)}) THEN r.${ident(n)} END` : `r.${ident(n)}`));
  const rowOrder = order.map((o) => orderSql(o, o.output ? `r.${o.expr}` : `r.__o${inputs.indexOf(o)}`));
  const batchSql = [
    head,
    `SELECT string_agg(json_array(${values.join(', ')})::VARCHAR, ',' ORDER BY r.__row) AS batch FROM (`,
    `SELECT *, row_number() OVER (${rowOrder.length ? `ORDER BY ${rowOrder.join(', ')}` : ''}) AS __row FROM (`,
    `SELECT ${[...outputs, ...inputs.map((o, i) => `${o.expr} AS __o${i}`)].join(',\n  ')}`,
    ...from,
    `) r) r`,
    limit ? `WHERE r.__row <= ${limit}` : '',
    `GROUP BY (r.__row - 1) // ${rowsPerBatch} ORDER BY (r.__row - 1) // ${rowsPerBatch}`,
  ].filter(Boolean).join('\n');

  // Labels in the default locale: what `query` and the HTTP API describe columns with. Reports label
  // their columns in their own locale (resolveReport).
  const l = localizerFor();
  const columns: QueryColumn[] = [
    ...plan.dimensions.map((d): QueryColumn => {
      const name = d.name.split(':')[0] ?? d.name;
      const description = l.optional(catalogueKeys.dimension(model.name, name, 'description'));
      return {
        name: d.name, role: 'dimension', label: l.optional(catalogueKeys.dimension(model.name, name, 'label')) ?? name,
        format: d.dimension.type === 'time' || (d.dimension.type === 'column' && d.dimension.date) ? 'date' : 'text',
        ...(description ? { description } : {}),
        ...(d.dimension.type === 'column' && d.dimension.list ? { list: true as const } : {}),
      };
    }),
    ...plan.measures.map((name): QueryColumn => {
      const m = model.measures[name]!;
      const description = l.optional(catalogueKeys.measure(model.name, name, 'description'));
      return { name, role: 'measure', label: l.optional(catalogueKeys.measure(model.name, name, 'label')) ?? name, format: m.format ?? 'number', ...(description ? { description } : {}) };
    }),
  ];
  // The time dimension is output first whatever its place in `by`.
  columns.sort((a, b) => Number(b.name === plan.time?.name) - Number(a.name === plan.time?.name));
  return { sql, batchSql, outputNames, params: binder.params, columns, tables: [...tables].sort() };
}

/** The alias of the part of a query that aggregates a leaf measure's fact over its window. */
export function factAlias(leaf: { measure: LeafMeasure; window: Window }): string {
  return `fact_${leaf.measure.fact}_${windowKey(leaf.window)}`;
}

/** Rows per JSON batch: a few hundred kB of text each. */
const rowsPerBatch = 2048;

interface OrderTerm {
  expr: string;
  direction: '' | ' ASC' | ' DESC';
  nullsLast: boolean;
  /** On an output column's name (asked orders), else on the output's inputs. */
  output: boolean;
}

type LeafKind = { aggregate(measure: LeafMeasure, binder: Binder): string };
type CompositeKind = { expression(measure: Measure, context: ExpressionContext): string };

function bucketLabels(dimension: Extract<QueryPlan['dimensions'][number]['dimension'], { type: 'bucket' }>): string[] {
  return [...dimension.buckets.map((b) => b.label), dimension.otherwise, dimension.whenNull];
}

/** Shown as text that sorts as the value does: names and labels are text already, dates are YYYY-MM-DD. */
function sortsAsShown(dimension: QueryPlan['dimensions'][number]['dimension']): boolean {
  return dimension.type === 'customer' || dimension.type === 'customerAttribute' || dimension.type === 'bucket' || (dimension.type === 'column' && dimension.date === true);
}

function hasKey(dimension: QueryPlan['dimensions'][number]['dimension']): boolean {
  return dimension.type === 'customer' || (dimension.type === 'column' && dimension.key !== undefined);
}

