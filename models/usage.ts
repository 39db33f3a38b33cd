import { defineModel } from '../src/models/defineModel.js';

export default defineModel({
  name: 'usage',
  label: 'Workload usage',
  description: 'Users active in the last 28 days per Microsoft 365 workload (Partner Center analytics)',
  facts: {
    usage: { relation: 'workloadUsage', description: 'Last snapshot of the period (28-day figures are not summed over days)' },
  },
  dimensions: {
    date: { type: 'time', label: 'Date' },
    customer: { type: 'customer', label: 'Customer' },
    customerId: { column: 'customer_id', label: 'Customer ID', description: 'The customer\'s Azure AD tenant id' },
    workload: {
      column: 'workload', label: 'Workload', values: ['exchange', 'sharepoint', 'teams', 'yammer', 'skype', 'office-apps'],
      description: 'exchange, sharepoint (including OneDrive), teams, yammer, skype, office-apps',
    },
    product: { column: 'product', label: 'Product' },
  },
  measures: {
    activeUsers: {
      kind: 'sum', fact: 'usage', column: 'licenses_active', format: 'integer', label: 'Active users',
      description: 'Licensed users active in the workload in the last 28 days; without a workload breakdown, summed over workloads',
    },
    qualifiedUsers: {
      kind: 'sum', fact: 'usage', column: 'licenses_qualified', format: 'integer', label: 'Qualified users',
      description: 'Users holding a license that includes the workload',
    },
    workloadUsageRate: { kind: 'ratio', numerator: 'activeUsers', denominator: 'qualifiedUsers', label: 'Workload usage rate', description: 'Active ÷ qualified' },
  },
});
