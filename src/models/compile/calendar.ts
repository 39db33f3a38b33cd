import { addDays } from '../../util/dates.js';
import type { Grain } from '../modelSchema.js';
import type { Window } from '../measureGraph.js';

// Period arithmetic in JavaScript, matching the SQL the compiler writes (DuckDB adds months by clamping
// to the month's last day: 31 March − 1 month = 29 February). Used for the inclusive day bounds of each
// window, which pre-filter big tables and key event rows to their period without a range join.

/** DuckDB's date_trunc unit and interval for each grain (fixed text, never from a request). */
export const grainSql: Record<Grain, { unit: string; interval: string }> = {
  day: { unit: 'day', interval: 'INTERVAL 1 DAY' },
  week: { unit: 'week', interval: 'INTERVAL 7 DAY' },
  month: { unit: 'month', interval: 'INTERVAL 1 MONTH' },
  quarter: { unit: 'quarter', interval: 'INTERVAL 3 MONTH' },
  year: { unit: 'year', interval: 'INTERVAL 1 YEAR' },
};

export function truncate(day: string, grain: Grain): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  switch (grain) {
    case 'day':
      return day;
    case 'week': {
      const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0, as ISO weeks
      return addDays(day, -weekday);
    }
    case 'month':
      return `${day.slice(0, 7)}-01`;
    case 'quarter':
      return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    case 'year':
      return `${y}-01-01`;
  }
}

export function addMonths(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const d = Math.min(Number(day.slice(8, 10)), last);
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function addGrain(day: string, grain: Grain, n: number): string {
  switch (grain) {
    case 'day':
      return addDays(day, n);
    case 'week':
      return addDays(day, 7 * n);
    case 'month':
      return addMonths(day, n);
    case 'quarter':
      return addMonths(day, 3 * n);
    case 'year':
      return addMonths(day, 12 * n);
  }
}

/** From the first day of a month to the last day of a month. */
export function isWholeMonths(from: string, to: string): boolean {
  return from.endsWith('-01') && addDays(to, 1).endsWith('-01') && from <= to;
}

/** Calendar months from the month of `from` to the month of `to`, both counted. */
export function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Inclusive day bounds enclosing every period of a window. Exact for the periods themselves and for any
 * window without a time breakdown (a single period); a superset for trailing/month-to-date windows
 * broken down by time, where they only pre-filter.
 */
export function windowBounds(range: { from: string; to: string }, grain: Grain | undefined, window: Window): { lo: string; hi: string } {
  let { from: lo, to: hi } = range;
  if (window.shift) {
    if (grain) {
      const lastBucket = truncate(range.to, grain);
      const fullLast = addDays(addGrain(lastBucket, grain, 1), -1) === range.to;
      lo = addGrain(range.from, grain, -1);
      hi = fullLast ? addDays(lastBucket, -1) : addGrain(range.to, grain, -1);
    } else if (isWholeMonths(range.from, range.to)) {
      // October is compared with September, a quarter with the quarter before: as many whole months.
      lo = addMonths(range.from, -monthsBetween(range.from, range.to));
      hi = addDays(range.from, -1);
    } else {
      const length = daysBetween(range.from, range.to) + 1;
      lo = addDays(range.from, -length);
      hi = addDays(range.from, -1);
    }
  }
  switch (window.span.kind) {
    case 'period':
      return { lo, hi };
    case 'trailing':
      return { lo: addDays(grain ? lo : hi, -(window.span.days - 1)), hi };
    case 'monthToDate':
      return { lo: truncate(grain ? lo : hi, 'month'), hi };
  }
}
