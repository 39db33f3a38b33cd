import { defineRelation } from './relation.js';
import { subscriptionBounds, subscriptionStartsSql } from './subscriptionHistory.js';

// Things that happen to subscriptions on a day: a subscription starts (`new`, on the first day of its
// history), or a trial converts (`conversion`). A trial converts when the same customer starts a paid
// subscription of the same product (same offer, or the same name without a "Trial" suffix) between the
// trial's start and 30 days after it ended; the conversion is dated on the paid subscription's start,
// and counted once per trial.
const family = (alias: string) =>
  `regexp_replace(lower(trim(coalesce(${alias}.product, ${alias}.offer_name, ''))), '[\\s(\\[-]*trial[)\\]]?\\s*$', '')`;

export const subscriptionEvents = defineRelation({
  name: 'subscriptionEvents',
  description: 'Subscription starts and trial conversions, dated',
  time: { kind: 'event', column: 'date' },
  columns: ['event', 'date', 'subscription_id', 'customer_id', 'product', 'billing_type', 'status', 'term', 'is_trial'],
  tables: ['subscriptions', 'subscription_history', 'freshness'],
  bounds: subscriptionBounds,
  build() {
    return `(WITH subs AS (
        SELECT s.*, st.start_date, ${family('s')} AS family
        FROM main.subscriptions s JOIN ${subscriptionStartsSql} st USING (subscription_id)
      )
      SELECT 'new' AS event, start_date AS date, subscription_id, customer_id, product, billing_type, status,
        term_duration AS term, is_trial
      FROM subs
      UNION ALL
      SELECT 'conversion', p.start_date, p.subscription_id, p.customer_id, p.product, p.billing_type, p.status,
        p.term_duration, p.is_trial
      FROM subs t
      JOIN subs p ON p.customer_id = t.customer_id AND (p.family = t.family OR p.offer_id = t.offer_id)
        AND NOT coalesce(p.is_trial, false)
        AND p.start_date >= t.start_date
        AND p.start_date <= coalesce(t.ended_date, t.commitment_end_date, t.start_date + 30) + 30
      WHERE t.is_trial
      QUALIFY row_number() OVER (PARTITION BY t.subscription_id ORDER BY p.start_date, p.subscription_id) = 1)`;
  },
});
