import { defineModel } from '../src/models/defineModel.js';

const licensed = { column: 'licensed', op: 'eq', value: true } as const;
const inactive = { column: 'inactive', op: 'eq', value: true } as const;

export default defineModel({
  name: 'users',
  label: 'Licensed users',
  description: 'Licensed users and their last activity: the licenses nobody uses',
  facts: {
    users: { relation: 'userLicenses', description: 'Each customer\'s last Microsoft 365 active-user report of the period' },
  },
  dimensions: {
    date: { type: 'time', label: 'Date' },
    customer: { type: 'customer', label: 'Customer' },
    customerId: { column: 'customer_id', label: 'Customer ID', description: 'The customer\'s Azure AD tenant id' },
    user: { column: 'upn', label: 'User', description: 'User principal name' },
    product: { column: 'product', label: 'Product', description: 'An assigned product (a user holding several appears under each)' },
    assignedProducts: {
      column: 'assigned_products', list: true,
      label: 'Assigned products', description: 'Every product the user holds, as a list (filter by product)',
    },
    lastActivity: { column: 'last_activity', date: true, label: 'Last activity', description: 'Last activity in any workload (empty: never)' },
    inactiveFor: {
      type: 'bucket', value: { column: 'days_inactive' },
      buckets: [{ label: 'active', below: 30 }, { label: '30-59', below: 60 }, { label: '60-89', below: 90 }], otherwise: '90+', whenNull: 'never',
      label: 'Inactive for', description: 'Days since the last activity in any workload, counted back from the report\'s refresh date',
    },
  },
  measures: {
    licensedUsers: {
      kind: 'countDistinct', fact: 'users', column: 'user_key', filter: [licensed],
      label: 'Licensed users', description: 'Users not deleted with at least one assigned product',
    },
    inactiveLicensedUsers: {
      kind: 'countDistinct', fact: 'users', column: 'user_key', filter: [licensed, inactive],
      label: 'Inactive licensed users', description: 'Licensed users with no activity in any workload for 30 days or more, or never',
    },
    licensesOnInactiveUsers: {
      kind: 'sum', fact: 'users', column: 'licenses', filter: [licensed, inactive], format: 'integer',
      label: 'Licenses on inactive users', description: 'Products assigned to inactive licensed users (one per user and product)',
    },
  },
});
