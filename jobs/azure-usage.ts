import { defineJob } from '../src/jobs/defineJob.js';

export default defineJob({
  name: 'azure-usage',
  description: 'Daily-rated Azure consumption per customer, subscription, meter and region',
  tables: [{ table: 'azure_usage', load: { kind: 'slices', slice: ['customer_id', 'date'] }, required: ['date', 'customer_id', 'currency', 'cost'], clusterBy: 'date' }],
  // Daily-rated usage is restated for a few days after the fact.
  trailingDays: 3,
  schedule: '40 2 * * *',
});
