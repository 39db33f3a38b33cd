import { defineRelation } from './relation.js';
import { subscriptionBounds, subscriptionHistorySql } from './subscriptionHistory.js';

// When customers arrive and leave. A customer is new on the day its first subscription starts (from the
// subscriptions themselves: history may only begin with the first pull). It churns on the first day with
// no active or suspended subscription left: the stretches of each customer's active/suspended history are
// merged into islands, and every island that has ended is a churn, with the products that ended with it.
export const customerEvents = defineRelation({
  name: 'customerEvents',
  description: 'Customers becoming customers (first subscription) and churning (last active subscription ended)',
  time: { kind: 'event', column: 'date' },
  columns: ['event', 'date', 'customer_id', 'product'],
  tables: ['subscriptions', 'subscription_history', 'freshness'],
  bounds: subscriptionBounds,
  build() {
    return `(WITH firsts AS (
        SELECT s.customer_id, coalesce(s.creation_date::DATE, s.effective_start_date) AS start_date, s.product,
          min(coalesce(s.creation_date::DATE, s.effective_start_date)) OVER (PARTITION BY s.customer_id) AS first_date
        FROM main.subscriptions s
      ),
      held AS (
        SELECT h.customer_id, h.subscription_id, h.valid_from, coalesce(h.valid_to, DATE 'infinity') AS valid_to
        FROM ${subscriptionHistorySql} h WHERE h.status IN ('active', 'suspended')
      ),
      ordered AS (
        SELECT *, max(valid_to) OVER (PARTITION BY customer_id ORDER BY valid_from, valid_to
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_end
        FROM held
      ),
      islands AS (
        SELECT *, sum(CASE WHEN before_end IS NULL OR valid_from > before_end THEN 1 ELSE 0 END)
          OVER (PARTITION BY customer_id ORDER BY valid_from, valid_to ROWS UNBOUNDED PRECEDING) AS island
        FROM ordered
      ),
      island_ends AS (SELECT customer_id, island, max(valid_to) AS island_end FROM islands GROUP BY ALL)
      SELECT DISTINCT 'new' AS event, first_date AS date, customer_id, product FROM firsts WHERE start_date = first_date
      UNION ALL
      SELECT DISTINCT 'churn', e.island_end, e.customer_id, sub.product
      FROM island_ends e
      JOIN islands i ON i.customer_id = e.customer_id AND i.island = e.island AND i.valid_to = e.island_end
      LEFT JOIN main.subscriptions sub ON sub.subscription_id = i.subscription_id
      WHERE e.island_end < DATE 'infinity')`;
  },
});
