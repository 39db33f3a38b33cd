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
  facts: {
    snapshots: { relation: 'licenseSnapshots', description: 'Last snapshot of the period (semi-additive)' },
    changes: { relation: 'licenseChanges', description: 'Day-over-day changes of sold units' },
    renewals: { relation: 'renewals', description: 'Unassigned licenses on subscriptions renewing within 30 days' },
  },
  dimensions: {
    date: { type: 'time' },
    customer: { type: 'customer' },
    customerId: { column: 'customer_id' },
    product: { column: 'product' },
    sku: { column: 'sku', key: 'sku_id' },
    deploymentBucket: {
      type: 'bucket', value: { ratio: ['consumed_units', 'total_units'] }, buckets: twentyPercentBuckets, otherwise: '>100%', whenNull: 'none sold',
    },
    usageBucket: {
      type: 'bucket', value: { ratio: ['active_users', 'consumed_units'] }, buckets: twentyPercentBuckets, otherwise: '>100%', whenNull: 'n/a',
    },
  },
  measures: {
    licensesSold: { kind: 'sum', fact: 'snapshots', column: 'total_units', format: 'integer' },
    licensesAssigned: { kind: 'sum', fact: 'snapshots', column: 'consumed_units', format: 'integer' },
    licensesActive: {
      kind: 'sum', fact: 'snapshots', column: 'active_users', format: 'integer',
    },
    assignedWithUsageData: {
      kind: 'sum', fact: 'snapshots', column: 'consumed_units', filter: [{ column: 'active_users', op: 'notNull' }], format: 'integer',
    },
    licensesUnassigned: { kind: 'difference', minuend: 'licensesSold', subtrahend: 'licensesAssigned' },
    deploymentRate: { kind: 'ratio', numerator: 'licensesAssigned', denominator: 'licensesSold' },
    usageRate: {
      kind: 'ratio', numerator: 'licensesActive', denominator: 'assignedWithUsageData',
    },
    licenseAdds: { kind: 'sum', fact: 'changes', column: 'added_units', format: 'integer' },
    licenseReductions: { kind: 'sum', fact: 'changes', column: 'removed_units', format: 'integer' },
    licenseAddsLast90Days: { kind: 'trailing', of: 'licenseAdds', days: 90 },
    licenseReductionsLast90Days: { kind: 'trailing', of: 'licenseReductions', days: 90 },
    reducibleAtRenewal: {
      kind: 'sum', fact: 'renewals', column: 'reducible_units', format: 'integer',
    },
    skusAtCapacity: {
      kind: 'count', fact: 'snapshots',
      filter: [{ column: 'total_units', op: 'gt', value: 0 }, { column: 'consumed_units', op: 'gte', otherColumn: 'total_units' }],
    },
    licensedSkus: {
      kind: 'count', fact: 'snapshots', filter: [{ column: 'total_units', op: 'gt', value: 0 }],
    },
  },
});
