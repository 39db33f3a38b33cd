import { dimensionName, type ChartSpec, type KpiSpec, type QuerySpec, type ReportDefinition } from './defineReport.js';
import type { QueryValue } from '../models/query.js';
import type { QueryRunner, ReportQuery, ReportQueryResult } from './queryRunner.js';
import { monthStart, reportPeriod, windowOf, type ReportPeriod } from './reportPeriod.js';
import type { Cell, DataColumn, DataRow, DataTable, FreshnessEntry, Kpi, MeasureDefinition, ResolvedChart, ResolvedReport, TimeGrain } from './resolvedReport.js';
import { timeGrains } from './resolvedReport.js';
import { keepRows, sortRows } from './shapeRows.js';
import { addDays } from '../util/dates.js';
import { localizerFor } from '../locale/catalogue.js';
import { catalogueKeys } from '../locale/catalogueKeys.js';
import { bucketTexts, textsOf } from './reportTexts.js';
import { defaultLocale, type Locale } from '../locale/locales.js';
import type { Localizer } from '../locale/localizer.js';

// Runs a report definition's queries and assembles what the renderers draw. All model access goes
// through `run`; this file decides periods, filters, ordering and shape, nothing about SQL.

export interface ResolveOptions {
  run: QueryRunner;
  /** The newest day with data (from freshness): the default period ends here. */
  asOfDay: string;
  from?: string;
  to?: string;
  /** One customer: every query is filtered to this tenant. */
  customer?: { id: string; name: string };
  freshness: FreshnessEntry[];
  runId: number | null;
  /** The language and formats of every text of the result (titles, labels, definitions). */
  locale?: Locale;
}

export async function resolveReport(report: ReportDefinition, options: ResolveOptions): Promise<ResolvedReport> {
  const periods = reportPeriod({ from: options.from, to: options.to ?? options.asOfDay, days: report.periodDays });
  const scope = options.customer ? [{ dimension: 'customerId', values: [options.customer.id] }] : [];
  let allAsked!: () => void;
  const asked: Context['asked'] = [];
  const answered = new Promise<void>((resolve) => (allAsked = resolve))
    .then(() => Promise.allSettled(asked.map((a) => a.columns)))
    .then(() => undefined);
  const l = localizerFor(options.locale ?? defaultLocale);
  const context: Context = { run: options.run, periods, scope, asked, answered, l, report: report.name };

  // Every query of the report is asked at once, in the definition's order (the runner decides how many
  // run side by side); the pages are assembled in that order whatever order the answers come in. Rows
  // are shaped once every answer is in: shaping 100 k rows while queries are still being answered would
  // hold up the reading of their answers, which happens on the same thread.
  const assembled = Promise.all(report.pages.map(async (page, index) => {
    const [kpis, charts, tables] = await Promise.all([
      resolveKpis(page.kpis, context),
      Promise.all(page.charts.map((spec) => resolveChart(spec, context))).then((each) => each.flat()),
      Promise.all(page.tables.map(async (spec) => {
        let data = await resolveTable(spec.query, context, { sparse: true });
        // One customer's report: a customer column would repeat the same name on every row.
        if (options.customer) data = { columns: data.columns.filter((c) => c.name !== 'customer' && c.name !== 'customerId'), rows: data.rows };
        const text = (field: 'title' | 'sheet' | 'description' | 'note') => l.optional(catalogueKeys.table(spec.id, field));
        const [sheet, description, note] = [text('sheet'), text('description'), text('note')];
        return { id: spec.id, title: text('title') ?? spec.id, data, ...(sheet ? { sheet } : {}), ...(description ? { description } : {}), ...(note ? { note } : {}) };
      })),
    ]);
    return { title: l.optional(catalogueKeys.page(report.name, index)) ?? String(index + 1), kpis, charts, tables };
  }));
  // Every query was asked above, before any answer could arrive.
  allAsked();
  const pages = await assembled;

  // The measures the report shows, in the order they were first asked for.
  const measures = new Map<string, MeasureDefinition>();
  for (const { model, columns } of context.asked) {
    for (const column of await columns) {
      const key = `${model}.${column.name}`;
      if (column.role === 'measure' && !measures.has(key)) {
        const { label, description } = textsOf(l, model, column.name, 'measure', column);
        measures.set(key, { model, name: column.name, label, format: column.format, description: description ?? label });
      }
    }
  }

  const filters = [{
    label: l.t('ui.filter.customer'),
    value: options.customer ? l.t('ui.filter.oneCustomer', { name: options.customer.name, id: options.customer.id }) : l.t('ui.filter.allCustomers'),
  }];
  const title = l.optional(catalogueKeys.report(report.name, 'title')) ?? report.name;
  return {
    name: report.name,
    locale: l.locale,
    title: options.customer ? `${title} — ${options.customer.name}` : title,
    description: l.optional(catalogueKeys.report(report.name, 'description')) ?? '',
    period: periods.period,
    previous: periods.previous,
    filters,
    freshness: options.freshness,
    runId: options.runId,
    pages,
    measures: [...measures.values()],
  };
}

interface Context {
  run: QueryRunner;
  periods: ReportPeriod;
  scope: { dimension: string; values: string[] }[];
  /** Every query asked, in the order asked, with the columns of its answer. */
  asked: { model: string; columns: Promise<ReportQueryResult['columns']> }[];
  /** Settles once every query asked has its answer (or its error). */
  answered: Promise<void>;
  /** Texts in the report's locale; `report` names the definition (chart texts are keyed by it). */
  l: Localizer;
  report: string;
}

function runQuery(context: Context, query: ReportQuery): Promise<ReportQueryResult> {
  const result = context.run({ ...query, where: [...(query.where ?? []), ...context.scope] });
  // A failed query fails the report through its own caller; here it only has no columns.
  context.asked.push({ model: query.model, columns: result.then((r) => r.columns, () => []) });
  return Promise.all([result, context.answered]).then(([answer]) => answer);
}

/** The result's value for a `by` entry: models may name a grained column 'date:month' or 'date'. */
function pick(row: Record<string, QueryValue>, by: string): QueryValue {
  return row[by] ?? row[dimensionName(by)] ?? null;
}

/** '2026-01', '2026-01-01' or a timestamp in January 2026 → '2026-01-01'. */
function monthKey(value: unknown): string {
  return `${String(value ?? '').slice(0, 7)}-01`;
}

function grainOf(by: string): TimeGrain | undefined {
  const grain = by.split(':')[1];
  return (timeGrains as readonly string[]).includes(grain ?? '') ? (grain as TimeGrain) : undefined;
}

/** Query result → table with plain column names, grains, list flags and each money column's currency. */
function toTable(query: QuerySpec, result: ReportQueryResult, l: Localizer): DataTable {
  const columns: DataColumn[] = [];
  const byName = new Map(result.columns.map((c) => [c.name, c]));
  for (const by of query.by) {
    const meta = byName.get(by) ?? byName.get(dimensionName(by));
    const grain = grainOf(by);
    columns.push({
      name: dimensionName(by),
      ...textsOf(l, query.model, dimensionName(by), 'dimension', meta),
      role: 'dimension',
      format: grain ? 'date' : (meta?.format ?? 'text'),
      ...(grain ? { grain } : {}),
      ...(meta?.list ? { list: true } : {}),
    });
  }
  const currencyColumn = query.by.map(dimensionName).includes('currency') ? 'currency' : undefined;
  const fixedCurrency = query.where.find((w) => w.dimension === 'currency' && w.values.length === 1)?.values[0];
  for (const name of query.measures) {
    const meta = byName.get(name);
    const format = meta?.format ?? 'number';
    columns.push({
      name,
      ...textsOf(l, query.model, name, 'measure', meta),
      role: 'measure',
      format,
      ...(format === 'currency' && currencyColumn ? { currency: { column: currencyColumn } } : format === 'currency' && fixedCurrency ? { currency: { code: fixedCurrency } } : {}),
    });
  }
  const names = query.by.map((by) => [by, dimensionName(by)] as const);
  const said = bucketTexts(query.model, names.map(([, name]) => name), l);
  const rows: DataRow[] = result.rows.map((row) => {
    const out: Record<string, Cell> = {};
    for (const [by, name] of names) {
      const value = row[by] ?? row[name] ?? null;
      out[name] = typeof value === 'string' ? (said.get(name)?.get(value) ?? value) : value;
    }
    for (const m of query.measures) out[m] = row[m] ?? null;
    return out;
  });
  return { columns, rows };
}

async function resolveTable(query: QuerySpec, context: Context, { sparse = false }: { sparse?: boolean } = {}): Promise<DataTable> {
  const span = windowOf(query.window, context.periods);
  // A post-query filter changes which rows count, so the limit is applied after it.
  const late = query.keep !== undefined;
  const result = await runQuery(context, {
    model: query.model,
    measures: query.measures,
    by: query.by,
    where: query.where,
    ...span,
    ...(late || query.limit === undefined ? {} : { orderBy: query.orderBy, limit: query.limit }),
  });
  const table = toTable(query, result, context.l);
  let rows = table.rows;
  // A time grain next to other dimensions comes back dense (every day × every key, zeros filled in):
  // right for a chart's line, noise in a table. Tables keep the rows where something happened.
  if (sparse && query.by.length > 1 && query.by.some((b) => grainOf(b) !== undefined)) {
    rows = rows.filter((r) => query.measures.some((m) => typeof r[m] === 'number' && r[m] !== 0));
  }
  rows = keepRows(rows, query.keep);
  rows = sortRows(rows, query.orderBy, table.columns.map((c) => c.name));
  if (query.limit !== undefined) rows = rows.slice(0, query.limit);
  return { columns: table.columns, rows };
}

async function resolveChart(spec: ChartSpec, context: Context): Promise<ResolvedChart[]> {
  const data = await resolveTable(spec.query, context);
  const { l } = context;
  const description = l.optional(catalogueKeys.chart(context.report, spec.id, 'description'));
  const sheet = l.optional(catalogueKeys.chart(context.report, spec.id, 'sheet'));
  const base: Omit<ResolvedChart, 'data'> = {
    id: spec.id,
    title: l.optional(catalogueKeys.chart(context.report, spec.id, 'title')) ?? spec.id,
    spec,
    ...(description ? { description } : {}),
    ...(sheet ? { sheet } : {}),
  };
  if (spec.facet === undefined) return [{ ...base, data }];
  const facet = spec.facet;
  let values = [...new Set(data.rows.map((r) => String(r[facet] ?? '')))].sort();
  if (!values.length) return [{ ...base, data }];
  if (spec.facets !== undefined && values.length > spec.facets) {
    const measure = spec.y[0]!;
    const totals = new Map<string, number>();
    for (const r of data.rows) totals.set(String(r[facet] ?? ''), (totals.get(String(r[facet] ?? '')) ?? 0) + Math.abs(typeof r[measure] === 'number' ? r[measure] : 0));
    const omitted = values.length - spec.facets;
    values = [...values].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || a.localeCompare(b)).slice(0, spec.facets);
    const note = l.t('ui.chart.facetsOmitted', { drawn: spec.facets, omitted });
    base.description = base.description ? `${base.description} ${note}` : note;
  }
  return values.map((value) => ({ ...base, facet: value, data: { columns: data.columns, rows: data.rows.filter((r) => String(r[facet] ?? '') === value) } }));
}

/** KPIs of one model, split and filter are fetched together: three queries (period, previous, trend) per group. */
async function resolveKpis(specs: readonly KpiSpec[], context: Context): Promise<Kpi[]> {
  const { period, previous } = context.periods;
  const groups = new Map<string, { spec: KpiSpec; measures: string[]; results?: ReportQueryResult[] }>();
  const keyOf = (spec: KpiSpec) => JSON.stringify([spec.model, spec.by, spec.where]);
  for (const spec of specs) {
    const group = groups.get(keyOf(spec)) ?? { spec, measures: [] };
    if (!group.measures.includes(spec.measure)) group.measures.push(spec.measure);
    groups.set(keyOf(spec), group);
  }
  // A calendar month compared with the month before (the default when the data ends on a month's last
  // day): both are points of the twelve-month trend, which gives the same values, so one query serves. Not
  // for KPIs split by currency: the trend has every currency in every month, the period only those with data.
  const monthly = period.from === monthStart(period.to) && addDays(period.to, 1).endsWith('-01')
    && previous.from === monthStart(period.to, 1) && previous.to === addDays(period.from, -1);
  await Promise.all([...groups.values()].map(async (group) => {
    const base = { model: group.spec.model, measures: group.measures, by: group.spec.by, where: group.spec.where };
    const trend = () => runQuery(context, { ...base, by: ['date:month', ...group.spec.by], from: monthStart(period.to, 11), to: period.to });
    if (monthly && !group.spec.by.length) {
      const answer = await trend();
      const month = (from: string) => ({ columns: answer.columns, rows: answer.rows.filter((r) => monthKey(pick(r, 'date:month')) === from) });
      group.results = [month(period.from), month(previous.from), answer];
      return;
    }
    group.results = await Promise.all([runQuery(context, { ...base, ...period }), runQuery(context, { ...base, ...previous }), trend()]);
  }));
  return specs.flatMap((spec) => kpisOf(spec, groups.get(keyOf(spec))!.results!, period.to, context.l));
}

function kpisOf(spec: KpiSpec, [current, before, trend]: ReportQueryResult[], to: string, l: Localizer): Kpi[] {
  const meta = current!.columns.find((c) => c.name === spec.measure);
  const texts = textsOf(l, spec.model, spec.measure, 'measure', meta);
  const split = spec.by.includes('currency');
  const keyOf = (row: Record<string, QueryValue>) => (split ? String(row.currency ?? '') : '');
  const keys = split ? [...new Set([...current!.rows, ...before!.rows].map(keyOf))].filter(Boolean).sort() : [''];
  const months = Array.from({ length: 12 }, (_, i) => monthStart(to, 11 - i));
  const number = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return keys.map((key) => {
    const value = current!.rows.find((r) => keyOf(r) === key)?.[spec.measure];
    const prior = before!.rows.find((r) => keyOf(r) === key)?.[spec.measure];
    const points = new Map(trend!.rows.filter((r) => keyOf(r) === key).map((r) => [monthKey(pick(r, 'date:month')), number(r[spec.measure])]));
    return {
      id: key ? `${spec.model}.${spec.measure}.${key}` : `${spec.model}.${spec.measure}`,
      ...texts,
      format: meta?.format ?? 'number',
      ...(key ? { currency: key } : {}),
      value: number(value),
      previous: number(prior),
      better: spec.better,
      trend: months.map((m) => ({ period: m, value: points.get(m) ?? null })),
    };
  });
}
