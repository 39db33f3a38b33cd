import { defineRelation } from './relation.js';
import { subscriptionBounds, subscriptionHistorySql, termMonthsSql } from './subscriptionHistory.js';

// Every subscription as it stood on the last day of each period (`as_of`), with the end of the term in
// force then. Terms renew on the day after `commitment_end_date`, every `term` months, so the term end
// after an earlier date is found by stepping back from the current one: the next renewal R > as_of is
// anchor + j·term months (anchor = commitment end + 1 day), and the term ends the day before R.
export const subscriptionStatus = defineRelation({
  name: 'subscriptionStatus',
  description: 'Subscriptions as of the last day of each period, with their status, quantity and term end then',
  time: { kind: 'interval' },
  columns: [
    'subscription_id', 'customer_id', 'status', 'quantity', 'auto_renew', 'product', 'billing_type', 'term', 'is_trial',
    'commitment_end_date', 'term_end', 'days_to_term_end', 'as_of',
  ],
  tables: ['subscription_history', 'subscriptions', 'freshness'],
  bounds: subscriptionBounds,
  build({ spine, needs }) {
    const anchor = '(x.commitment_end_date + 1)';
    const months = 'x.term_months';
    const candidate = `(${anchor} + to_months(CAST(ceil(datediff('month', ${anchor}, x.as_of) / ${months}) AS INTEGER) * ${months}))::DATE`;
    const termEnd = `CASE WHEN ${months} IS NULL OR x.commitment_end_date IS NULL THEN NULL
      WHEN ${candidate} > x.as_of THEN ${candidate} - 1
      ELSE (${candidate} + to_months(${months}))::DATE - 1 END`;
    // Per subscription once (not per period and stretch): what the term is.
    const subscriptions = `(SELECT subscription_id, product, billing_type, term_duration AS term, is_trial, commitment_end_date,
        ${termMonthsSql('term_duration')} AS term_months FROM main.subscriptions)`;
    const history = `FROM ${spine} s
        JOIN ${subscriptionHistorySql} h ON h.valid_from <= s.we AND coalesce(h.valid_to, DATE 'infinity') > s.we`;
    const stood = 's.k, s.we AS as_of, h.subscription_id, h.customer_id, h.status, h.quantity, h.auto_renew';
    // What the subscription's term adds. Counting customers or subscriptions needs none of it: the join
    // with 14 k subscriptions per period is skipped.
    const terms = ['product', 'billing_type', 'term', 'is_trial', 'commitment_end_date'];
    if (![...terms, 'term_end', 'days_to_term_end'].some((c) => needs.has(c))) return `SELECT ${stood}
        ${history}`;
    const rows = `SELECT ${stood},
          ${terms.map((c) => `sub.${c}`).join(', ')}, sub.term_months
        ${history}
        LEFT JOIN ${subscriptions} sub ON sub.subscription_id = h.subscription_id`;
    // The term arithmetic only when a term end is asked for.
    if (!needs.has('term_end') && !needs.has('days_to_term_end')) return `SELECT x.* EXCLUDE (term_months) FROM (${rows}) x`;
    return `SELECT y.*, y.term_end - y.as_of AS days_to_term_end FROM (
      SELECT x.* EXCLUDE (term_months), ${termEnd} AS term_end FROM (${rows}) x
    ) y`;
  },
});
