import { defineJob } from '../src/jobs/defineJob.js';

export default defineJob({
  name: 'subscriptions',
  description: 'Subscriptions of every customer, with their status and quantity over time',
  tables: [
    { table: 'subscriptions', load: { kind: 'merge', key: ['subscription_id'] }, required: ['subscription_id', 'customer_id', 'status'] },
    { table: 'subscription_history', load: { kind: 'merge', key: ['subscription_id', 'valid_from'] }, required: ['subscription_id', 'customer_id', 'status', 'valid_from'] },
  ],
  schedule: '10 2 * * *',
});
