import { defineRelation } from './relation.js';

export const activityRecords = defineRelation({
  name: 'activityRecords',
  description: 'Partner Center audit records: one row per operation',
  time: { kind: 'event', column: 'operation_date', timestamp: true },
  columns: ['record_id', 'operation_date', 'customer_id', 'customer_name', 'user_principal_name', 'application_id', 'resource_type', 'operation_type', 'operation_status'],
  customerName: 'customer_name',
  tables: ['activity'],
  bounds: 'SELECT min(operation_date)::DATE AS lo, max(operation_date)::DATE AS hi FROM main.activity',
  build() {
    return 'SELECT a.* FROM main.activity a';
  },
});
