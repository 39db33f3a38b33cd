import { defineModel } from '../src/models/defineModel.js';

export default defineModel({
  name: 'customers',
  facts: {
    subscriptions: { relation: 'subscriptionStatus' },
    events: { relation: 'customerEvents' },
  },
  dimensions: {
    date: { type: 'time' },
    customer: { type: 'customer' },
    customerId: { column: 'customer_id' },
    country: { type: 'customerAttribute', attribute: 'country' },
    product: { column: 'product' },
  },
  measures: {
    customers: {
      kind: 'countDistinct', fact: 'subscriptions', column: 'customer_id',
      filter: [{ column: 'status', op: 'in', value: ['active', 'suspended'] }],
    },
    newCustomers: {
      kind: 'countDistinct', fact: 'events', column: 'customer_id', filter: [{ column: 'event', op: 'eq', value: 'new' }],
    },
    churnedCustomers: {
      kind: 'countDistinct', fact: 'events', column: 'customer_id', filter: [{ column: 'event', op: 'eq', value: 'churn' }],
    },
  },
});
