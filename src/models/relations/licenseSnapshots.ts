import { defineRelation } from './relation.js';

// Subscribed SKUs per customer on the last snapshot day of each period: sold (total units) and assigned
// (consumed units). Users active in the last 28 days come from Partner Center's license usage analytics,
// whose product id is the SKU id; it is reported per workload, and a product's active users are those of
// its busiest workload (a user active anywhere is active in at least one; counting each workload would
// count a user several times). Taken from the last usage snapshot of the same period.
export const licenseSnapshots = defineRelation({
  name: 'licenseSnapshots',
  description: 'Licenses sold, assigned and active per customer and SKU, as of the last snapshot of each period',
  time: { kind: 'snapshot', table: 'license_snapshots', column: 'date' },
  columns: ['date', 'customer_id', 'sku_id', 'sku', 'sku_part_number', 'product', 'total_units', 'consumed_units', 'active_users'],
  tables: ['license_snapshots', 'workload_usage'],
  bounds: 'SELECT min(date) AS lo, max(date) AS hi FROM main.license_snapshots',
  // Each calendar month's last snapshot with its active users, worked out once: a month's rows are then read
  // as they are, where a query by month would find each month's last day in 10 M usage rows and join.
  rollup: {
    table: 'agg_license_months',
    grain: 'monthEnd',
    columns: ['month', 'date', 'customer_id', 'sku_id', 'sku', 'sku_part_number', 'product', 'total_units', 'consumed_units', 'active_users'],
    sources: ['license_snapshots', 'workload_usage'],
  },
  build({ dates, spine, needs, snapshotDays }) {
    const rows = `SELECT d.k, f.* EXCLUDE (active_units), coalesce(f.sku_name, f.sku_part_number, f.sku_id) AS sku`;
    if (!needs.has('active_users')) return `${rows} FROM ${dates} d JOIN main.license_snapshots f ON f.date = d.d`;
    return `${rows}, u.active_users
    FROM ${dates} d JOIN main.license_snapshots f ON f.date = d.d
    LEFT JOIN (
      SELECT ud.k, w.customer_id, w.product_id, max(w.licenses_active) AS active_users
      FROM (
        SELECT s.k, max(x.date) AS d FROM ${spine} s
        JOIN ${snapshotDays('workload_usage')} x ON x.date BETWEEN s.ws AND s.we
        GROUP BY s.k
      ) ud JOIN main.workload_usage w ON w.date = ud.d
      GROUP BY ALL
    ) u ON u.k = d.k AND u.customer_id = f.customer_id AND u.product_id = f.sku_id`;
  },
});
