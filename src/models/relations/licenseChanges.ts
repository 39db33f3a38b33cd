import { defineRelation } from './relation.js';

// Day-over-day changes of sold units per customer and SKU: the difference with the same SKU's previous
// snapshot, one row per day a SKU's units changed. A SKU appearing after the first snapshot day is an
// addition of all its units; the first day of data is a starting point, not a change. Rows are read from
// the last snapshot before the periods so the first day of a period has its previous day.
export const licenseChanges = defineRelation({
  name: 'licenseChanges',
  description: 'Day-over-day additions and reductions of sold licenses per customer and SKU',
  time: { kind: 'event', column: 'date' },
  columns: ['date', 'customer_id', 'sku_id', 'sku', 'product', 'added_units', 'removed_units'],
  tables: ['license_snapshots'],
  bounds: 'SELECT min(date) AS lo, max(date) AS hi FROM main.license_snapshots',
  // Before the first snapshot nothing is known of additions or reductions: no data, not 0.
  knownFrom: 'SELECT min(date) FROM main.license_snapshots',
  // Changes are rare (a few a year per SKU): found once for all days, every later question is cheap.
  rollup: {
    table: 'agg_license_changes',
    grain: 'day',
    get select() {
      return `SELECT * FROM ${changes('(SELECT min(date) FROM main.license_snapshots)', '(SELECT max(date) FROM main.license_snapshots)')} c ORDER BY date`;
    },
    columns: ['date', 'customer_id', 'sku_id', 'sku', 'product', 'added_units', 'removed_units'],
    sources: ['license_snapshots'],
  },
  build({ lo, hi, rollup }) {
    return rollup ?? changes(lo, hi);
  },
});

function changes(lo: string, hi: string): string {
  return `(SELECT date, customer_id, sku_id, sku, product, greatest(delta, 0) AS added_units, greatest(-delta, 0) AS removed_units
      FROM (
        SELECT f.date, f.customer_id, f.sku_id, coalesce(f.sku_name, f.sku_part_number, f.sku_id) AS sku, f.product,
          f.total_units - coalesce(lag(f.total_units) OVER w, 0) AS delta,
          lag(f.date) OVER w AS previous_date
        FROM main.license_snapshots f
        WHERE f.date BETWEEN coalesce((SELECT max(date) FROM main.license_snapshots WHERE date < ${lo}), ${lo}) AND ${hi}
        WINDOW w AS (PARTITION BY f.customer_id, f.sku_id ORDER BY f.date)
      )
      WHERE delta <> 0 AND NOT (previous_date IS NULL AND date = (SELECT min(date) FROM main.license_snapshots)))`;
}
