import { defineRelation } from './relation.js';

// Licensed users and how long since they last did anything, from the Microsoft 365 active-user detail
// report. Each customer's report has its own refresh date: a period takes each customer's last report in
// it, and days are counted back from that report's date, never from the wall clock. A user holds one
// license per assigned product (Graph joins several with '+': split once, trimmed, into a list sorted by
// code point): one row per user, or one per user and product when products are asked for; `licenses`
// counts what the row holds either way. Users holding nothing are left out, as they are when products are
// listed. A user is counted by its report row (`user_key`): a period reads one report per customer, so a
// row is a user there, and integers count faster than names.
const workloads = ['exchange_last', 'onedrive_last', 'sharepoint_last', 'skype_last', 'yammer_last', 'teams_last'];

const perUserColumns = [
  'report_date', 'customer_id', 'upn', 'display_name', 'is_deleted', 'user_key', 'combination', 'assigned_products', 'last_activity',
  'licenses', 'days_inactive', 'licensed', 'inactive',
] as const;

export const userLicenses = defineRelation({
  name: 'userLicenses',
  description: 'Users (per assigned product when asked) with their last activity in any workload, as of each customer\'s last report',
  time: { kind: 'snapshot', table: 'user_activity', column: 'report_date', perCustomer: true },
  columns: [
    'report_date', 'customer_id', 'upn', 'user_key', 'display_name', 'product', 'assigned_products', 'licenses', 'last_activity',
    'days_inactive', 'licensed', 'inactive',
  ],
  tables: ['user_activity'],
  bounds: 'SELECT min(report_date) AS lo, max(report_date) AS hi FROM main.user_activity',
  // Each user's last activity and licences, worked out once per change of the reports (454 k users on a
  // 5,000-customer partner): queries then only pick each customer's report and count.
  rollup: {
    table: 'agg_user_licenses',
    grain: 'day',
    get select() {
      return `${perUser()} ORDER BY report_date, customer_id`;
    },
    columns: [...perUserColumns],
    sources: ['user_activity'],
  },
  build({ dates, needs, rollup }) {
    const users = rollup ?? `(${perUser()})`;
    // Users share a handful of product combinations: unnest each combination's list once, then join.
    const split = needs.has('product')
      ? `JOIN (SELECT c.combination, unnest(c.assigned_products) AS product, 1 AS licenses
          FROM (SELECT DISTINCT combination, assigned_products FROM ${users}) c) p ON p.combination = u.combination`
      : '';
    return `(SELECT d.k, u.* EXCLUDE (combination${split ? ', licenses' : ''})${split ? ', p.product, p.licenses' : ''}
      FROM ${dates} d JOIN ${users} u ON u.report_date = d.d AND u.customer_id = d.customer_id
      ${split})`;
  },
});

/** One row per user holding a licence in each report: last activity in any workload, licences held. */
function perUser(): string {
  return `SELECT x.*, x.report_date - x.last_activity AS days_inactive,
      NOT coalesce(x.is_deleted, false) AND x.licenses > 0 AS licensed,
      x.last_activity IS NULL OR x.report_date - x.last_activity >= 30 AS inactive
    FROM (
      SELECT p.*, coalesce(len(p.assigned_products), 0) AS licenses
      FROM (
        SELECT u.report_date, u.customer_id, u.upn, u.display_name, u.is_deleted, u.rowid AS user_key,
          u.assigned_products AS combination,
          list_sort(list_filter(list_transform(string_split(u.assigned_products, '+'), lambda p: trim(p)), lambda p: p <> '')) AS assigned_products,
          greatest(${workloads.map((w) => `u.${w}`).join(', ')}) AS last_activity
        FROM main.user_activity u
      ) p
    ) x
    WHERE x.licenses > 0`;
}
