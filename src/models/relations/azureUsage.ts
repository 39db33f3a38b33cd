import { defineRelation } from './relation.js';

// Azure consumption lines. The service category comes from the line when the file carries one (FOCUS);
// otherwise from the Azure services lookup (migration 2): first by meter category (a service name, or a
// classic meter category alias), then by the consumed service (`Microsoft.Compute` → its usual category).
const dimensions = `subscription_id, subscription_name, meter_category, meter_subcategory, meter, service_name, service_category,
  region, resource_group, charge_type, provider, currency, unit`;
/**
 * Quantities are stored as doubles (files give them so), and a sum of doubles depends on the order DuckDB's
 * threads add them in: the same data gave packs differing in the last digits. Summed as decimals they are
 * exact, so the same whatever the order.
 */
function exactQuantity(column: string): string {
  return `CAST(${column} AS DECIMAL(38,12)) AS quantity`;
}

/** One row per line in the monthly rollup's columns. */
const lines = `SELECT date, customer_id, customer_name, ${dimensions}, cost, coalesce(effective_cost, cost) AS effective_cost,
  list_cost, ${exactQuantity('quantity')}, 1 AS line_count FROM main.azure_usage`;

const narrowColumns = ['date', 'customer_id', 'customer_name', 'subscription_id', 'subscription_name', 'currency', 'cost', 'effective_cost', 'list_cost', 'line_count'];

/** Lines summed by day or month, customer, subscription and currency. */
function narrow(grain: 'day' | 'month'): string {
  const date = grain === 'day' ? 'date' : "CAST(date_trunc('month', date) AS DATE) AS date";
  return `SELECT ${date}, customer_id, max(customer_name) AS customer_name, subscription_id, subscription_name, currency,
        sum(cost) AS cost, sum(effective_cost) AS effective_cost, sum(list_cost) AS list_cost, count(*) AS line_count
      FROM (${lines}) GROUP BY ALL
      ORDER BY date, currency, customer_id`;
}

/** The monthly narrow rows from the daily ones: the same sums (exact decimals), the same counts. */
const monthFromDays = `SELECT CAST(date_trunc('month', date) AS DATE) AS date, customer_id, max(customer_name) AS customer_name, subscription_id,
        subscription_name, currency, sum(cost) AS cost, sum(effective_cost) AS effective_cost, sum(list_cost) AS list_cost,
        CAST(sum(line_count) AS BIGINT) AS line_count
      FROM main.agg_azure_day GROUP BY ALL
      ORDER BY date, currency, customer_id`;

export const azureUsage = defineRelation({
  name: 'azureUsage',
  description: 'Azure consumption, one row per charge line and day',
  time: { kind: 'event', column: 'date' },
  columns: [
    'date', 'customer_id', 'customer_name', 'subscription_id', 'subscription_name', 'meter_category', 'meter_subcategory',
    'meter', 'service_name', 'service_category', 'region', 'resource_group', 'resource_id', 'charge_type', 'provider',
    'currency', 'cost', 'effective_cost', 'list_cost', 'quantity', 'unit',
  ],
  customerName: 'customer_name',
  tables: ['azure_usage', 'azure_service_map'],
  bounds: 'SELECT min(date) AS lo, max(date) AS hi FROM main.azure_usage',
  // Months × every dimension the model has (no resource ids or tags): a tenth of the lines or fewer. Stored in
  // date order, so that a month's rows are read without scanning the others.
  rollup: {
    table: 'agg_azure_month',
    grain: 'month',
    select: `SELECT CAST(date_trunc('month', date) AS DATE) AS date, customer_id, max(customer_name) AS customer_name, ${dimensions},
        sum(cost) AS cost, sum(effective_cost) AS effective_cost, sum(list_cost) AS list_cost, sum(quantity) AS quantity, count(*) AS line_count
      FROM (${lines}) GROUP BY ALL
      ORDER BY date, currency, customer_id`,
    lines,
    columns: [
      'date', 'customer_id', 'customer_name', 'subscription_id', 'subscription_name', 'meter_category', 'meter_subcategory', 'meter',
      'service_name', 'service_category', 'region', 'resource_group', 'charge_type', 'provider', 'currency', 'unit', 'cost',
      'effective_cost', 'list_cost', 'quantity', 'line_count',
    ],
    sources: ['azure_usage'],
  },
  // Months × customer, subscription and currency (a sixth of the monthly rows): what budgets, forecasts
  // and cost per customer read, by month or for whole months.
  narrowRollup: {
    table: 'agg_azure_customer_month',
    grain: 'month',
    select: narrow('month'),
    lines,
    columns: narrowColumns,
    sources: ['azure_usage'],
    fromFiner: { table: 'agg_azure_day', select: monthFromDays },
  },
  // The same by day (a seventh of the lines), for periods that cut months.
  dailyRollup: {
    table: 'agg_azure_day',
    grain: 'day',
    select: narrow('day'),
    columns: narrowColumns,
    sources: ['azure_usage'],
  },
  build({ needs, rollup }) {
    const from = rollup ?? 'main.azure_usage';
    // Files without amortisation (reconciliation) have no effective cost: what was billed is what it cost.
    const effective = 'coalesce(a.effective_cost, a.cost) AS effective_cost';
    // Subscriptions are named where the file names them, else by their id.
    const subscription = 'coalesce(a.subscription_name, a.subscription_id) AS subscription_name';
    // The narrow rollups have no quantity: it is cast only where a query reads it (then it is there).
    const quantity = needs.has('quantity') ? { exclude: ', quantity', select: `, ${exactQuantity('a.quantity')}` } : { exclude: '', select: '' };
    if (!needs.has('service_category')) {
      return `SELECT a.* EXCLUDE (effective_cost, subscription_name${quantity.exclude}), ${effective}, ${subscription}${quantity.select} FROM ${from} a`;
    }
    return `SELECT a.* EXCLUDE (effective_cost, subscription_name, service_category${quantity.exclude}), ${effective}, ${subscription}${quantity.select},
      coalesce(nullif(a.service_category, ''), by_meter.service_category, by_service.service_category, 'Other') AS service_category
    FROM ${from} a
    LEFT JOIN main.azure_service_map by_meter ON by_meter.name_key = lower(a.meter_category)
    LEFT JOIN main.azure_service_map by_service ON by_service.name_key = lower(a.service_name)`;
  },
});
