import { defineRelation } from './relation.js';
import { subscriptionBounds, subscriptionHistorySql, subscriptionStartsSql } from './subscriptionHistory.js';

// When customers arrive and leave. A customer is new on the day its first subscription starts (the first
// day of that subscription's history). It churns on the first day with no active or suspended
// subscription left: the end of a stretch of such a status that no other stretch of the customer's
// covers (one starting that very day continues it), with the products that ended then.
export const customerEvents = defineRelation({
  name: 'customerEvents',
  description: 'Customers becoming customers (first subscription) and churning (last active subscription ended)',
  time: { kind: 'event', column: 'date' },
  columns: ['event', 'date', 'customer_id', 'product'],
  tables: ['subscriptions', 'subscription_history', 'freshness'],
  bounds: subscriptionBounds,
  // Events are rare (two per customer at most): found once per change of the subscriptions, then read as they are.
  rollup: {
    table: 'agg_customer_events',
    grain: 'day',
    get select() {
      return `SELECT * FROM ${events()} e ORDER BY date`;
    },
    columns: ['event', 'date', 'customer_id', 'product'],
    sources: ['subscriptions', 'subscription_history'],
  },
  build({ rollup }) {
    return rollup ?? events();
  },
});

function events(): string {
  return `(WITH firsts AS (
      SELECT s.customer_id, st.start_date, s.product,
        min(st.start_date) OVER (PARTITION BY s.customer_id) AS first_date
      FROM main.subscriptions s JOIN ${subscriptionStartsSql} st USING (subscription_id)
    ),
    held AS (
      SELECT h.customer_id, h.subscription_id, h.valid_from, h.valid_to
      FROM ${subscriptionHistorySql} h WHERE h.status IN ('active', 'suspended')
    )
    SELECT DISTINCT 'new' AS event, first_date AS date, customer_id, product FROM firsts WHERE start_date = first_date
    UNION ALL
    SELECT DISTINCT 'churn', e.valid_to, e.customer_id, sub.product
    FROM held e
    LEFT JOIN main.subscriptions sub ON sub.subscription_id = e.subscription_id
    WHERE e.valid_to IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM held o
        WHERE o.customer_id = e.customer_id AND o.valid_from <= e.valid_to AND (o.valid_to IS NULL OR o.valid_to > e.valid_to)
      ))`;
}
