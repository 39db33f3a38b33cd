import { defineModel } from '../src/models/defineModel.js';

const licensed = { column: 'licensed', op: 'eq', value: true } as const;
const inactive = { column: 'inactive', op: 'eq', value: true } as const;

export default defineModel({
  name: 'users',
  facts: {
    users: { relation: 'userLicenses', description: 'Each customer\'s last Microsoft 365 active-user report of the period' },
  },
  dimensions: {
    date: { type: 'time' },
    customer: { type: 'customer' },
    customerId: { column: 'customer_id' },
    user: { column: 'upn' },
    product: { column: 'product' },
    assignedProducts: {
      column: 'assigned_products', list: true,
    },
    lastActivity: { column: 'last_activity', date: true },
    inactiveFor: {
      type: 'bucket', value: { column: 'days_inactive' },
      buckets: [{ label: 'active', below: 30 }, { label: '30-59', below: 60 }, { label: '60-89', below: 90 }], otherwise: '90+', whenNull: 'never',
    },
  },
  measures: {
    licensedUsers: {
      kind: 'countDistinct', fact: 'users', column: 'user_key', filter: [licensed],
    },
    inactiveLicensedUsers: {
      kind: 'countDistinct', fact: 'users', column: 'user_key', filter: [licensed, inactive],
    },
    licensesOnInactiveUsers: {
      kind: 'sum', fact: 'users', column: 'licenses', filter: [licensed, inactive], format: 'integer',
    },
  },
});
