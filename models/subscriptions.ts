import { defineModel } from '../src/models/defineModel.js';

const active = { column: 'status', op: 'eq', value: 'active' } as const;
const termEndsWithin30Days = [
  { column: 'days_to_term_end', op: 'gte', value: 0 },
  { column: 'days_to_term_end', op: 'lte', value: 30 },
] as const;

export default defineModel({
  name: 'subscriptions',
  facts: {
    status: { relation: 'subscriptionStatus', description: 'Subscriptions as of the last day of the period' },
    events: { relation: 'subscriptionEvents', description: 'Subscription starts and trial conversions' },
  },
  dimensions: {
    date: { type: 'time' },
    customer: { type: 'customer' },
    customerId: { column: 'customer_id' },
    product: { column: 'product' },
    billingType: { column: 'billing_type', values: ['license', 'usage'] },
    status: {
      column: 'status', values: ['none', 'active', 'pending', 'suspended', 'expired', 'deleted'],
    },
    term: { column: 'term' },
  },
  measures: {
    subscriptions: { kind: 'count', fact: 'status' },
    activeSubscriptions: { kind: 'count', fact: 'status', filter: [active] },
    suspendedSubscriptions: { kind: 'count', fact: 'status', filter: [{ column: 'status', op: 'eq', value: 'suspended' }] },
    deprovisionedSubscriptions: {
      kind: 'count', fact: 'status', filter: [{ column: 'status', op: 'in', value: ['expired', 'deleted'] }],
    },
    expiringIn30Days: {
      kind: 'count', fact: 'status', filter: [active, { column: 'auto_renew', op: 'ne', value: true }, ...termEndsWithin30Days],
    },
    renewingIn30Days: {
      kind: 'count', fact: 'status', filter: [active, { column: 'auto_renew', op: 'eq', value: true }, ...termEndsWithin30Days],
    },
    newSubscriptions: {
      kind: 'count', fact: 'events', filter: [{ column: 'event', op: 'eq', value: 'new' }],
    },
    trialConversions: {
      kind: 'count', fact: 'events', filter: [{ column: 'event', op: 'eq', value: 'conversion' }],
    },
  },
});
