import type { Localizer } from '../locale/localizer.js';
import type { Kpi } from '../reports/resolvedReport.js';

// The change of a KPI against the previous period, worded once for HTML, Excel, mail and the embedded
// page. Rates change in percentage points (87 % → 90 % is "+3.0 pts", not "+3.4 %"); amounts by their
// relative change.

export interface KpiChange {
  /** value − previous, in the KPI's unit (fraction for rates). */
  delta: number | null;
  /** delta ÷ |previous|, for amounts and counts; null for rates or when previous is 0 or missing. */
  ratio: number | null;
  direction: 'up' | 'down' | 'flat' | null;
  tone: 'good' | 'bad' | 'neutral';
  /** "+2.8% (+34)", "+3.0 pts", "no data for the previous period". */
  text: string;
}

const signed = (text: string, value: number) => (value > 0 ? `+${text}` : text);

/** A KPI's name as shown: money KPIs (one per currency) carry their currency. */
export function kpiLabel(kpi: Kpi): string {
  return kpi.currency ? `${kpi.label} (${kpi.currency})` : kpi.label;
}

export function kpiChange(kpi: Kpi, l: Localizer): KpiChange {
  if (kpi.value === null || kpi.previous === null) {
    return { delta: null, ratio: null, direction: null, tone: 'neutral', text: kpi.value === null ? l.t('ui.kpi.noData') : l.t('ui.kpi.noPrevious') };
  }
  const delta = kpi.value - kpi.previous;
  const direction = Math.abs(delta) < 1e-9 ? 'flat' : delta > 0 ? 'up' : 'down';
  const tone = direction === 'flat' || kpi.better === 'neutral' ? 'neutral' : (direction === 'up') === (kpi.better === 'up') ? 'good' : 'bad';
  if (kpi.format === 'percent') {
    const points = delta * 100;
    return { delta, ratio: null, direction, tone, text: direction === 'flat' ? l.t('ui.kpi.noChange') : l.t('ui.kpi.points', { points: signed(l.fixed(points, 1), points) }) };
  }
  const amount = signed(l.number(delta, kpi.format, kpi.currency), delta);
  if (direction === 'flat') return { delta, ratio: 0, direction, tone, text: l.t('ui.kpi.noChange') };
  if (kpi.previous === 0) return { delta, ratio: null, direction, tone, text: l.t('ui.kpi.fromZero', { amount }) };
  const ratio = delta / Math.abs(kpi.previous);
  return { delta, ratio, direction, tone, text: l.t('ui.kpi.change', { ratio: signed(l.number(ratio, 'percent'), ratio), amount }) };
}
