import { defineJob } from '../src/jobs/defineJob.js';

export default defineJob({
  name: 'workload-usage',
  description: '28-day active and qualified users per workload, and per-user activity detail (Microsoft 365 usage reports)',
  tables: [
    { table: 'workload_usage', load: { kind: 'merge', key: ['date', 'customer_id', 'workload', 'product_id'] }, required: ['date', 'customer_id', 'workload', 'product_id'], clusterBy: 'date' },
    { table: 'user_activity', load: { kind: 'merge', key: ['report_date', 'customer_id', 'upn'] }, required: ['report_date', 'customer_id', 'upn'], clusterBy: 'report_date' },
  ],
  trailingDays: 3,
  schedule: '30 2 * * *',
});
