import { defineModel } from '../src/models/defineModel.js';

export default defineModel({
  name: 'activity',
  facts: {
    records: { relation: 'activityRecords' },
  },
  dimensions: {
    date: { type: 'time' },
    customer: { type: 'customer' },
    customerId: { column: 'customer_id' },
    user: { column: 'user_principal_name' },
    resourceType: { column: 'resource_type' },
    operationType: { column: 'operation_type' },
    operationStatus: { column: 'operation_status', values: ['succeeded', 'failed', 'progress'] },
  },
  measures: {
    operations: { kind: 'count', fact: 'records' },
    failedOperations: { kind: 'count', fact: 'records', filter: [{ column: 'operation_status', op: 'eq', value: 'failed' }] },
    operationsLast28Days: { kind: 'trailing', of: 'operations', days: 28 },
  },
});
