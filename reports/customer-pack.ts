import { defineReport } from '../src/reports/defineReport.js';
import { inactiveUsers, licensesToReduce } from './shared/adoption.js';

export default defineReport({
  name: 'customer-pack',
  title: 'Customer pack',
  description: 'Everything about one customer: subscriptions, licenses and their use, inactive users, workloads, Azure spend and recent activity — with what to reduce and what to offer.',
  scope: 'customer',
  pages: [
    {
      title: 'Overview',
      kpis: [
        { model: 'subscriptions', measure: 'activeSubscriptions' },
        { model: 'subscriptions', measure: 'expiringIn30Days', better: 'neutral' },
        { model: 'licenses', measure: 'licensesSold' },
        { model: 'licenses', measure: 'deploymentRate' },
        { model: 'licenses', measure: 'usageRate' },
        { model: 'licenses', measure: 'reducibleAtRenewal', better: 'down' },
        { model: 'users', measure: 'inactiveLicensedUsers', better: 'down' },
        { model: 'usage', measure: 'workloadUsageRate' },
        { model: 'azure', measure: 'cost', by: ['currency'], better: 'neutral' },
        { model: 'azure', measure: 'budgetUsed', by: ['currency'], better: 'down' },
        { model: 'activity', measure: 'operations', better: 'neutral' },
      ],
      tables: [
        {
          id: 'low-adoption-products',
          title: 'Low adoption: licenses paid for but not used',
          sheet: 'Low adoption',
          note: 'Products with under 80 % of licenses assigned or under 70 % of assigned licenses in use: reclaim, reassign, or reduce at renewal.',
          query: {
            model: 'licenses',
            measures: ['licensesSold', 'licensesAssigned', 'licensesUnassigned', 'licensesActive', 'deploymentRate', 'usageRate'],
            by: ['product'],
            window: 'latest',
            keep: { any: [{ column: 'deploymentRate', op: '<', value: 0.8 }, { column: 'usageRate', op: '<', value: 0.7 }] },
            orderBy: [{ name: 'licensesUnassigned', desc: true }],
          },
        },
        {
          id: 'upsell-products',
          title: 'Upsell candidates: deployment near 100 %',
          sheet: 'Upsell candidates',
          note: 'Products with at least 90 % of licenses assigned: the next hire needs a new license.',
          query: {
            model: 'licenses',
            measures: ['licensesSold', 'licensesAssigned', 'deploymentRate', 'usageRate', 'skusAtCapacity'],
            by: ['product'],
            window: 'latest',
            keep: { all: [{ column: 'deploymentRate', op: '>=', value: 0.9 }, { column: 'licensesSold', op: '>', value: 0 }] },
            orderBy: [{ name: 'deploymentRate', desc: true }],
          },
        },
      ],
    },
    {
      title: 'Subscriptions',
      charts: [
        {
          id: 'subscriptions-by-status',
          title: 'Subscriptions by status',
          kind: 'bar',
          query: { model: 'subscriptions', measures: ['subscriptions'], by: ['status'], window: 'latest' },
          x: 'status',
          y: ['subscriptions'],
        },
      ],
      tables: [
        {
          id: 'subscriptions',
          title: 'Subscriptions by product, status and term',
          sheet: 'Subscriptions',
          query: { model: 'subscriptions', measures: ['subscriptions', 'expiringIn30Days', 'renewingIn30Days'], by: ['product', 'status', 'billingType', 'term'], window: 'latest' },
        },
      ],
    },
    {
      title: 'Licenses and users',
      charts: [
        {
          id: 'licenses-by-product',
          title: 'Sold, assigned and in use by product',
          sheet: 'Licenses by product (chart)',
          kind: 'bar',
          query: { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesActive'], by: ['product'], window: 'latest' },
          x: 'product',
          y: ['licensesSold', 'licensesAssigned', 'licensesActive'],
          top: 10,
        },
        {
          id: 'licenses-trend',
          title: 'Licenses sold and assigned, month by month',
          sheet: 'Licenses by month',
          kind: 'line',
          query: { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesActive'], by: ['date:month'], window: 'trailing-12-months' },
          x: 'date',
          y: ['licensesSold', 'licensesAssigned', 'licensesActive'],
        },
      ],
      tables: [
        licensesToReduce,
        inactiveUsers,
        {
          id: 'licenses-by-product-table',
          title: 'Licenses by product',
          query: { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesUnassigned', 'licensesActive', 'deploymentRate', 'usageRate', 'licenseAdds', 'licenseReductions'], by: ['product'], window: 'latest' },
        },
      ],
    },
    {
      title: 'Workloads',
      charts: [
        {
          id: 'rate-by-workload',
          title: 'Usage rate by workload',
          kind: 'bar',
          query: { model: 'usage', measures: ['workloadUsageRate'], by: ['workload'], window: 'latest' },
          x: 'workload',
          y: ['workloadUsageRate'],
        },
        {
          id: 'workload-trend',
          title: 'Active users by workload, month by month',
          sheet: 'Active users by month',
          kind: 'line',
          query: { model: 'usage', measures: ['activeUsers'], by: ['date:month', 'workload'], window: 'trailing-12-months' },
          x: 'date',
          y: ['activeUsers'],
          color: 'workload',
        },
      ],
      tables: [
        {
          id: 'workloads',
          title: 'Workload usage',
          query: { model: 'usage', measures: ['activeUsers', 'qualifiedUsers', 'workloadUsageRate'], by: ['workload'], window: 'latest' },
        },
      ],
    },
    {
      title: 'Azure',
      charts: [
        {
          id: 'azure-cost-trend',
          title: 'Azure cost by meter category',
          kind: 'stacked-bar',
          query: { model: 'azure', measures: ['cost'], by: ['date:month', 'meterCategory', 'currency'], window: 'trailing-12-months' },
          x: 'date',
          y: ['cost'],
          color: 'meterCategory',
          facet: 'currency',
          top: 7,
        },
      ],
      tables: [
        {
          id: 'azure-by-subscription',
          title: 'Azure cost by subscription and meter category',
          sheet: 'Azure cost by subscription',
          query: { model: 'azure', measures: ['cost', 'costGrowth'], by: ['subscription', 'meterCategory', 'currency'], orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
        {
          id: 'azure-daily',
          title: 'Daily Azure usage per meter',
          sheet: 'Daily Azure usage',
          query: { model: 'azure', measures: ['quantity', 'cost'], by: ['date:day', 'subscription', 'meterCategory', 'meter', 'currency'], orderBy: [{ name: 'date' }] },
        },
      ],
    },
    {
      title: 'Activity',
      tables: [
        {
          id: 'activity',
          title: 'Operations in the period',
          query: { model: 'activity', measures: ['operations', 'failedOperations'], by: ['date:day', 'user', 'resourceType', 'operationType', 'operationStatus'], orderBy: [{ name: 'date', desc: true }] },
        },
      ],
    },
  ],
});
