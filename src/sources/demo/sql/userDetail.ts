import { ident, type Database } from '../../../warehouse/database.js';
import { firstNames, lastNames } from '../catalog/peopleNames.js';
import { consumedSql } from './licenseDays.js';
import { dateOf, hashOf, rand } from './rand.js';

/** Graph's per-user workloads, the licence flag that enables each, and how likely a user is to use it. */
const graphWorkloads = [
  { column: 'exchange', licence: 'has_exchange', use: 0.97 },
  { column: 'onedrive', licence: 'has_sharepoint', use: 0.75 },
  { column: 'sharepoint', licence: 'has_sharepoint', use: 0.55 },
  { column: 'skype', licence: 'has_skype', use: 0.05 },
  { column: 'yammer', licence: 'has_yammer', use: 0.15 },
  { column: 'teams', licence: 'has_teams', use: 0.88 },
] as const;

/**
 * The Microsoft 365 active-user detail on the report date (three bound parameters: report day, number
 * of first names, number of last names), one row per user of each current customer.
 *
 * Users are numbered per customer. Each suite SKU's assigned units go to a consecutive block of users
 * (one suite per user); add-on units go to the first users; so the number of users holding a SKU is
 * exactly that SKU's assigned units in the day's snapshot. A few unlicensed accounts and recently deleted
 * users follow. Each licensed user falls in one activity class — active in the last 28 days, last seen
 * 30–59, 60–89 or 90+ days ago, or never — with the inactive shares larger at less engaged customers;
 * the class fixes the most recent activity date, other workloads are used less recently or not at all.
 */
export const userDetailSql = `
WITH params AS (SELECT ?::INTEGER AS a, ?::INTEGER AS n_first, ?::INTEGER AS n_last),
holding AS (
  SELECT t.customer_id, k.sku_ord AS ord, k.kind, k.graph_name, k.has_exchange, k.has_sharepoint, k.has_teams, k.has_yammer, k.has_skype, t.created,
         ${consumedSql({ quantity: 't.quantity', day: 'p.a', created: 't.created', deployment: 't.deployment', salt: 't.salt' })} AS n
  FROM _demo_licence_stretches t JOIN _demo_skus k ON k.sku_ord = t.sku_ord CROSS JOIN params p
  WHERE t.valid_from <= p.a AND (t.valid_to IS NULL OR t.valid_to > p.a)
),
placed AS (
  SELECT *, CASE WHEN kind = 'suite'
    THEN coalesce(sum(n) OVER (PARTITION BY customer_id, kind ORDER BY ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) ELSE 0 END AS first_user
  FROM holding
),
sizes AS (
  SELECT c.id AS customer_id, c.salt, c.domain, c.engagement,
    greatest(coalesce(max(h.first_user + h.n) FILTER (WHERE h.kind = 'suite'), 0), coalesce(max(h.n) FILTER (WHERE h.kind = 'addon'), 0))::INTEGER AS licensed
  FROM _demo_customers c CROSS JOIN params p LEFT JOIN placed h ON h.customer_id = c.id
  WHERE c.churned_on IS NULL AND c.since <= p.a
  GROUP BY c.id, c.salt, c.domain, c.engagement
),
people AS (
  SELECT *, unnest(range(licensed + unlicensed + deleted)) AS u
  FROM (SELECT *, (licensed * 0.05)::INTEGER + 1 AS unlicensed, (licensed * 0.03)::INTEGER AS deleted FROM sizes)
),
named AS (
  SELECT p.*, f.name AS first_name, f.slug AS first_slug, l.name AS last_name, l.slug AS last_slug
  FROM (SELECT people.*, (${hashOf('people.salt', 'people.u', "'first'")} % params.n_first)::INTEGER AS first_i,
          (${hashOf('people.salt', 'people.u', "'last'")} % params.n_last)::INTEGER AS last_i FROM people CROSS JOIN params) p
  JOIN _demo_first_names f ON f.i = p.first_i
  JOIN _demo_last_names l ON l.i = p.last_i
),
products AS (
  SELECT n.customer_id, n.u, string_agg(h.graph_name, '+' ORDER BY h.ord) AS assigned_products, min(h.created) AS assigned_day,
    bool_or(h.has_exchange) AS has_exchange, bool_or(h.has_sharepoint) AS has_sharepoint, bool_or(h.has_teams) AS has_teams,
    bool_or(h.has_yammer) AS has_yammer, bool_or(h.has_skype) AS has_skype
  FROM named n JOIN placed h ON h.customer_id = n.customer_id AND n.u >= h.first_user AND n.u < h.first_user + h.n
  GROUP BY n.customer_id, n.u
),
users AS (
  SELECT n.customer_id, n.u, n.salt, n.domain, n.engagement, n.first_name, n.last_name, n.first_slug, n.last_slug,
    n.u >= n.licensed + n.unlicensed AS is_deleted, pr.assigned_products, pr.assigned_day,
    coalesce(pr.has_exchange, false) AS has_exchange, coalesce(pr.has_sharepoint, false) AS has_sharepoint, coalesce(pr.has_teams, false) AS has_teams,
    coalesce(pr.has_yammer, false) AS has_yammer, coalesce(pr.has_skype, false) AS has_skype,
    ${rand('n.salt', 'n.u', "'class'")} AS r_class, ${rand('n.salt', 'n.u', "'recent'")} AS r_recent,
    row_number() OVER (PARTITION BY n.customer_id, n.first_slug, n.last_slug ORDER BY n.u) AS same_name
  FROM named n LEFT JOIN products pr ON pr.customer_id = n.customer_id AND pr.u = n.u
),
classed AS (
  SELECT *,
    CASE WHEN is_deleted OR assigned_products IS NULL THEN 'never'
         WHEN r_class < 0.03 + (1 - engagement) * 0.08 THEN 'never'
         WHEN r_class < 0.06 + (1 - engagement) * 0.18 THEN '90+'
         WHEN r_class < 0.08 + (1 - engagement) * 0.23 THEN '60-89'
         WHEN r_class < 0.11 + (1 - engagement) * 0.29 THEN '30-59'
         ELSE 'active' END AS activity_class,
    CASE WHEN has_exchange THEN 'exchange' WHEN has_teams THEN 'teams' WHEN has_sharepoint THEN 'onedrive'
         WHEN has_yammer THEN 'yammer' WHEN has_skype THEN 'skype' END AS main_workload
  FROM users
),
dated AS (
  SELECT *, CASE activity_class WHEN 'active' THEN floor(r_recent * 28) WHEN '30-59' THEN 30 + floor(r_recent * 30)
    WHEN '60-89' THEN 60 + floor(r_recent * 30) WHEN '90+' THEN 90 + floor(r_recent * 300) END::INTEGER AS recent
  FROM classed
)
SELECT d.customer_id, p.a AS report_day,
  d.first_slug || '.' || d.last_slug || CASE WHEN d.same_name > 1 THEN d.same_name::VARCHAR ELSE '' END || '@' || d.domain AS upn,
  d.first_name || ' ' || d.last_name AS display_name, d.is_deleted,
  CASE WHEN d.is_deleted THEN p.a - floor(${rand('d.salt', 'd.u', "'deleted'")} * 25)::INTEGER END AS deleted_day,
  d.assigned_products, d.assigned_day, d.activity_class,
  d.has_exchange, d.has_sharepoint AS has_onedrive, d.has_sharepoint, d.has_skype, d.has_yammer, d.has_teams,
  ${graphWorkloads.map((w) => `CASE WHEN NOT d.${w.licence} OR d.recent IS NULL OR d.main_workload IS NULL THEN NULL
       WHEN d.main_workload = '${w.column}' THEN p.a - d.recent
       WHEN ${rand('d.salt', 'd.u', `'use-${w.column}'`)} < ${w.use} THEN p.a - d.recent - floor(${rand('d.salt', 'd.u', `'lag-${w.column}'`)} * 40)::INTEGER
       END AS ${w.column}_last`).join(',\n  ')}
FROM dated d CROSS JOIN params p`;

export const userDetailParams = (reportDay: number) => [reportDay, firstNames.length, lastNames.length];

/** Graph's active-user detail into `user_activity` (as of the report date). */
export async function fillUserActivity(db: Database, target: string, runId: number, reportDay: number): Promise<number> {
  await db.run(
    `INSERT INTO ${ident(target)} (report_date, customer_id, upn, display_name, is_deleted, deleted_date, assigned_products, exchange_last,
       onedrive_last, sharepoint_last, skype_last, yammer_last, teams_last, run_id)
     SELECT ${dateOf('report_day')}, customer_id, upn, display_name, is_deleted, ${dateOf('deleted_day')}, assigned_products,
       ${['exchange', 'onedrive', 'sharepoint', 'skype', 'yammer', 'teams'].map((w) => dateOf(`${w}_last`)).join(', ')}, ?
     FROM (${userDetailSql})`,
    [runId, ...userDetailParams(reportDay)],
  );
  return db.value<number>(`SELECT count(*) FROM ${ident(target)}`);
}
