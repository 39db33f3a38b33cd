import type { Grain } from '../modelSchema.js';
import { windowKey, type Window } from '../measureGraph.js';
import type { Binder } from './binder.js';
import { grainSql } from './calendar.js';

// The periods of a query as rows (k, ws, we, be): `k` keys the period (its bucket's first day, or the
// last day asked when there is no time breakdown), `ws`–`we` the days it covers (clipped to from–to),
// `be` the bucket's natural end. Each window derives its own spine from the base one. The period before
// a bucket is the bucket before; before a whole number of calendar months, as many months; before any
// other period, the same number of days.

export function spineName(window: Window): string {
  return `spine_${windowKey(window)}`;
}

/** CTEs (name, SQL) for every spine the windows need, base first. */
export function spineCtes(windows: readonly Window[], grain: Grain | undefined, binder: Binder, range: { from: string | null; to: string | null }): [string, string][] {
  const from = binder.date(range.from);
  const to = binder.date(range.to);
  const ctes = new Map<string, string>();
  if (grain) {
    const { unit, interval } = grainSql[grain];
    const end = `CAST(b + ${interval} - INTERVAL 1 DAY AS DATE)`;
    ctes.set('spine_p', `SELECT CAST(b AS DATE) AS k, greatest(CAST(b AS DATE), ${from}) AS ws, least(${end}, ${to}) AS we, ${end} AS be
      FROM generate_series(date_trunc('${unit}', ${from}), CAST(${to} AS TIMESTAMP), ${interval}) AS g(b)`);
  } else {
    ctes.set('spine_p', `SELECT ${to} AS k, ${from} AS ws, ${to} AS we, ${to} AS be`);
  }
  const shifted = grain
    ? `SELECT k, CAST(ws - ${grainSql[grain].interval} AS DATE) AS ws,
        CASE WHEN we = be THEN k - 1 ELSE CAST(we - ${grainSql[grain].interval} AS DATE) END AS we, k - 1 AS be FROM spine_p`
    : `SELECT k, CASE WHEN day(ws) = 1 AND we = last_day(we) THEN CAST(ws - to_months(CAST(datediff('month', ws, we) + 1 AS INTEGER)) AS DATE)
        ELSE ws - CAST(we - ws + 1 AS INTEGER) END AS ws, ws - 1 AS we, ws - 1 AS be FROM spine_p`;
  for (const window of windows) {
    if (window.shift) ctes.set('spine_prev_p', shifted);
    const base = window.shift ? 'spine_prev_p' : 'spine_p';
    const span = window.span;
    if (span.kind === 'trailing') {
      ctes.set(spineName(window), `SELECT k, we - CAST(${binder.param(span.days - 1)} AS INTEGER) AS ws, we, be FROM ${base}`);
    } else if (span.kind === 'monthToDate') {
      ctes.set(spineName(window), `SELECT k, CAST(date_trunc('month', we) AS DATE) AS ws, we, be FROM ${base}`);
    }
  }
  return [...ctes.entries()];
}
