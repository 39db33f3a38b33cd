import { defineRelation, type RelationContext } from './relation.js';
import { subscriptionStatus } from './subscriptionStatus.js';

// Licenses a partner can still reduce: new-commerce terms only shrink at renewal, so what matters is the
// unassigned licenses (sold − assigned, per customer and product, at the period's last snapshot) on
// active, auto-renewing, license-based subscriptions whose term ends within 30 days of the period's last
// day — at most the units renewing. Subscriptions and SKUs meet on the product name.
export const renewals = defineRelation({
  name: 'renewals',
  description: 'Unassigned licenses on subscriptions renewing within 30 days, per customer and product',
  time: { kind: 'window' },
  columns: ['customer_id', 'product', 'unassigned_units', 'renewing_units', 'reducible_units'],
  tables: ['license_snapshots', ...subscriptionStatus.tables],
  bounds: 'SELECT min(date) AS lo, max(date) AS hi FROM main.license_snapshots',
  // Each calendar month's renewals, worked out once: a trend by month would otherwise find every
  // subscription's term end as of twelve month ends (94 k rows on a 5,000-customer partner, ~200 ms).
  rollup: {
    table: 'agg_renewal_months',
    grain: 'monthEnd',
    columns: ['month', 'customer_id', 'product', 'unassigned_units', 'renewing_units', 'reducible_units'],
    sources: ['license_snapshots', ...subscriptionStatus.tables],
  },
  build(context: RelationContext) {
    const { spine, snapshotDays } = context;
    // Unassigned units are summed only for the (customer, product) pairs that renew in the period.
    return `(WITH snapshot_days AS (
        SELECT s.k, max(x.date) AS d FROM ${spine} s
        JOIN ${snapshotDays('license_snapshots')} x ON x.date BETWEEN s.ws AND s.we
        GROUP BY s.k
      ),
      renewing AS (
        SELECT r.k, r.customer_id, r.product, sum(r.quantity) AS units
        FROM (${subscriptionStatus.build({ ...context, needs: new Set(['days_to_term_end']) })}) r
        WHERE r.status = 'active' AND r.auto_renew AND coalesce(r.billing_type, 'license') = 'license'
          AND r.days_to_term_end BETWEEN 0 AND 30
        GROUP BY ALL
      ),
      unassigned AS (
        SELECT sd.k, f.customer_id, f.product, sum(f.total_units) - sum(f.consumed_units) AS units
        FROM snapshot_days sd JOIN main.license_snapshots f ON f.date = sd.d
        SEMI JOIN renewing r ON r.k = sd.k AND r.customer_id = f.customer_id AND r.product = f.product
        GROUP BY ALL
      )
      SELECT u.k, u.customer_id, u.product, greatest(u.units, 0) AS unassigned_units, r.units AS renewing_units,
        least(greatest(u.units, 0), r.units) AS reducible_units
      FROM unassigned u JOIN renewing r ON r.k = u.k AND r.customer_id = u.customer_id AND r.product = u.product)`;
  },
});
