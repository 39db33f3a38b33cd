import type { Kpi } from '../reports/resolvedReport.js';
import { formatDate, formatNumber } from './format.js';

// A KPI's twelve-month sparkline as geometry and words, drawn by the packs (SVG markup) and by the embedded
// page (elements): one shape, two writers.

export interface Sparkline {
  width: number;
  height: number;
  /** "x,y" pairs for the polyline, months without a value left out. */
  points: string[];
  last: { x: string; y: string };
  /** What a screen reader says instead of the line. */
  summary: string;
}

export function sparkline(kpi: Pick<Kpi, 'trend' | 'format' | 'currency'>): Sparkline | undefined {
  const values = kpi.trend.filter((t) => t.value !== null) as { period: string; value: number }[];
  if (values.length < 2) return undefined;
  const width = 176;
  const height = 34;
  const min = Math.min(...values.map((v) => v.value));
  const max = Math.max(...values.map((v) => v.value));
  const span = max - min || 1;
  const step = width / Math.max(1, kpi.trend.length - 1);
  const points: string[] = [];
  kpi.trend.forEach((t, i) => {
    if (t.value === null) return;
    points.push(`${(i * step).toFixed(1)},${(height - 3 - ((t.value - min) / span) * (height - 6)).toFixed(1)}`);
  });
  const [x, y] = points.at(-1)!.split(',') as [string, string];
  const first = values[0]!;
  const last = values.at(-1)!;
  const summary = `Trend over ${kpi.trend.length} months: from ${formatNumber(first.value, kpi.format, kpi.currency)} in ${formatDate(first.period, 'month')} to ${formatNumber(last.value, kpi.format, kpi.currency)} in ${formatDate(last.period, 'month')}`;
  return { width, height, points, last: { x, y }, summary };
}
