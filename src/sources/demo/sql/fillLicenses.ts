import type { DemoWindow } from '../demoSettings.js';
import { ident, type Database } from '../../../warehouse/database.js';
import { licenseDaysParams, licenseDaysSql } from './licenseDays.js';
import { dateOf } from './rand.js';

/** Daily subscribed-SKU snapshots: sold = the subscription's quantity that day, assigned = deployed seats. */
export async function fillLicenseSnapshots(db: Database, target: string, runId: number, window: DemoWindow, first = window.start): Promise<number> {
  await db.run(
    `INSERT INTO ${ident(target)} (date, customer_id, sku_id, sku_name, sku_part_number, product, total_units, consumed_units, active_units,
       suspended_units, warning_units, capability_status, run_id)
     SELECT ${dateOf('l.d')}, l.customer_id, l.sku_id, l.sku_name, l.sku_part_number, l.sku_name, l.quantity, l.consumed,
       CASE WHEN l.status = 'active' THEN l.quantity ELSE 0 END, CASE WHEN l.status = 'suspended' THEN l.quantity ELSE 0 END, 0,
       CASE WHEN l.status = 'active' THEN 'Enabled' ELSE 'Suspended' END, ?
     FROM (${licenseDaysSql}) l`,
    [runId, ...licenseDaysParams(window, first)],
  );
  return db.value<number>(`SELECT count(*) FROM ${ident(target)}`);
}

/**
 * Partner Center's license deployment analytics (licenses sold and deployed per customer and product),
 * as processed at each month end and on the report date — read from the snapshots just generated.
 */
export async function fillLicenseDeployment(db: Database, target: string, snapshots: string, runId: number, window: DemoWindow): Promise<number> {
  await db.run(
    `INSERT INTO ${ident(target)} (date, customer_id, customer_name, product_id, product_name, service_code, licenses_deployed, licenses_sold, run_id)
     SELECT l.date, l.customer_id, c.name, l.sku_id, l.product, 'O365', l.consumed_units, l.total_units, ?
     FROM ${ident(snapshots)} l JOIN _demo_customers c ON c.id = l.customer_id
     WHERE l.date = last_day(l.date) OR l.date = ${dateOf('?')}`,
    [runId, window.end],
  );
  return db.value<number>(`SELECT count(*) FROM ${ident(target)}`);
}
