import type { ChartData, Point } from './chartData.js';

// Axis and label helpers every chart kind shares. Pure, with no Plot or DOM import: the embedded view's
// browser loads this same module to draw the same charts. Words and numbers come from the data's
// Localizer (`data.l`): the report's locale.

export const chartFont = "'DejaVu Sans', Verdana, sans-serif";
export const fontSize = 11;

/** A time category's label, starred when its period is still in progress ("Dec 26*"; the note under the chart says why). */
export function categoryLabel(data: ChartData): (value: string | Date) => string {
  return (value) => {
    const key = typeof value === 'string' ? value : value.toISOString().slice(0, 10);
    const label = data.l.axisDate(value, data.timeGrain);
    return data.partial && key.slice(0, 10) === data.partial.slice(0, 10) ? `${label}*` : label;
  };
}

/** Said under a chart whose last period is still in progress. */
export function partialNote(data: ChartData): string {
  return data.l.t('ui.chart.partial', { period: data.l.axisDate(data.partial ?? '', data.timeGrain) });
}

/** How many axis labels fit across a chart this wide (about 56 px each), at most a dozen. */
export function labelsThatFit(width: number): number {
  return Math.max(2, Math.min(12, Math.floor((width - 80) / 56)));
}

/** At most about a dozen labels on a band axis: every n-th category. */
export function thinTicks(categories: readonly string[], most = 12): string[] {
  const step = Math.max(1, Math.ceil(categories.length / most));
  return categories.filter((_, i) => i % step === 0);
}

export function clip(label: string, max = 30): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

export function axisFormat(data: ChartData): (value: number) => string {
  // Counts have no halves: an axis from 0 to 1 labels 0 and 1, not 0.2, 0.4…
  if (data.yFormat === 'integer') return (value) => (Number.isInteger(value) ? data.l.compact(value, 'integer') : '');
  return (value) => data.l.compact(value, data.yFormat);
}

/** Tick count for the value axis: at most one per unit for small counts. */
export function valueTicks(data: ChartData): number | undefined {
  if (data.yFormat !== 'integer') return undefined;
  const max = Math.max(0, ...data.points.map((p) => p.y ?? 0));
  return max < 8 ? Math.max(1, Math.ceil(max)) : undefined;
}

export function valueLabel(data: ChartData): (p: Point) => string {
  return (p) => {
    if (p.y === null) return '';
    if (data.yFormat === 'currency' || data.yFormat === 'number') return Math.abs(p.y) < 1000 ? data.l.number(p.y, 'integer') : data.l.compact(p.y, 'number');
    return data.l.number(p.y, data.yFormat);
  };
}

export function yAxisLabel(data: ChartData): string | null {
  if (!data.yLabel) return data.currency ?? null;
  return data.currency ? `${data.yLabel} (${data.currency})` : data.yLabel;
}
