import type { Localizer } from '../locale/localizer.js';
import type { Kpi } from '../reports/resolvedReport.js';
import { periodEnd } from './charts/chartData.js';

// A KPI's twelve-month sparkline as geometry and words, drawn by the packs (SVG markup) and by the embedded
// page (elements): one shape, two writers.

export interface Sparkline {
  width: number;
  height: number;
  /** "x,y" pairs for the polyline, months without a value left out; the month in progress is not among them. */
  points: string[];
  /** The month still in progress, drawn apart (dashed, hollow dot): two days of a month are not a collapse. */
  partial?: { from: { x: string; y: string }; to: { x: string; y: string } };
  last: { x: string; y: string };
  /** What a screen reader says instead of the line. */
  summary: string;
}

/** `asOf`, the data's last day: a month that runs past it is in progress. */
export function sparkline(kpi: Pick<Kpi, 'trend' | 'format' | 'currency'>, l: Localizer, asOf?: string): Sparkline | undefined {
  const values = kpi.trend.filter((t) => t.value !== null) as { period: string; value: number }[];
  if (values.length < 2) return undefined;
  const width = 176;
  const height = 34;
  const min = Math.min(...values.map((v) => v.value));
  const max = Math.max(...values.map((v) => v.value));
  const span = max - min || 1;
  const step = width / Math.max(1, kpi.trend.length - 1);
  const points: { x: string; y: string; period: string }[] = [];
  kpi.trend.forEach((t, i) => {
    if (t.value === null) return;
    points.push({ x: (i * step).toFixed(1), y: (height - 3 - ((t.value - min) / span) * (height - 6)).toFixed(1), period: t.period });
  });
  const end = points.at(-1)!;
  const inProgress = asOf !== undefined && points.length > 2 && periodEnd(end.period, 'month') > asOf && end.period.slice(0, 10) <= asOf;
  const solid = inProgress ? points.slice(0, -1) : points;
  const first = values[0]!;
  const last = values.at(-1)!;
  const summary = l.t('ui.kpi.trend', {
    months: kpi.trend.length,
    first: l.number(first.value, kpi.format, kpi.currency),
    firstMonth: l.date(first.period, 'month'),
    last: l.number(last.value, kpi.format, kpi.currency),
    lastMonth: l.date(last.period, 'month'),
  });
  const at = (p: { x: string; y: string }) => ({ x: p.x, y: p.y });
  return {
    width,
    height,
    points: solid.map((p) => `${p.x},${p.y}`),
    ...(inProgress ? { partial: { from: at(solid.at(-1)!), to: at(end) } } : {}),
    last: at(end),
    summary,
  };
}
