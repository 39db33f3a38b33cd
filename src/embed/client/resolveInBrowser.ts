import type { ChartSpec, KpiSpec, QuerySpec, TableSpec } from '../../reports/defineReport.js';
import type { DataColumn, DataRow, DataTable, Kpi, ResolvedChart, ResolvedPage, ResolvedReport } from '../../reports/resolvedReport.js';
import { reportPeriod, windowOf, type ReportPeriod } from '../../reports/reportPeriod.js';
import { keepRows, sortRows } from '../../reports/shapeRows.js';
import type { EmbedBoot } from '../embedPage.js';

// The report again for other filters, in the browser: the same definition's queries sent to `/api/query`
// (with the embed token; the service applies its scope), shaped as the server's resolver shapes them. The
// columns' labels and formats come from the first, server-resolved answer.

export interface Filters {
  from?: string;
  to: string;
  /** Tenant id, or empty for every customer the token allows. */
  customer: string;
  product: string;
}

export type Where = { dimension: string; values: string[] };
export type Ask = (request: { model: string; measures: string[]; by?: string[]; where?: Where[]; from?: string; to?: string; orderBy?: { name: string; desc?: boolean }[]; limit?: number }) => Promise<Record<string, unknown>[]>;

const dimensionName = (by: string) => by.split(':')[0] ?? by;
const grainOf = (by: string) => by.split(':')[1];

export function filterClauses(boot: EmbedBoot, model: string, filters: Filters): Where[] {
  const dims = boot.modelDimensions[model] ?? [];
  const where: Where[] = [];
  if (filters.customer && dims.includes('customerId')) where.push({ dimension: 'customerId', values: [filters.customer] });
  if (filters.product && dims.includes('product')) where.push({ dimension: 'product', values: [filters.product] });
  return where;
}

/** Whether a model can be filtered by product at all (Azure and activity cannot): said on the page. */
export function productApplies(boot: EmbedBoot, model: string): boolean {
  return (boot.modelDimensions[model] ?? []).includes('product');
}

function toRows(query: QuerySpec, columns: readonly DataColumn[], rows: Record<string, unknown>[]): DataRow[] {
  return rows.map((row) => {
    const out: Record<string, DataRow[string]> = {};
    for (const by of query.by) out[dimensionName(by)] = (row[by] ?? row[dimensionName(by)] ?? null) as DataRow[string];
    for (const m of query.measures) out[m] = (row[m] ?? null) as DataRow[string];
    for (const c of columns) if (!(c.name in out)) out[c.name] = null;
    return out;
  });
}

async function table(ask: Ask, boot: EmbedBoot, query: QuerySpec, columns: DataColumn[], periods: ReportPeriod, filters: Filters, sparse: boolean): Promise<DataTable> {
  const late = query.keep !== undefined;
  const answer = await ask({
    model: query.model,
    measures: query.measures,
    by: query.by,
    where: [...query.where, ...filterClauses(boot, query.model, filters)],
    ...windowOf(query.window, periods),
    ...(late || query.limit === undefined ? {} : { orderBy: query.orderBy, limit: query.limit }),
  });
  let rows = toRows(query, columns, answer);
  if (sparse && query.by.length > 1 && query.by.some((b) => grainOf(b) !== undefined)) {
    rows = rows.filter((r) => query.measures.some((m) => typeof r[m] === 'number' && r[m] !== 0));
  }
  rows = keepRows(rows, query.keep);
  rows = sortRows(rows, query.orderBy, columns.map((c) => c.name));
  if (query.limit !== undefined) rows = rows.slice(0, query.limit);
  return { columns, rows };
}

async function charts(ask: Ask, boot: EmbedBoot, spec: ChartSpec, first: ResolvedChart[], periods: ReportPeriod, filters: Filters): Promise<ResolvedChart[]> {
  const columns = first[0]?.data.columns ?? [];
  const data = await table(ask, boot, spec.query, columns, periods, filters, false);
  const base = { id: spec.id, title: spec.title, spec, ...(first[0]?.description ? { description: first[0].description } : spec.description ? { description: spec.description } : {}) };
  if (spec.facet === undefined) return [{ ...base, data }];
  const facet = spec.facet;
  let values = [...new Set(data.rows.map((r) => String(r[facet] ?? '')))].sort();
  if (!values.length) return [{ ...base, data }];
  if (spec.facets !== undefined && values.length > spec.facets) {
    const measure = spec.y[0]!;
    const totals = new Map<string, number>();
    for (const r of data.rows) totals.set(String(r[facet] ?? ''), (totals.get(String(r[facet] ?? '')) ?? 0) + Math.abs(typeof r[measure] === 'number' ? r[measure] : 0));
    values = [...values].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || a.localeCompare(b)).slice(0, spec.facets);
  }
  return values.map((value) => ({ ...base, facet: value, data: { columns, rows: data.rows.filter((r) => String(r[facet] ?? '') === value) } }));
}

async function kpis(ask: Ask, boot: EmbedBoot, specs: readonly KpiSpec[], first: readonly Kpi[], periods: ReportPeriod, filters: Filters): Promise<Kpi[]> {
  const groups = new Map<string, { spec: KpiSpec; measures: string[]; answers?: Promise<[Record<string, unknown>[], Record<string, unknown>[]]> }>();
  const keyOf = (spec: KpiSpec) => JSON.stringify([spec.model, spec.by, spec.where]);
  for (const spec of specs) {
    const group = groups.get(keyOf(spec)) ?? { spec, measures: [] };
    if (!group.measures.includes(spec.measure)) group.measures.push(spec.measure);
    groups.set(keyOf(spec), group);
  }
  for (const group of groups.values()) {
    const base = { model: group.spec.model, measures: group.measures, by: group.spec.by, where: [...group.spec.where, ...filterClauses(boot, group.spec.model, filters)] };
    group.answers = Promise.all([ask({ ...base, ...periods.period }), ask({ ...base, ...periods.previous })]);
  }
  const out: Kpi[] = [];
  for (const spec of specs) {
    const [current, before] = await groups.get(keyOf(spec))!.answers!;
    const split = spec.by.includes('currency');
    const keyOfRow = (row: Record<string, unknown>) => (split ? String(row.currency ?? '') : '');
    const keys = split ? [...new Set([...current, ...before].map(keyOfRow))].filter(Boolean).sort() : [''];
    const id = `${spec.model}.${spec.measure}`;
    const template = first.find((k) => k.id === id || k.id.startsWith(`${id}.`));
    const number = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    for (const key of keys) {
      out.push({
        id: key ? `${id}.${key}` : id,
        label: template?.label ?? spec.label ?? spec.measure,
        ...(template?.description ? { description: template.description } : {}),
        format: template?.format ?? 'number',
        ...(key ? { currency: key } : {}),
        value: number(current.find((r) => keyOfRow(r) === key)?.[spec.measure]),
        previous: number(before.find((r) => keyOfRow(r) === key)?.[spec.measure]),
        better: spec.better,
        trend: [],
      });
    }
  }
  return out;
}

/** The whole report for these filters: every query asked at once, assembled in the definition's order. */
export async function resolveInBrowser(boot: EmbedBoot, filters: Filters, ask: Ask): Promise<ResolvedReport> {
  const periods = reportPeriod({ from: filters.from, to: filters.to, days: boot.report.periodDays });
  const first = boot.resolved;
  const pages: ResolvedPage[] = await Promise.all(boot.report.pages.map(async (page, p) => {
    const resolvedPage = first.pages[p]!;
    const [k, c, t] = await Promise.all([
      kpis(ask, boot, page.kpis, resolvedPage.kpis, periods, filters),
      Promise.all(page.charts.map((spec) => charts(ask, boot, spec, resolvedPage.charts.filter((x) => x.id === spec.id), periods, filters))).then((each) => each.flat()),
      Promise.all(page.tables.map(async (spec: TableSpec) => {
        const firstTable = resolvedPage.tables.find((x) => x.id === spec.id)!;
        const data = await table(ask, boot, spec.query, firstTable.data.columns, periods, filters, true);
        return { ...firstTable, data };
      })),
    ]);
    return { title: page.title, kpis: k, charts: c, tables: t };
  }));
  return { ...first, period: periods.period, previous: periods.previous, pages };
}
