import { defineJob } from '../src/jobs/defineJob.js';

export default defineJob({
  name: 'customers',
  description: 'Customer tenants of the partner: name, domain, country, relationship',
  tables: [{ table: 'customers', load: { kind: 'merge', key: ['customer_id'] }, required: ['customer_id', 'name'] }],
  schedule: '0 2 * * *',
});
