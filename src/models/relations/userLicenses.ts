import { defineRelation } from './relation.js';

// Licensed users and how long since they last did anything, from the Microsoft 365 active-user detail
// report. Each customer's report has its own refresh date: a period takes each customer's last report in
// it, and days are counted back from that report's date, never from the wall clock. One row per user and
// assigned product (Graph joins several with '+'), so a user holding two products holds two licenses.
const workloads = ['exchange_last', 'onedrive_last', 'sharepoint_last', 'skype_last', 'yammer_last', 'teams_last'];

export const userLicenses = defineRelation({
  name: 'userLicenses',
  description: 'Users per assigned product with their last activity in any workload, as of each customer\'s last report',
  time: { kind: 'snapshot', table: 'user_activity', column: 'report_date', perCustomer: true },
  columns: [
    'report_date', 'customer_id', 'upn', 'user_key', 'display_name', 'product', 'assigned_products', 'last_activity',
    'days_inactive', 'licensed', 'inactive',
  ],
  tables: ['user_activity'],
  bounds: 'SELECT min(report_date) AS lo, max(report_date) AS hi FROM main.user_activity',
  build({ dates }) {
    return `(SELECT x.k, x.report_date, x.customer_id, x.upn, x.customer_id || '/' || x.upn AS user_key, x.display_name,
        unnest(x.products) AS product, array_to_string(x.products, ', ') AS assigned_products, x.last_activity,
        x.report_date - x.last_activity AS days_inactive,
        NOT coalesce(x.is_deleted, false) AS licensed,
        x.last_activity IS NULL OR x.report_date - x.last_activity >= 30 AS inactive
      FROM (
        SELECT d.k, u.*, greatest(${workloads.map((w) => `u.${w}`).join(', ')}) AS last_activity,
          [trim(p) FOR p IN string_split(coalesce(u.assigned_products, ''), '+') IF trim(p) <> ''] AS products
        FROM ${dates} d JOIN main.user_activity u ON u.report_date = d.d AND u.customer_id = d.customer_id
      ) x)`;
  },
});
