import { formatCompact, formatNumber } from '../format.js';
import type { ChartData, Point } from './chartData.js';

// Axis and label helpers every chart kind shares. Pure, with no Plot or DOM import: the embedded view's
// browser loads this same module to draw the same charts.

export const chartFont = "'DejaVu Sans', Verdana, sans-serif";
export const fontSize = 11;

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Time axis labels by grain: "Oct 26" for months, "Oct 4" for days and weeks. */
export function timeLabel(value: Date | string, grain: ChartData['timeGrain']): string {
  const d = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
  if (Number.isNaN(d.getTime())) return String(value);
  if (grain === 'day' || grain === 'week') return `${months[d.getUTCMonth()]} ${d.getUTCDate()}`;
  if (grain === 'quarter') return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${String(d.getUTCFullYear()).slice(2)}`;
  if (grain === 'year') return String(d.getUTCFullYear());
  return `${months[d.getUTCMonth()]} ${String(d.getUTCFullYear()).slice(2)}`;
}

/** A time category's label, starred when its period is still in progress ("Dec 26*"; the note under the chart says why). */
export function categoryLabel(data: ChartData): (value: string | Date) => string {
  return (value) => {
    const key = typeof value === 'string' ? value : value.toISOString().slice(0, 10);
    const label = timeLabel(value, data.timeGrain);
    return data.partial && key.slice(0, 10) === data.partial.slice(0, 10) ? `${label}*` : label;
  };
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
  if (data.yFormat === 'integer') return (value) => (Number.isInteger(value) ? formatCompact(value, 'integer') : '');
  return (value) => formatCompact(value, data.yFormat);
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
    if (data.yFormat === 'currency' || data.yFormat === 'number') return Math.abs(p.y) < 1000 ? formatNumber(p.y, 'integer') : formatCompact(p.y, 'number');
    return formatNumber(p.y, data.yFormat);
  };
}

export function yAxisLabel(data: ChartData): string | null {
  if (!data.yLabel) return data.currency ?? null;
  return data.currency ? `${data.yLabel} (${data.currency})` : data.yLabel;
}
