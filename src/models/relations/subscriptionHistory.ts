// Status and quantity of every subscription over time (type-2: valid_from inclusive, valid_to exclusive).
// The load writes it (a subscription first seen is dated by its own fields, SPEC §4). A subscription
// without any history row (none of today's loads leaves one) is read by the same rule: from its
// effective start (else creation), active until it ended when it has ended, else in its current status.

const start = 'coalesce(s.effective_start_date, s.creation_date::DATE, DATE \'1900-01-01\')';

export const subscriptionHistorySql = `(
  SELECT h.subscription_id, h.customer_id, h.status, h.quantity, h.auto_renew, h.valid_from, h.valid_to
  FROM main.subscription_history h
  UNION ALL
  SELECT o.subscription_id, o.customer_id, t.stretch.status, o.quantity, o.auto_renew, t.stretch.valid_from, t.stretch.valid_to
  FROM (
    SELECT s.*, ${start} AS start_day,
      s.status IN ('expired', 'deleted') AND coalesce(s.ended_date > ${start}, false) AS ended
    FROM main.subscriptions s ANTI JOIN main.subscription_history h USING (subscription_id)
  ) o,
  unnest(CASE WHEN o.ended
    THEN [{'status': 'active', 'valid_from': o.start_day, 'valid_to': o.ended_date}, {'status': o.status, 'valid_from': o.ended_date, 'valid_to': NULL::DATE}]
    ELSE [{'status': o.status, 'valid_from': o.start_day, 'valid_to': NULL::DATE}] END) AS t(stretch)
)`;

export const subscriptionBounds = `SELECT min(lo) AS lo, max(hi) AS hi FROM (
  SELECT min(valid_from) AS lo, greatest(max(valid_from), max(valid_to) - 1) AS hi FROM main.subscription_history
  UNION ALL SELECT min(coalesce(effective_start_date, creation_date::DATE)), max(coalesce(effective_start_date, creation_date::DATE)) FROM main.subscriptions
  UNION ALL SELECT NULL, max(as_of)::DATE FROM main.freshness WHERE dataset IN ('subscriptions', 'subscription_history')
)`;

/**
 * The day each subscription started: the first day of its history. The history, not the subscription's
 * own dates, because a renewal moves `effectiveStartDate` to the new term while the history keeps the
 * day the subscription first existed.
 */
export const subscriptionStartsSql = `(
  SELECT subscription_id, min(valid_from) AS start_date FROM ${subscriptionHistorySql} GROUP BY subscription_id
)`;

/** Months in an ISO 8601 term (P1M → 1, P1Y → 12, P3Y → 36); NULL for anything else (usage-based plans). */
export function termMonthsSql(term: string): string {
  return `CASE WHEN regexp_full_match(${term}, 'P[0-9]+Y') THEN 12 * CAST(regexp_extract(${term}, '[0-9]+') AS INTEGER)
    WHEN regexp_full_match(${term}, 'P[0-9]+M') THEN CAST(regexp_extract(${term}, '[0-9]+') AS INTEGER) END`;
}
