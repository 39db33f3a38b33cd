import { defineModel } from '../src/models/defineModel.js';

export default defineModel({
  name: 'customers',
  label: 'Customers',
  description: 'Customer tenants: how many the partner serves, who arrived and who left',
  facts: {
    subscriptions: { relation: 'subscriptionStatus' },
    events: { relation: 'customerEvents' },
  },
  dimensions: {
    date: { type: 'time', label: 'Date' },
    customer: { type: 'customer', label: 'Customer' },
    customerId: { column: 'customer_id', label: 'Customer ID', description: 'The customer\'s Azure AD tenant id' },
    country: { type: 'customerAttribute', attribute: 'country', label: 'Country' },
    product: { column: 'product', label: 'Product' },
  },
  measures: {
    customers: {
      kind: 'countDistinct', fact: 'subscriptions', column: 'customer_id',
      filter: [{ column: 'status', op: 'in', value: ['active', 'suspended'] }],
      label: 'Customers',
      description: 'Customer tenants with at least one subscription active or suspended (in grace) on the last day of the period',
    },
    newCustomers: {
      kind: 'countDistinct', fact: 'events', column: 'customer_id', filter: [{ column: 'event', op: 'eq', value: 'new' }],
      label: 'New customers', description: 'Customers whose first subscription started in the period',
    },
    churnedCustomers: {
      kind: 'countDistinct', fact: 'events', column: 'customer_id', filter: [{ column: 'event', op: 'eq', value: 'churn' }],
      label: 'Churned customers',
      description: 'Customers left with no active or suspended subscription, whose last one ended in the period',
    },
  },
});
