import { defineModel } from '../src/models/defineModel.js';

// 20 % buckets: 0–20 … 80–100 (100 % included), then above 100 %.
const twentyPercentBuckets = [
  { label: '0-20%', below: 0.2 },
  { label: '20-40%', below: 0.4 },
  { label: '40-60%', below: 0.6 },
  { label: '60-80%', below: 0.8 },
  { label: '80-100%', atMost: 1 },
];

export default defineModel({
  name: 'licenses',
  label: 'Licenses',
  description: 'Microsoft 365 licenses sold, assigned and used per customer, product and SKU',
  facts: {
    snapshots: { relation: 'licenseSnapshots', description: 'Last snapshot of the period (semi-additive)' },
    changes: { relation: 'licenseChanges', description: 'Day-over-day changes of sold units' },
    renewals: { relation: 'renewals', description: 'Unassigned licenses on subscriptions renewing within 30 days' },
  },
  dimensions: {
    date: { type: 'time', label: 'Date' },
    customer: { type: 'customer', label: 'Customer' },
    customerId: { column: 'customer_id', label: 'Customer ID', description: 'The customer\'s Azure AD tenant id' },
    product: { column: 'product', label: 'Product' },
    sku: { column: 'sku', key: 'sku_id', label: 'SKU' },
    deploymentBucket: {
      type: 'bucket', value: { ratio: ['consumed_units', 'total_units'] }, buckets: twentyPercentBuckets, otherwise: '>100%', whenNull: 'none sold',
      label: 'Deployment', description: 'Assigned ÷ sold of each customer\'s SKU, in 20 % buckets',
    },
    usageBucket: {
      type: 'bucket', value: { ratio: ['active_users', 'consumed_units'] }, buckets: twentyPercentBuckets, otherwise: '>100%', whenNull: 'n/a',
      label: 'Usage', description: 'Active ÷ assigned of each customer\'s SKU, in 20 % buckets',
    },
  },
  measures: {
    licensesSold: { kind: 'sum', fact: 'snapshots', column: 'total_units', format: 'integer', label: 'Licenses sold', description: 'Purchased units (total units) at the last snapshot of the period' },
    licensesAssigned: { kind: 'sum', fact: 'snapshots', column: 'consumed_units', format: 'integer', label: 'Licenses assigned', description: 'Units assigned to users (consumed units)' },
    licensesActive: {
      kind: 'sum', fact: 'snapshots', column: 'active_users', format: 'integer', label: 'Active licenses',
      description: 'Licensed users active in the last 28 days (Partner Center analytics; per product, its busiest workload)',
    },
    assignedWithUsageData: {
      kind: 'sum', fact: 'snapshots', column: 'consumed_units', filter: [{ column: 'active_users', op: 'notNull' }], format: 'integer',
      label: 'Assigned licenses with usage data', description: 'Assigned units of the SKUs Partner Center reports usage for: the base of the usage rate',
    },
    licensesUnassigned: { kind: 'difference', minuend: 'licensesSold', subtrahend: 'licensesAssigned', label: 'Unassigned licenses', description: 'Sold − assigned' },
    deploymentRate: { kind: 'ratio', numerator: 'licensesAssigned', denominator: 'licensesSold', label: 'Deployment rate', description: 'Assigned ÷ sold' },
    usageRate: {
      kind: 'ratio', numerator: 'licensesActive', denominator: 'assignedWithUsageData', label: 'Usage rate',
      description: 'Active ÷ assigned (SKUs with usage data); above 100 % is reported as is',
    },
    licenseAdds: { kind: 'sum', fact: 'changes', column: 'added_units', format: 'integer', label: 'License adds', description: 'Sold units added, day over day' },
    licenseReductions: { kind: 'sum', fact: 'changes', column: 'removed_units', format: 'integer', label: 'License reductions', description: 'Sold units removed, day over day' },
    licenseAddsLast90Days: { kind: 'trailing', of: 'licenseAdds', days: 90, label: 'License adds (90 days)', description: 'Sold units added in the 90 days to the period\'s last day' },
    licenseReductionsLast90Days: { kind: 'trailing', of: 'licenseReductions', days: 90, label: 'License reductions (90 days)', description: 'Sold units removed in the 90 days to the period\'s last day' },
    reducibleAtRenewal: {
      kind: 'sum', fact: 'renewals', column: 'reducible_units', format: 'integer', label: 'Reducible at renewal',
      description: 'Unassigned licenses on license-based subscriptions renewing within 30 days: new-commerce terms can only shrink at renewal',
    },
    skusAtCapacity: {
      kind: 'count', fact: 'snapshots',
      filter: [{ column: 'total_units', op: 'gt', value: 0 }, { column: 'consumed_units', op: 'gte', otherColumn: 'total_units' }],
      label: 'SKUs at capacity', description: 'Customer SKUs with no free license left (assigned ≥ sold): the next hire fails',
    },
    licensedSkus: {
      kind: 'count', fact: 'snapshots', filter: [{ column: 'total_units', op: 'gt', value: 0 }],
      label: 'Customer SKUs', description: 'Customer × SKU pairs with at least one license sold',
    },
  },
});
