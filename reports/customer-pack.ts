import { defineReport } from '../src/reports/defineReport.js';
import { inactiveUsers, licensesToReduce } from './shared/adoption.js';

export default defineReport({
  name: 'customer-pack',
  scope: 'customer',
  pages: [
    {
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
      charts: [
        {
          id: 'subscriptions-by-status',
          kind: 'bar',
          query: { model: 'subscriptions', measures: ['subscriptions'], by: ['status'], window: 'latest' },
          x: 'status',
          y: ['subscriptions'],
        },
      ],
      tables: [
        {
          id: 'subscriptions',
          query: { model: 'subscriptions', measures: ['subscriptions', 'expiringIn30Days', 'renewingIn30Days'], by: ['product', 'status', 'billingType', 'term'], window: 'latest' },
        },
      ],
    },
    {
      charts: [
        {
          id: 'licenses-by-product',
          kind: 'bar',
          query: { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesActive'], by: ['product'], window: 'latest' },
          x: 'product',
          y: ['licensesSold', 'licensesAssigned', 'licensesActive'],
          top: 10,
        },
        {
          id: 'licenses-trend',
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
          query: { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesUnassigned', 'licensesActive', 'deploymentRate', 'usageRate', 'licenseAdds', 'licenseReductions'], by: ['product'], window: 'latest' },
        },
      ],
    },
    {
      charts: [
        {
          id: 'rate-by-workload',
          kind: 'bar',
          query: { model: 'usage', measures: ['workloadUsageRate'], by: ['workload'], window: 'latest' },
          x: 'workload',
          y: ['workloadUsageRate'],
        },
        {
          id: 'workload-trend',
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
          query: { model: 'usage', measures: ['activeUsers', 'qualifiedUsers', 'workloadUsageRate'], by: ['workload'], window: 'latest' },
        },
      ],
    },
    {
      charts: [
        {
          id: 'azure-cost-trend',
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
          query: { model: 'azure', measures: ['cost', 'costGrowth'], by: ['subscription', 'meterCategory', 'currency'], orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
        {
          id: 'azure-daily',
          query: { model: 'azure', measures: ['quantity', 'cost'], by: ['date:day', 'subscription', 'meterCategory', 'meter', 'currency'], orderBy: [{ name: 'date' }] },
        },
      ],
    },
    {
      tables: [
        {
          id: 'activity',
          query: { model: 'activity', measures: ['operations', 'failedOperations'], by: ['date:day', 'user', 'resourceType', 'operationType', 'operationStatus'], orderBy: [{ name: 'date', desc: true }] },
        },
      ],
    },
  ],
});
