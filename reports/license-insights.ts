import { defineReport } from '../src/reports/defineReport.js';
import { lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'license-insights',
  title: 'License insights',
  description: 'Licenses sold, assigned and in use by product and customer; license additions and reductions over the last 90 days; deployment and usage distributions.',
  pages: [
    {
      title: 'Licenses',
      kpis: [
        { model: 'licenses', measure: 'licensesSold' },
        { model: 'licenses', measure: 'licensesAssigned' },
        { model: 'licenses', measure: 'licensesActive' },
        { model: 'licenses', measure: 'deploymentRate' },
        { model: 'licenses', measure: 'usageRate' },
        { model: 'licenses', measure: 'licenseAdds' },
        { model: 'licenses', measure: 'licenseReductions', better: 'down' },
      ],
      charts: [
        {
          id: 'adds-reductions',
          title: 'License additions and reductions, last 90 days',
          sheet: 'License changes, 90 days',
          kind: 'line',
          query: { model: 'licenses', measures: ['licenseAdds', 'licenseReductions'], by: ['date:week'], window: 'trailing-90-days' },
          x: 'date',
          y: ['licenseAdds', 'licenseReductions'],
        },
        {
          id: 'by-product',
          title: 'Sold, assigned and in use by product',
          sheet: 'Licenses by product (chart)',
          kind: 'bar',
          query: { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesActive'], by: ['product'], window: 'latest' },
          x: 'product',
          y: ['licensesSold', 'licensesAssigned', 'licensesActive'],
          top: 10,
        },
        {
          id: 'deployment-distribution',
          title: 'Licenses by deployment rate',
          description: 'Licenses sold, grouped by the share of each customer’s SKU that is assigned (20 % buckets).',
          kind: 'distribution',
          query: { model: 'licenses', measures: ['licensesSold'], by: ['deploymentBucket'], window: 'latest' },
          x: 'deploymentBucket',
          y: ['licensesSold'],
        },
        {
          id: 'usage-distribution',
          title: 'Licenses by usage rate',
          description: 'Licenses assigned, grouped by the share of each customer’s assigned SKU in use in the last 28 days (20 % buckets).',
          kind: 'distribution',
          query: { model: 'licenses', measures: ['licensesAssigned'], by: ['usageBucket'], window: 'latest' },
          x: 'usageBucket',
          y: ['licensesAssigned'],
        },
      ],
      tables: [
        {
          id: 'by-product-table',
          title: 'Licenses by product',
          query: { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesUnassigned', 'licensesActive', 'deploymentRate', 'usageRate'], by: ['product'], window: 'latest', orderBy: [{ name: 'licensesSold', desc: true }] },
        },
        {
          id: 'by-customer-table',
          title: 'Licenses by customer and product',
          sheet: 'Licenses by customer',
          query: { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesUnassigned', 'licensesActive', 'deploymentRate', 'usageRate'], by: ['customer', 'product'], window: 'latest' },
        },
        {
          id: 'changes-90-days',
          title: 'License additions and reductions by customer, last 90 days',
          sheet: 'License changes by customer',
          query: {
            model: 'licenses',
            measures: ['licenseAdds', 'licenseReductions'],
            by: ['customer', 'product'],
            window: 'trailing-90-days',
            keep: { any: [{ column: 'licenseAdds', op: '>', value: 0 }, { column: 'licenseReductions', op: '>', value: 0 }] },
          },
        },
      ],
    },
    { title: 'Act on it', tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
