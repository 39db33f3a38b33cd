import type { z } from 'zod';
import type { tableSpecSchema } from '../../src/reports/defineReport.js';

// The tables every report ends with, because they are what a partner acts on: customers paying for
// licenses nobody uses (reclaim, reassign, reduce at renewal) and customers about to run out (sell more).
// Plain data, shared by the report definitions.

type TableInput = z.input<typeof tableSpecSchema>;

export const lowAdoptionCustomers: TableInput = {
  id: 'low-adoption-customers',
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
  query: {
    model: 'users',
    measures: ['licensesOnInactiveUsers'],
    by: ['customer', 'user', 'inactiveFor', 'lastActivity', 'assignedProducts'],
    where: [{ dimension: 'inactiveFor', values: ['30-59', '60-89', '90+', 'never'] }],
    window: 'latest',
    orderBy: [{ name: 'customer' }, { name: 'lastActivity' }],
  },
};
