import { defineJob } from '../src/jobs/defineJob.js';

export default defineJob({
  name: 'activity-log',
  description: 'Partner Center audit records: who did what to which customer, and whether it succeeded',
  tables: [{ table: 'activity', load: { kind: 'merge', key: ['record_id'] }, required: ['record_id', 'operation_date'], clusterBy: 'operation_date' }],
  trailingDays: 1,
  schedule: '50 2 * * *',
});
