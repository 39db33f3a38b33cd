import { defineRelation } from './relation.js';

// Partner Center analytics: 28-day active and qualified users per customer, workload and product. The
// counts are already rolling 28-day figures, so a period shows its last snapshot (semi-additive).
export const workloadUsage = defineRelation({
  name: 'workloadUsage',
  description: '28-day active and qualified users per customer, workload and product (last snapshot of the period)',
  time: { kind: 'snapshot', table: 'workload_usage', column: 'date' },
  columns: ['date', 'customer_id', 'customer_name', 'workload', 'product_id', 'product', 'licenses_active', 'licenses_qualified'],
  customerName: 'customer_name',
  tables: ['workload_usage'],
  bounds: 'SELECT min(date) AS lo, max(date) AS hi FROM main.workload_usage',
  build({ dates }) {
    return `SELECT d.k, f.*, coalesce(f.product_name, f.product_id) AS product
    FROM ${dates} d JOIN main.workload_usage f ON f.date = d.d`;
  },
});
