import type { Database } from '../../../warehouse/database.js';
import { rand } from './rand.js';

/**
 * Monthly Azure spending budgets for the demo customers, so that budget measures have something to
 * show: about the customer's average monthly spend, times a factor between 0.8 and 1.6 hashed from the
 * tenant id — a quarter or so of customers end up over budget. Budgets of other sources are kept.
 */
export async function writeDemoBudgets(db: Database): Promise<number> {
  return db.transaction(async () => {
    await db.run(`DELETE FROM budgets WHERE source = 'demo'`);
    await db.run(
      `INSERT INTO budgets (customer_id, currency, monthly_amount, source)
       SELECT customer_id, currency, greatest(100, round(monthly * (0.8 + 0.8 * ${rand('customer_id', "'budget'")}), -2)), 'demo'
       FROM (SELECT customer_id, currency, sum(cost)::DOUBLE / count(DISTINCT date_trunc('month', date)) AS monthly
             FROM azure_usage WHERE source_format = 'demo' GROUP BY customer_id, currency)
       ON CONFLICT DO NOTHING`,
    );
    return db.value<number>(`SELECT count(*) FROM budgets WHERE source = 'demo'`);
  });
}
