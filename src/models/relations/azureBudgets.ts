import { azureUsage } from './azureUsage.js';
import { defineRelation, type RelationContext } from './relation.js';

// Spending against each customer's monthly Azure budget, per currency. A period's budget is the monthly
// amount times the calendar months it touches: a month (or month to date) is compared with one month's
// budget, as Partner Center does; a quarter with three. Budgets in the configuration override the
// warehouse's (Partner Center's) for the same customer and currency.
export const azureBudgets = defineRelation({
  name: 'azureBudgets',
  description: 'Azure spend against the customer\'s spending budget, per customer and currency',
  time: { kind: 'window' },
  columns: ['customer_id', 'customer_name', 'currency', 'spend', 'budget', 'over_budget'],
  customerName: 'customer_name',
  tables: ['budgets', 'azure_usage'],
  // Spend is the Azure lines' cost: the same monthly pre-aggregation serves it.
  rollup: azureUsage.rollup,
  narrowRollup: azureUsage.narrowRollup,
  dailyRollup: azureUsage.dailyRollup,
  bounds: 'SELECT min(date) AS lo, max(date) AS hi FROM main.azure_usage',
  build(context: RelationContext) {
    const { spine, param, budgets } = context;
    const configured = budgets.length
      ? `(VALUES ${budgets.map((b) => `(${param(b.customer)}, ${param(b.currency.toUpperCase())}, CAST(${param(b.monthly)} AS DECIMAL(38,12)))`).join(', ')})`
      : null;
    const all = configured
      ? `SELECT t.customer_id, t.currency, t.monthly_amount FROM main.budgets t
         WHERE NOT EXISTS (SELECT 1 FROM ${configured} c(customer_id, currency, monthly_amount) WHERE c.customer_id = t.customer_id AND c.currency = t.currency)
         UNION ALL SELECT * FROM ${configured} c(customer_id, currency, monthly_amount)`
      : 'SELECT t.customer_id, t.currency, t.monthly_amount FROM main.budgets t';
    return `(WITH budget AS (${all}),
      spend AS (
        SELECT f.k, f.customer_id, f.currency, sum(f.cost) AS spend, max(f.customer_name) AS customer_name
        FROM (${context.frameEvent(context.rollup ?? 'main.azure_usage', 'date')}) f
        SEMI JOIN budget b ON b.customer_id = f.customer_id AND b.currency = f.currency
        GROUP BY ALL
      )
      SELECT s.k, b.customer_id, x.customer_name, b.currency, coalesce(x.spend, 0) AS spend,
        b.monthly_amount * (datediff('month', s.ws, s.we) + 1) AS budget,
        coalesce(x.spend, 0) > b.monthly_amount * (datediff('month', s.ws, s.we) + 1) AS over_budget
      FROM ${spine} s CROSS JOIN budget b
      LEFT JOIN spend x ON x.k = s.k AND x.customer_id = b.customer_id AND x.currency = b.currency)`;
  },
});
