import { defineModel } from '../src/models/defineModel.js';

export default defineModel({
  name: 'usage',
  facts: {
    usage: { relation: 'workloadUsage', description: 'Last snapshot of the period (28-day figures are not summed over days)' },
  },
  dimensions: {
    date: { type: 'time' },
    customer: { type: 'customer' },
    customerId: { column: 'customer_id' },
    workload: {
      column: 'workload', values: ['exchange', 'sharepoint', 'teams', 'yammer', 'skype', 'office-apps'],
    },
    product: { column: 'product' },
  },
  measures: {
    activeUsers: {
      kind: 'sum', fact: 'usage', column: 'licenses_active', format: 'integer',
    },
    qualifiedUsers: {
      kind: 'sum', fact: 'usage', column: 'licenses_qualified', format: 'integer',
    },
    workloadUsageRate: { kind: 'ratio', numerator: 'activeUsers', denominator: 'qualifiedUsers' },
  },
});
