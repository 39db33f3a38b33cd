import { z } from 'zod';

// A report is plain data: pages of KPIs, charts and tables, each fed by one model query. This schema is
// the single check of that data; `defineReport` reports every problem at once, each with its path.
// Titles, descriptions, notes and sheet names are catalogue texts (locales/*.json) keyed by the report's
// name and the chart's or table's id (src/locale/catalogueKeys.ts): a definition holds no English.

/** Which stretch of time a query covers, relative to the report's period (see `windowOf`). */
export const queryWindows = ['period', 'previous', 'trailing-12-months', 'trailing-90-days', 'latest'] as const;
export type QueryWindow = (typeof queryWindows)[number];

export const chartKinds = ['line', 'bar', 'stacked-bar', 'heatmap', 'distribution'] as const;
export type ChartKind = (typeof chartKinds)[number];

const id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes');
const text = z.string().min(1);

const condition = z
  .object({
    column: text,
    op: z.enum(['<', '<=', '>', '>=', '=', '!=']),
    value: z.union([z.number(), z.string()]),
  })
  .strict();

/** Rows kept after the query, by measure value: what "low adoption" or "upsell candidate" means. */
const keep = z.union([z.object({ any: z.array(condition).min(1) }).strict(), z.object({ all: z.array(condition).min(1) }).strict()]);

export const querySpecSchema = z
  .object({
    model: text,
    measures: z.array(text).min(1),
    /** Dimensions, with a time grain where wanted: 'customer', 'date:month'. */
    by: z.array(text).default([]),
    where: z.array(z.object({ dimension: text, values: z.array(z.string()).min(1) }).strict()).default([]),
    window: z.enum(queryWindows).default('period'),
    /** Sort order; every column not named here breaks ties, so the same data always gives the same order. */
    orderBy: z.array(z.object({ name: text, desc: z.boolean().default(false) }).strict()).default([]),
    limit: z.number().int().positive().optional(),
    keep: keep.optional(),
  })
  .strict();

export const chartSpecSchema = z
  .object({
    id,
    kind: z.enum(chartKinds),
    query: querySpecSchema,
    /** line, stacked-bar, heatmap: the time or category axis; bar: the categories; distribution: the bucket. */
    x: text,
    /** Measures drawn; several on a line or bar chart become series. heatmap: the one measure shown as colour. */
    y: z.array(text).min(1),
    /** Series (line, stacked-bar) or rows (heatmap). */
    color: text.optional(),
    /** One chart per value of this column (money: one chart per currency; units: one chart per meter). */
    facet: text.optional(),
    /** At most this many facets, the largest by the total of the first measure; the rest stay in the data. */
    facets: z.number().int().positive().optional(),
    /** Keep the N largest categories or series; the rest are grouped as "Other" (stacked) or left out (said in the note). */
    top: z.number().int().positive().optional(),
  })
  .strict();

export const kpiSpecSchema = z
  .object({
    model: text,
    measure: text,
    /** Money KPIs: ['currency'] gives one KPI per currency. */
    by: z.array(z.literal('currency')).default([]),
    where: z.array(z.object({ dimension: text, values: z.array(z.string()).min(1) }).strict()).default([]),
    better: z.enum(['up', 'down', 'neutral']).default('up'),
  })
  .strict();

export const tableSpecSchema = z
  .object({
    id,
    query: querySpecSchema,
  })
  .strict();

const pageSchema = z
  .object({
    kpis: z.array(kpiSpecSchema).default([]),
    charts: z.array(chartSpecSchema).default([]),
    tables: z.array(tableSpecSchema).default([]),
  })
  .strict();

export const reportSchema = z
  .object({
    name: id,
    /** `customer`: needs --customer (one customer, all of it). */
    scope: z.enum(['partner', 'customer']).default('partner'),
    /** Default length of the period, in days, ending at the newest data. */
    periodDays: z.number().int().min(1).max(366).default(30),
    pages: z.array(pageSchema).min(1),
  })
  .strict()
  .superRefine((report, ctx) => {
    const seen = new Set<string>();
    report.pages.forEach((page, p) => {
      for (const [kind, items] of [['charts', page.charts], ['tables', page.tables]] as const) {
        items.forEach((item, i) => {
          const path = ['pages', p, kind, i];
          if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `"${item.id}" is used twice in this report` });
          seen.add(item.id);
          checkQuery(item.query, [...path, 'query'], ctx);
        });
      }
      page.charts.forEach((chart, i) => checkChart(chart, ['pages', p, 'charts', i], ctx));
    });
  });

export type QuerySpec = z.output<typeof querySpecSchema>;
export type ChartSpec = z.output<typeof chartSpecSchema>;
export type KpiSpec = z.output<typeof kpiSpecSchema>;
export type TableSpec = z.output<typeof tableSpecSchema>;
export type ReportDefinition = z.output<typeof reportSchema>;
export type ReportInput = z.input<typeof reportSchema>;

/** The column a `by` entry produces: 'date:month' → 'date'. */
export function dimensionName(by: string): string {
  return by.split(':')[0] ?? by;
}

function columnsOf(query: QuerySpec): string[] {
  return [...query.by.map(dimensionName), ...query.measures];
}

function checkQuery(query: QuerySpec, path: (string | number)[], ctx: z.RefinementCtx): void {
  const columns = columnsOf(query);
  const unknown = (name: string, where: (string | number)[]) =>
    ctx.addIssue({ code: 'custom', path: [...path, ...where], message: `"${name}" is not a column of this query (${columns.join(', ')})` });
  query.orderBy.forEach((o, i) => columns.includes(o.name) || unknown(o.name, ['orderBy', i, 'name']));
  const conditions = query.keep ? ('any' in query.keep ? query.keep.any : query.keep.all) : [];
  conditions.forEach((c, i) => columns.includes(c.column) || unknown(c.column, ['keep', i, 'column']));
}

function checkChart(chart: ChartSpec, path: (string | number)[], ctx: z.RefinementCtx): void {
  const dims = chart.query.by.map(dimensionName);
  const issue = (where: string, message: string) => ctx.addIssue({ code: 'custom', path: [...path, where], message });
  if (!dims.includes(chart.x)) issue('x', `"${chart.x}" is not a dimension of the chart's query (${dims.join(', ') || 'none'})`);
  for (const y of chart.y) if (!chart.query.measures.includes(y)) issue('y', `"${y}" is not a measure of the chart's query (${chart.query.measures.join(', ')})`);
  for (const key of ['color', 'facet'] as const) {
    const name = chart[key];
    if (name !== undefined && !dims.includes(name)) issue(key, `"${name}" is not a dimension of the chart's query (${dims.join(', ')})`);
  }
  if (chart.facets !== undefined && chart.facet === undefined) issue('facets', 'a facet count needs a facet dimension');
  if (chart.kind === 'heatmap' && (chart.color === undefined || chart.y.length !== 1)) issue('kind', 'a heatmap needs one measure (y) and a row dimension (color)');
  if (chart.kind === 'stacked-bar' && chart.color === undefined && chart.y.length < 2) issue('kind', 'a stacked bar needs a series dimension (color) or several measures (y)');
  if (chart.kind === 'line' && !chart.query.by.some((b) => b.startsWith(`${chart.x}:`))) issue('x', 'a line chart runs over time: x must be a dimension with a time grain (date:month)');
}

/** Validates a report definition; every problem at once, each with the report's name and the path. */
export function defineReport(definition: ReportInput): ReportDefinition {
  const parsed = reportSchema.safeParse(definition);
  if (!parsed.success) {
    const name = (definition as { name?: unknown }).name;
    const problems = parsed.error.issues.map((i) => `${String(name)} → ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`invalid report definition:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
