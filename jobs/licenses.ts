import { defineJob } from '../src/jobs/defineJob.js';

export default defineJob({
  name: 'licenses',
  description: 'Daily snapshot of subscribed SKUs (sold, assigned) and Partner Center license deployment analytics',
  tables: [
    { table: 'license_snapshots', load: { kind: 'merge', key: ['date', 'customer_id', 'sku_id'] }, required: ['date', 'customer_id', 'sku_id', 'total_units', 'consumed_units'], clusterBy: 'date' },
    { table: 'license_deployment', load: { kind: 'merge', key: ['date', 'customer_id', 'product_id'] }, required: ['date', 'customer_id', 'product_id'], clusterBy: 'date' },
  ],
  schedule: '20 2 * * *',
});
