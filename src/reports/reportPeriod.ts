import { addDays } from '../util/dates.js';
import type { QueryWindow } from './defineReport.js';

// The stretches of time a report's queries cover, all derived from the report's period (by default the
// last `periodDays` days of data, ending at the newest as-of date — never the wall clock).

export interface Span {
  from?: string;
  to: string;
}

export interface ReportPeriod {
  period: { from: string; to: string };
  previous: { from: string; to: string };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * The report's period and the one before it, of equal length. A default 30-day period that ends on a
 * month's last day is that calendar month, compared with the month before: "October against September"
 * reads better than "2 October to 31 October".
 */
export function reportPeriod({ from, to, days }: { from?: string; to: string; days: number }): ReportPeriod {
  if (from === undefined && days === 30 && addDays(to, 1).endsWith('-01')) {
    const start = monthStart(to);
    const previousTo = addDays(start, -1);
    return { period: { from: start, to }, previous: { from: monthStart(previousTo), to: previousTo } };
  }
  const start = from ?? addDays(to, -(days - 1));
  const length = daysBetween(start, to);
  const previousTo = addDays(start, -1);
  return { period: { from: start, to }, previous: { from: addDays(previousTo, -(length - 1)), to: previousTo } };
}

/** First day of the month `months` months before the month of `day`. */
export function monthStart(day: string, monthsBack = 0): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - monthsBack);
  return d.toISOString().slice(0, 10);
}

export function windowOf(window: QueryWindow, { period, previous }: ReportPeriod): Span {
  switch (window) {
    case 'period':
      return period;
    case 'previous':
      return previous;
    case 'trailing-12-months':
      return { from: monthStart(period.to, 11), to: period.to };
    case 'trailing-90-days':
      return { from: addDays(period.to, -89), to: period.to };
    case 'latest':
      return { to: period.to };
  }
}
