import type { ChartSpec } from '../../reports/defineReport.js';
import type { DataColumn, DataTable, ValueFormat } from '../../reports/resolvedReport.js';
import { stripBidiOverrides } from '../escape.js';
import { currencyOf } from '../../locale/currency.js';
import type { Localizer } from '../../locale/localizer.js';

// From a chart's query result to the points Plot draws: one point per (x, series), series limited to
// the largest ones, every point carrying its own tooltip text. Pure and ordered, so the same data always
// draws the same picture.

export interface Point {
  x: string;
  /** Date for time axes (x is a date dimension with a grain). */
  date?: Date;
  y: number | null;
  series: string;
  tooltip: string;
  /** Its period (a month, a week) runs past the data's last day: drawn as still in progress. */
  partial?: boolean;
}

export interface ChartData {
  points: Point[];
  /** Series (or heatmap rows) in draw order. */
  series: string[];
  /** Categories on the x axis in order (bars, buckets, heatmap columns). */
  categories: string[];
  xColumn: DataColumn;
  yFormat: ValueFormat;
  yLabel: string;
  currency?: string;
  timeGrain?: DataColumn['grain'];
  /** Series or rows dropped or merged into "Other" by `top`, said under the chart. */
  omitted: number;
  /** The time category still in progress on the as-of day (the last month when the data ends mid-month). */
  partial?: string;
  /** The series small ones are summed into, in the report's language ("Other"). */
  other: string;
  /** Labels and numbers in the report's locale, for the axes and legends drawn from this data. */
  l: Localizer;
}

function column(data: DataTable, name: string): DataColumn {
  const found = data.columns.find((c) => c.name === name);
  if (!found) throw new Error(`invalid chart column: ${name} (columns: ${data.columns.map((c) => c.name).join(', ')})`);
  return found;
}

function text(value: unknown, l: Localizer): string {
  if (value === null || value === undefined) return l.t('ui.chart.none');
  return stripBidiOverrides(Array.isArray(value) ? value.join(', ') : String(value));
}

/** Orders bucket labels like "0-20", "20–40", ">100" by their lower bound; other labels keep their order. */
export function bucketOrder(labels: readonly string[]): string[] {
  const start = (label: string) => {
    if (/^\s*>/.test(label)) return Number(/\d+(\.\d+)?/.exec(label)?.[0] ?? Infinity) + 0.5;
    const m = /^\s*(\d+(\.\d+)?)/.exec(label);
    return m ? Number(m[1]) : Infinity;
  };
  return [...labels].sort((a, b) => start(a) - start(b) || a.localeCompare(b));
}

/** The last day of the period a time category starts (a month's 31st, a week's 7th day). */
export function periodEnd(start: string, grain: DataColumn['grain']): string {
  const d = new Date(`${start.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return start;
  if (grain === 'week') d.setUTCDate(d.getUTCDate() + 6);
  else if (grain === 'month') d.setUTCMonth(d.getUTCMonth() + 1, 0);
  else if (grain === 'quarter') d.setUTCMonth(d.getUTCMonth() - (d.getUTCMonth() % 3) + 3, 0);
  else if (grain === 'year') d.setUTCMonth(12, 0);
  return d.toISOString().slice(0, 10);
}

/**
 * `asOf`: the data's last day; a time category whose period runs past it is marked in progress, its
 * tooltip says "to date".
 */
export function chartData(spec: ChartSpec, data: DataTable, { asOf, l }: { asOf?: string; l: Localizer }): ChartData {
  const other = l.t('ui.chart.other');
  const colon = l.t('ui.punctuation.colon');
  const toDate = () => l.t('ui.chart.toDate', { day: l.date(asOf ?? '', 'day') });
  const valueText = (value: number | null, format: ValueFormat, code: string | undefined) => (value === null ? l.t('ui.chart.noData') : l.number(value, format, code));
  // What a tooltip says before its value: the merged points below say it again with their sum.
  const heads = new WeakMap<Point, string>();
  const xColumn = column(data, spec.x);
  const yColumns = spec.y.map((y) => column(data, y));
  const seriesColumn = spec.color !== undefined ? column(data, spec.color) : undefined;
  const first = yColumns[0]!;
  const currency = first.format === 'currency' ? currencyOf(first, data.rows[0]) : undefined;
  const isTime = xColumn.format === 'date' && xColumn.grain !== undefined;

  const points: Point[] = [];
  for (const row of data.rows) {
    const xValue = text(row[spec.x], l);
    for (const y of yColumns) {
      const value = row[y.name];
      const series = seriesColumn ? text(row[seriesColumn.name], l) : y.label;
      const yNumber = typeof value === 'number' && Number.isFinite(value) ? value : null;
      const head = `${stripBidiOverrides(l.cell(row[spec.x] ?? null, xColumn, row))}${seriesColumn || yColumns.length > 1 ? ` · ${series}` : ''}`;
      const point: Point = { x: xValue, y: yNumber, series, tooltip: `${head}${colon}${valueText(yNumber, y.format, currencyOf(y, row))}` };
      heads.set(point, head);
      if (isTime) {
        point.date = new Date(`${xValue.slice(0, 10)}T00:00:00Z`);
        if (asOf !== undefined && periodEnd(xValue, xColumn.grain) > asOf && xValue.slice(0, 10) <= asOf) {
          point.partial = true;
          point.tooltip += ` ${toDate()}`;
        }
      }
      points.push(point);
    }
  }

  // Two rows can carry the same label (two customers' subscriptions both called "Production"): drawn as
  // one bar, amounts add up; a rate cannot be added, so the first row's stands.
  const merged = new Map<string, Point>();
  for (const p of points) {
    const key = `${p.x}\u0000${p.series}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, p);
    else if (first.format !== 'percent' && p.y !== null) {
      seen.y = (seen.y ?? 0) + p.y;
      seen.tooltip = `${heads.get(seen) ?? ''}${colon}${valueText(seen.y, first.format, currency)}${seen.partial ? ` ${toDate()}` : ''}`;
    }
  }
  if (merged.size < points.length) points.splice(0, points.length, ...merged.values());

  // Series and categories ranked by their total (largest first), ties by name: a stable order.
  const totals = (key: 'series' | 'x') => {
    const sums = new Map<string, number>();
    for (const p of points) sums.set(p[key], (sums.get(p[key]) ?? 0) + Math.abs(p.y ?? 0));
    return [...sums].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  };

  // Heat maps of rates list the weakest first (lowest average: the customers to help); amounts, the largest.
  const weakest = () => {
    const sums = new Map<string, { sum: number; n: number }>();
    for (const p of points) {
      if (p.y === null) continue;
      const s = sums.get(p.series) ?? { sum: 0, n: 0 };
      s.sum += p.y;
      s.n++;
      sums.set(p.series, s);
    }
    const mean = (k: string) => (sums.has(k) ? sums.get(k)!.sum / sums.get(k)!.n : Infinity);
    return [...new Set(points.map((p) => p.series))].sort((a, b) => mean(a) - mean(b) || a.localeCompare(b));
  };
  let series = !seriesColumn ? yColumns.map((y) => y.label) : spec.kind === 'heatmap' && first.format === 'percent' ? weakest() : totals('series');
  let categories: string[];
  if (isTime || xColumn.format === 'date') categories = [...new Set(points.map((p) => p.x))].sort();
  else if (spec.kind === 'distribution') categories = bucketOrder([...new Set(points.map((p) => p.x))]);
  else categories = totals('x');

  let omitted = 0;
  let kept = points;
  if (spec.top !== undefined) {
    if (spec.kind === 'bar' && categories.length > spec.top) {
      omitted = categories.length - spec.top;
      categories = categories.slice(0, spec.top);
      const keep = new Set(categories);
      kept = points.filter((p) => keep.has(p.x));
    } else if (spec.kind === 'heatmap' && series.length > spec.top) {
      omitted = series.length - spec.top;
      series = series.slice(0, spec.top);
      const keep = new Set(series);
      kept = points.filter((p) => keep.has(p.series));
    } else if (spec.kind === 'stacked-bar' && series.length > spec.top) {
      // Stacks add up, so the small series are summed into "Other" rather than dropped.
      omitted = series.length - (spec.top - 1);
      const keep = new Set(series.slice(0, spec.top - 1));
      const summed = new Map<string, Point>();
      kept = [];
      for (const p of points) {
        if (keep.has(p.series)) kept.push(p);
        else {
          const o = summed.get(p.x) ?? { ...p, y: 0, series: other };
          o.y = (o.y ?? 0) + (p.y ?? 0);
          summed.set(p.x, o);
        }
      }
      for (const o of summed.values()) {
        o.tooltip = `${l.cell(o.x, xColumn)} · ${other} (${omitted})${colon}${l.number(o.y ?? 0, first.format, currency)}${o.partial ? ` ${toDate()}` : ''}`;
        kept.push(o);
      }
      series = [...series.slice(0, spec.top - 1), other];
    } else if (spec.kind === 'line' && series.length > spec.top) {
      omitted = series.length - spec.top;
      series = series.slice(0, spec.top);
      const keep = new Set(series);
      kept = points.filter((p) => keep.has(p.series));
    }
  }

  const order = new Map(series.map((s, i) => [s, i]));
  const xOrder = new Map(categories.map((c, i) => [c, i]));
  kept = [...kept].sort((a, b) => (xOrder.get(a.x) ?? 0) - (xOrder.get(b.x) ?? 0) || (order.get(a.series) ?? 0) - (order.get(b.series) ?? 0));

  return {
    points: kept,
    series,
    categories,
    xColumn,
    yFormat: first.format,
    yLabel: yColumns.length > 1 ? '' : first.label,
    currency,
    timeGrain: isTime ? xColumn.grain : undefined,
    omitted,
    ...(isTime && kept.some((p) => p.partial) ? { partial: kept.find((p) => p.partial)!.x } : {}),
    other,
    l,
  };
}
