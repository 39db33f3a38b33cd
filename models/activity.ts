import { defineModel } from '../src/models/defineModel.js';

export default defineModel({
  name: 'activity',
  label: 'Activity log',
  description: 'Operations recorded in Partner Center\'s audit log',
  facts: {
    records: { relation: 'activityRecords' },
  },
  dimensions: {
    date: { type: 'time', label: 'Date' },
    customer: { type: 'customer', label: 'Customer' },
    customerId: { column: 'customer_id', label: 'Customer ID', description: 'The customer\'s Azure AD tenant id' },
    user: { column: 'user_principal_name', label: 'User' },
    resourceType: { column: 'resource_type', label: 'Resource type' },
    operationType: { column: 'operation_type', label: 'Operation' },
    operationStatus: { column: 'operation_status', label: 'Status', values: ['succeeded', 'failed', 'progress'] },
  },
  measures: {
    operations: { kind: 'count', fact: 'records', label: 'Operations' },
    failedOperations: { kind: 'count', fact: 'records', filter: [{ column: 'operation_status', op: 'eq', value: 'failed' }], label: 'Failed operations' },
    operationsLast28Days: { kind: 'trailing', of: 'operations', days: 28, label: 'Operations (28 days)', description: 'Operations in the 28 days to the period\'s last day' },
  },
});
