import { log } from '../../../util/log.js';
import { ident } from '../../../warehouse/database.js';
import { readAnalytics } from '../paging.js';
import { licenseUsageItem } from '../resources/licenseUsage.js';
import type { Pull } from './pull.js';

const usage = '/partner/v1/analytics/commercial/usage/license';

export const workloadUsagePull: Pull = {
  job: 'workload-usage',
  label: usage,
  tables: ['workload_usage'],
  async collect({ client }, collector) {
    let newest: string | undefined;
    const outside = new Map<string, number>();
    // Workloads the usage model does not know (Dynamics, …) are read and left out, said once per code.
    const schema = licenseUsageItem.transform((row) => {
      if (!row.workload) {
        const code = row.workload_code ?? row.workload_name ?? '(none)';
        outside.set(code, (outside.get(code) ?? 0) + 1);
        return null;
      }
      if (!newest || row.date > newest) newest = row.date;
      return row;
    });
    await readAnalytics(client, usage, { onPage: (items) => collector.items('usage', usage, 'workload_usage', schema, items) });
    if (outside.size) log.info('pc.workloads_outside_model', { resource: usage, rows: Object.fromEntries(outside) });
    return { asOf: newest ? `${newest}T23:59:59.000Z` : undefined };
  },

  /**
   * SharePoint and OneDrive rows of one product both map to `sharepoint`: they combine into one row with
   * the larger counts. The union of their users is at least that many, and adding them would count a
   * person active in both twice.
   */
  async afterStage({ stage }) {
    const table = ident(stage.stages.workload_usage!);
    await stage.db.run(
      `CREATE OR REPLACE TEMP TABLE pc_usage_combined AS
       SELECT date, customer_id, any_value(customer_name) AS customer_name, workload,
              string_agg(DISTINCT workload_code, '+' ORDER BY workload_code) AS workload_code,
              string_agg(DISTINCT workload_name, ' + ' ORDER BY workload_name) AS workload_name,
              any_value(service_code) AS service_code, product_id, any_value(product_name) AS product_name,
              max(licenses_active) AS licenses_active, max(licenses_qualified) AS licenses_qualified, any_value(run_id) AS run_id
       FROM ${table} GROUP BY date, customer_id, workload, product_id`,
    );
    await stage.db.run(`DELETE FROM ${table}`);
    await stage.db.run(
      `INSERT INTO ${table} (date, customer_id, customer_name, workload, workload_code, workload_name, service_code, product_id,
                             product_name, licenses_active, licenses_qualified, run_id)
       SELECT date, customer_id, customer_name, workload, workload_code, workload_name, service_code, product_id,
              product_name, licenses_active, licenses_qualified, run_id FROM pc_usage_combined`,
    );
    await stage.db.run('DROP TABLE pc_usage_combined');
  },
};
