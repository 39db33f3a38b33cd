import type { DemoWindow } from '../demoSettings.js';
import { rand } from './rand.js';

/**
 * Assigned licences of a subscription on day `d`: deployment grows over the first two months after
 * purchase to the subscription's ratio, with a seat of jitter a day; a subscription at capacity
 * (ratio 1) has every unit assigned once rolled out. Never more than the units sold.
 */
export function consumedSql(s: { quantity: string; day: string; created: string; deployment: string; salt: string }): string {
  const ramp = `least(1.0, 0.35 + 0.65 * (${s.day} - ${s.created}) / 60.0)`;
  const jitter = `(${rand(s.salt, s.day, "'consumed'")} - 0.5) * 2.0`;
  return `(CASE WHEN ${s.deployment} >= 1 AND ${s.day} - ${s.created} >= 14 THEN ${s.quantity}
    ELSE least(${s.quantity}, greatest(0, round(${s.quantity} * ${s.deployment} * ${ramp} + ${jitter})))::INTEGER END)`;
}

/**
 * One row per licence subscription and day in [first, last] while it is active or suspended, with the
 * units sold and assigned that day. Three bound parameters: the first and last day to emit, and the
 * window's first day (trends are measured from it, so a single day emitted alone has the same values it
 * has in the whole window). Use `licenseDaysParams`.
 * Columns: those of `_demo_licence_stretches` (subscription, customer, SKU, stretch), last_day,
 * window_start, d (the day) and consumed (assigned units).
 */
export const licenseDaysSql = `
  SELECT x.*, ${consumedSql({ quantity: 'x.quantity', day: 'x.d', created: 'x.created', deployment: 'x.deployment', salt: 'x.salt' })} AS consumed
  FROM (
    SELECT t.*, w.last_day, w.window_start,
           unnest(range(greatest(t.valid_from, w.first_day), least(coalesce(t.valid_to, w.last_day + 1), w.last_day + 1))) AS d
    FROM _demo_licence_stretches t
    CROSS JOIN (SELECT ?::INTEGER AS first_day, ?::INTEGER AS last_day, ?::INTEGER AS window_start) w
  ) x`;

export function licenseDaysParams(window: DemoWindow, first = window.start): number[] {
  return [first, window.end, window.start];
}
