import type { DemoWindow } from '../demoSettings.js';
import { ident, type Database } from '../../../warehouse/database.js';
import { licenseDaysParams, licenseDaysSql } from './licenseDays.js';
import { dateOf, rand } from './rand.js';

/**
 * Partner Center's 28-day active and qualified users per customer, workload and product, daily.
 * Qualified = users holding a licence that includes the workload (the SKU's assigned units); active =
 * a share of them set by the workload, the customer's engagement and (for Teams) adoption growing over
 * the window. New subscriptions ramp up over their first 28 days; suspended ones have no active users.
 * Customers flagged `overuse` report more active than qualified users on busy workloads, as Partner
 * Center does when users are counted from several licences.
 */
export async function fillWorkloadUsage(db: Database, target: string, runId: number, window: DemoWindow, first = window.start): Promise<number> {
  const adoption = `CASE WHEN w.workload = 'teams' THEN 0.85 + 0.15 * (l.d - l.window_start) / greatest(1, l.last_day - l.window_start) ELSE 1.0 END`;
  const ramp = `least(1.0, (l.d - l.created + 1) / 28.0)`;
  const rate = `(w.base_rate * (0.55 + 0.45 * l.engagement) * ${adoption} * ${ramp} * CASE WHEN l.overuse THEN 1.35 ELSE 1.0 END
    + (${rand('l.salt', 'l.d', 'w.workload', "'active'")} - 0.5) * 0.04)`;
  await db.run(
    `INSERT INTO ${ident(target)} (date, customer_id, customer_name, workload, workload_code, workload_name, service_code, product_id,
       product_name, licenses_active, licenses_qualified, run_id)
     SELECT ${dateOf('l.d')}, l.customer_id, l.customer_name, w.workload, w.code, w.name, w.service, l.sku_id, l.sku_name,
       CASE WHEN l.status = 'suspended' THEN 0
            ELSE round(l.consumed * greatest(0.0, least(CASE WHEN l.overuse THEN 1.4 ELSE 1.0 END, ${rate})))::INTEGER END,
       l.consumed, ?
     FROM (${licenseDaysSql}) l JOIN _demo_sku_workloads w ON w.sku_ord = l.sku_ord`,
    [runId, ...licenseDaysParams(window, first)],
  );
  return db.value<number>(`SELECT count(*) FROM ${ident(target)}`);
}
