import type { Kpi } from '../reports/resolvedReport.js';
import { formatNumber } from './format.js';

// The change of a KPI against the previous period, worded once for HTML and Excel. Rates change in
// percentage points (87 % → 90 % is "+3.0 pts", not "+3.4 %"); amounts by their relative change.

export interface KpiChange {
  /** value − previous, in the KPI's unit (fraction for rates). */
  delta: number | null;
  /** delta ÷ |previous|, for amounts and counts; null for rates or when previous is 0 or missing. */
  ratio: number | null;
  direction: 'up' | 'down' | 'flat' | null;
  tone: 'good' | 'bad' | 'neutral';
  /** "+2.8 % (+34)", "+3.0 pts", "no data for the previous period". */
  text: string;
}

const signed = (text: string, value: number) => (value > 0 ? `+${text}` : text);

export function kpiChange(kpi: Kpi): KpiChange {
  if (kpi.value === null || kpi.previous === null) {
    return { delta: null, ratio: null, direction: null, tone: 'neutral', text: kpi.value === null ? 'no data for this period' : 'no data for the previous period' };
  }
  const delta = kpi.value - kpi.previous;
  const direction = Math.abs(delta) < 1e-9 ? 'flat' : delta > 0 ? 'up' : 'down';
  const tone = direction === 'flat' || kpi.better === 'neutral' ? 'neutral' : (direction === 'up') === (kpi.better === 'up') ? 'good' : 'bad';
  if (kpi.format === 'percent') {
    const points = delta * 100;
    return { delta, ratio: null, direction, tone, text: direction === 'flat' ? 'no change' : `${signed(points.toFixed(1), points)} pts` };
  }
  const amount = signed(formatNumber(delta, kpi.format, kpi.currency), delta);
  if (direction === 'flat') return { delta, ratio: 0, direction, tone, text: 'no change' };
  if (kpi.previous === 0) return { delta, ratio: null, direction, tone, text: `${amount} (from 0)` };
  const ratio = delta / Math.abs(kpi.previous);
  return { delta, ratio, direction, tone, text: `${signed(formatNumber(ratio, 'percent'), ratio)} (${amount})` };
}
