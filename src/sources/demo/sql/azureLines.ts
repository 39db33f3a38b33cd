import type { DemoWindow } from '../demoSettings.js';
import { ident, type Database } from '../../../warehouse/database.js';
import { dateOf, hashOf, rand } from './rand.js';

/**
 * Daily-rated Azure usage lines, one per resource and day it ran (two bound parameters: the window's
 * first and last day numbers), with every field the reconciliation file carries. Quantity follows the
 * meter's shape (always on, office hours, monthly rated daily, or varying) times the resource's trend
 * and any runaway stretch, rounded to 4 decimals; cost = quantity × the 8-decimal price in the
 * customer's billing currency — exact in DECIMAL, so a file and a table built from these rows agree to
 * the last digit.
 */
export const azureLinesSql = `
SELECT x.*, (x.quantity * x.price)::DECIMAL(38,12) AS cost, (x.quantity * x.price_usd)::DECIMAL(38,12) AS pricing_cost
FROM (
  SELECT r.*, ${dateOf('r.d')} AS usage_date,
    round(r.instances * r.base
      * CASE r.shape
          WHEN 'office-hours' THEN CASE WHEN isodow(${dateOf('r.d')}) >= 6 THEN 0.15 ELSE 1.0 END
          WHEN 'monthly' THEN 1.0 / day(last_day(${dateOf('r.d')}))
          WHEN 'variable' THEN CASE WHEN isodow(${dateOf('r.d')}) >= 6 THEN 0.6 ELSE 1.0 END * (0.7 + 0.6 * ${rand('r.salt', 'r.d', "'quantity'")})
          ELSE 1.0 END
      * greatest(0.2, 1.0 + r.growth * (r.d - r.first_day))
      * CASE WHEN r.d BETWEEN r.spike_start AND r.spike_end THEN r.spike_factor ELSE 1.0 END, 4)::DECIMAL(18,4) AS quantity
  FROM (
    SELECT r.*, w.first_day, unnest(range(greatest(r.start_day, w.first_day), least(r.end_day, w.last_day) + 1)) AS d
    FROM _demo_resources r CROSS JOIN (SELECT ?::INTEGER AS first_day, ?::INTEGER AS last_day) w
  ) r
) x
WHERE x.quantity > 0`;

/**
 * Azure usage as the warehouse keeps it (one row per line of a reconciliation file). `line_hash`
 * identifies the line, as the files source does for file lines, so publishing finds repeated lines
 * with a small aggregate instead of comparing every column.
 */
export async function fillAzureUsage(db: Database, target: string, runId: number, window: DemoWindow): Promise<number> {
  await db.run(
    `INSERT INTO ${ident(target)} (date, customer_id, customer_name, subscription_id, subscription_name, meter_id, meter_category,
       meter_subcategory, meter, service_name, service_category, region, resource_group, resource_id, charge_type, provider, currency, cost,
       effective_cost, list_cost, quantity, unit, tags, source_format, line_hash, run_id)
     SELECT usage_date, customer_id, customer_name, entitlement_id, entitlement_name, meter_id, category, subcategory, meter, service_name,
       service_category, meter_region, resource_group, resource_id, 'new', 'Microsoft', currency, cost, cost, cost, quantity::DOUBLE, unit, tags,
       'demo', ${hashOf('resource_id', 'meter_id', 'd')}, ?
     FROM (${azureLinesSql})
     -- In date order, as the stage becomes the table: a month's lines sit in few row groups (zone maps).
     ORDER BY usage_date`,
    [runId, window.start, window.end],
  );
  return db.value<number>(`SELECT count(*) FROM ${ident(target)}`);
}
