import type { DemoWindow } from '../demoSettings.js';
import { ident, type Database } from '../../../warehouse/database.js';
import { dateOf, guidOf, hashOf, rand } from './rand.js';

/** Routine user administration: (operation, resource type, cumulative share). */
const routine = [
  ['resetCustomerUserPassword', 'customerUser', 0.25],
  ['addCustomerUser', 'customerUser', 0.45],
  ['updateCustomerUserLicenses', 'license', 0.7],
  ['removeCustomerUser', 'customerUser', 0.8],
  ['updateCustomerUserPrincipalName', 'customerUser', 0.86],
  ['createCustomerServiceRequest', 'serviceRequest', 0.94],
  ['updateCustomerBillingProfile', 'customer', 1.0],
] as const;

/**
 * Audit records: the partner's changes that show in the data (from the dimension events) plus routine
 * user administration at each customer — up to three operations a customer-day, likelier at bigger
 * customers, during office hours; about 3 % fail and a few are still in progress.
 */
export async function fillActivity(db: Database, target: string, runId: number, window: DemoWindow): Promise<number> {
  const columns = `record_id, operation_date, customer_id, customer_name, user_principal_name, application_id, resource_type, operation_type,
    operation_status, resource_old_value, resource_new_value, customized_data, run_id`;
  await db.run(
    `INSERT INTO ${ident(target)} (${columns})
     SELECT id, ${dateOf('day')}::TIMESTAMP + to_seconds(second), customer_id, customer_name, upn, application_id, resource_type, operation_type,
       status, old_value, new_value, customized, ? FROM _demo_events`,
    [runId],
  );
  // The operations that happen are drawn first (a small table), so the other draws are made for them
  // only, not for every candidate customer-day.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE _demo_operations AS
     SELECT * FROM (
       SELECT c.id, c.name, c.domain, c.salt, c.staff, k,
         unnest(range(greatest(c.since, w.first_day), least(coalesce(c.churned_on, w.last_day + 1), w.last_day + 1))) AS d
       FROM _demo_customers c CROSS JOIN (SELECT ?::INTEGER AS first_day, ?::INTEGER AS last_day) w CROSS JOIN range(3) t(k)
     )
     WHERE ${rand('salt', 'd', 'k', "'happens'")} < least(0.6, 0.02 + staff / 2500.0) * CASE WHEN isodow(${dateOf('d')}) >= 6 THEN 0.15 ELSE 1.0 END`,
    [window.start, window.end],
  );
  const operation = `CASE ${routine.map(([op, , upTo]) => `WHEN o.r_pick < ${upTo} THEN '${op}'`).join(' ')} END`;
  const resource = `CASE ${routine.map(([, type, upTo]) => `WHEN o.r_pick < ${upTo} THEN '${type}'`).join(' ')} END`;
  await db.run(
    `INSERT INTO ${ident(target)} (${columns})
     SELECT ${guidOf('o.salt', 'o.d', 'o.k', "'audit'")}, ${dateOf('o.d')}::TIMESTAMP + to_seconds(28800 + floor(o.r_time * 36000)::INTEGER),
       o.id, o.name, s.upn, NULL, ${resource}, ${operation},
       CASE WHEN o.r_status < 0.03 THEN 'failed' WHEN o.r_status < 0.035 THEN 'progress' ELSE 'succeeded' END,
       NULL, NULL,
       json_object('CustomerId', o.id, 'UserPrincipalName', f.slug || '.' || l.slug || '@' || o.domain)::VARCHAR, ?
     FROM (
       SELECT *, ${rand('salt', 'd', 'k', "'operation'")} AS r_pick, ${rand('salt', 'd', 'k', "'status'")} AS r_status,
         ${rand('salt', 'd', 'k', "'time'")} AS r_time,
         (${hashOf('salt', 'd', 'k', "'staff'")} % (SELECT count(*) FROM _demo_staff))::INTEGER AS staff_i,
         (${hashOf('salt', 'd', 'k', "'first'")} % (SELECT count(*) FROM _demo_first_names))::INTEGER AS first_i,
         (${hashOf('salt', 'd', 'k', "'last'")} % (SELECT count(*) FROM _demo_last_names))::INTEGER AS last_i
       FROM _demo_operations
     ) o
     JOIN _demo_staff s ON s.i = o.staff_i
     JOIN _demo_first_names f ON f.i = o.first_i
     JOIN _demo_last_names l ON l.i = o.last_i`,
    [runId],
  );
  await db.run('DROP TABLE _demo_operations');
  return db.value<number>(`SELECT count(*) FROM ${ident(target)}`);
}
