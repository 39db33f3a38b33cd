import type { AlertDefinition } from '../config/config.js';
import { addDays } from '../util/dates.js';

export interface AlertPeriods {
  current: { from: string; to: string };
  previous: { from: string; to: string };
}

/** The checked period ends on the newest day with data: its calendar month so far, or the last N days. */
export function alertPeriods(period: AlertDefinition['period'], newestDay: string): AlertPeriods {
  if (period === 'month') {
    const from = `${newestDay.slice(0, 7)}-01`;
    const previousEnd = addDays(from, -1);
    return { current: { from, to: newestDay }, previous: { from: `${previousEnd.slice(0, 7)}-01`, to: previousEnd } };
  }
  const from = addDays(newestDay, -(period - 1));
  return { current: { from, to: newestDay }, previous: { from: addDays(from, -period), to: addDays(from, -1) } };
}
