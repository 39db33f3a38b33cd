import { defineModel } from '../src/models/defineModel.js';

const active = { column: 'status', op: 'eq', value: 'active' } as const;
const termEndsWithin30Days = [
  { column: 'days_to_term_end', op: 'gte', value: 0 },
  { column: 'days_to_term_end', op: 'lte', value: 30 },
] as const;

export default defineModel({
  name: 'subscriptions',
  label: 'Subscriptions',
  description: 'Subscriptions by status, term and renewal; new subscriptions and trial conversions',
  facts: {
    status: { relation: 'subscriptionStatus', description: 'Subscriptions as of the last day of the period' },
    events: { relation: 'subscriptionEvents', description: 'Subscription starts and trial conversions' },
  },
  dimensions: {
    date: { type: 'time', label: 'Date' },
    customer: { type: 'customer', label: 'Customer' },
    customerId: { column: 'customer_id', label: 'Customer ID', description: 'The customer\'s Azure AD tenant id' },
    product: { column: 'product', label: 'Product' },
    billingType: { column: 'billing_type', label: 'Billing type', values: ['license', 'usage'] },
    status: {
      column: 'status', label: 'Status', values: ['none', 'active', 'pending', 'suspended', 'expired', 'deleted'],
      description: 'Status on the last day of the period (for new subscriptions and conversions: the current status)',
    },
    term: { column: 'term', label: 'Term', description: 'Term duration (ISO 8601: P1M, P1Y, P3Y)' },
  },
  measures: {
    subscriptions: { kind: 'count', fact: 'status', label: 'Subscriptions', description: 'Subscriptions in any status on the last day of the period' },
    activeSubscriptions: { kind: 'count', fact: 'status', filter: [active], label: 'Active subscriptions' },
    suspendedSubscriptions: { kind: 'count', fact: 'status', filter: [{ column: 'status', op: 'eq', value: 'suspended' }], label: 'Suspended subscriptions' },
    deprovisionedSubscriptions: {
      kind: 'count', fact: 'status', filter: [{ column: 'status', op: 'in', value: ['expired', 'deleted'] }],
      label: 'Deprovisioned subscriptions', description: 'Subscriptions expired or deleted by the last day of the period',
    },
    expiringIn30Days: {
      kind: 'count', fact: 'status', filter: [active, { column: 'auto_renew', op: 'ne', value: true }, ...termEndsWithin30Days],
      label: 'Expiring in 30 days',
      description: 'Active subscriptions without auto-renew whose term ends within 30 days of the period\'s last day: they end unless renewed',
    },
    renewingIn30Days: {
      kind: 'count', fact: 'status', filter: [active, { column: 'auto_renew', op: 'eq', value: true }, ...termEndsWithin30Days],
      label: 'Renewing in 30 days',
      description: 'Active, auto-renewing subscriptions whose term ends within 30 days of the period\'s last day',
    },
    newSubscriptions: {
      kind: 'count', fact: 'events', filter: [{ column: 'event', op: 'eq', value: 'new' }],
      label: 'New subscriptions', description: 'Subscriptions created in the period (trials included)',
    },
    trialConversions: {
      kind: 'count', fact: 'events', filter: [{ column: 'event', op: 'eq', value: 'conversion' }],
      label: 'Trial conversions',
      description: 'Trials followed by a paid subscription of the same product for the same customer (from the trial\'s start to 30 days after its end), counted when the paid one starts',
    },
  },
});
