import type { z } from 'zod';
import type { tableSpecSchema } from '../../src/reports/defineReport.js';

// The tables every report ends with, because they are what a partner acts on: customers paying for
// licenses nobody uses (reclaim, reassign, reduce at renewal) and customers about to run out (sell more).
// Plain data, shared by the report definitions.

type TableInput = z.input<typeof tableSpecSchema>;

export const lowAdoptionCustomers: TableInput = {
  id: 'low-adoption-customers',
  title: 'Low adoption: licenses paid for but not used',
  sheet: 'Low adoption',
  note: 'Customers with under 80 % of their licenses assigned, or under 70 % of assigned licenses in use in the last 28 days. Unassigned and idle licenses are money being wasted: reclaim, reassign, or reduce them at renewal.',
  query: {
    model: 'licenses',
    measures: ['licensesSold', 'licensesAssigned', 'licensesUnassigned', 'licensesActive', 'deploymentRate', 'usageRate'],
    by: ['customer'],
    window: 'latest',
    keep: { any: [{ column: 'deploymentRate', op: '<', value: 0.8 }, { column: 'usageRate', op: '<', value: 0.7 }] },
    orderBy: [{ name: 'licensesUnassigned', desc: true }],
    limit: 25,
  },
};

export const upsellCandidates: TableInput = {
  id: 'upsell-candidates',
  title: 'Upsell candidates: deployment near 100 %',
  sheet: 'Upsell candidates',
  note: 'Customer and product pairs with at least 90 % of licenses assigned: the next hire needs a new license. Offer more seats, or a higher plan where usage is high.',
  query: {
    model: 'licenses',
    measures: ['licensesSold', 'licensesAssigned', 'deploymentRate', 'usageRate', 'skusAtCapacity'],
    by: ['customer', 'product'],
    window: 'latest',
    keep: { all: [{ column: 'deploymentRate', op: '>=', value: 0.9 }, { column: 'licensesSold', op: '>', value: 0 }] },
    orderBy: [{ name: 'deploymentRate', desc: true }, { name: 'licensesSold', desc: true }],
    limit: 25,
  },
};

export const licensesToReduce: TableInput = {
  id: 'licenses-to-reduce',
  title: 'Licenses to reduce before their term renews',
  sheet: 'Licenses to reduce',
  note: 'Unassigned licenses on subscriptions whose term renews within 30 days. New-commerce terms can only be reduced at renewal: after that date the customer pays for them for another term.',
  query: {
    model: 'licenses',
    measures: ['reducibleAtRenewal', 'licensesUnassigned', 'licensesSold', 'licensesAssigned'],
    by: ['customer', 'product'],
    window: 'latest',
    keep: { all: [{ column: 'reducibleAtRenewal', op: '>', value: 0 }] },
    orderBy: [{ name: 'reducibleAtRenewal', desc: true }],
  },
};

export const inactiveUsers: TableInput = {
  id: 'inactive-users',
  title: 'Licensed users inactive for 30, 60 or 90 days',
  sheet: 'Inactive users',
  note: 'One row per user, with every product they hold. Users with no activity in any workload for 30 days or more (or never): reclaim their licenses or check whether they still need them.',
  query: {
    model: 'users',
    measures: ['licensesOnInactiveUsers'],
    by: ['customer', 'user', 'inactiveFor', 'lastActivity', 'assignedProducts'],
    where: [{ dimension: 'inactiveFor', values: ['30-59', '60-89', '90+', 'never'] }],
    window: 'latest',
    orderBy: [{ name: 'customer' }, { name: 'lastActivity' }],
  },
};
