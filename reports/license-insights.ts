import { defineReport } from '../src/reports/defineReport.js';
import { lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'license-insights',
  pages: [
    {
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
          kind: 'line',
          query: { model: 'licenses', measures: ['licenseAdds', 'licenseReductions'], by: ['date:week'], window: 'trailing-90-days' },
          x: 'date',
          y: ['licenseAdds', 'licenseReductions'],
        },
        {
          id: 'by-product',
          kind: 'bar',
          query: { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesActive'], by: ['product'], window: 'latest' },
          x: 'product',
          y: ['licensesSold', 'licensesAssigned', 'licensesActive'],
          top: 10,
        },
        {
          id: 'deployment-distribution',
          kind: 'distribution',
          query: { model: 'licenses', measures: ['licensesSold'], by: ['deploymentBucket'], window: 'latest' },
          x: 'deploymentBucket',
          y: ['licensesSold'],
        },
        {
          id: 'usage-distribution',
          kind: 'distribution',
          query: { model: 'licenses', measures: ['licensesAssigned'], by: ['usageBucket'], window: 'latest' },
          x: 'usageBucket',
          y: ['licensesAssigned'],
        },
      ],
      tables: [
        {
          id: 'by-product-table',
          query: { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesUnassigned', 'licensesActive', 'deploymentRate', 'usageRate'], by: ['product'], window: 'latest', orderBy: [{ name: 'licensesSold', desc: true }] },
        },
        {
          id: 'by-customer-table',
          query: { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesUnassigned', 'licensesActive', 'deploymentRate', 'usageRate'], by: ['customer', 'product'], window: 'latest' },
        },
        {
          id: 'changes-90-days',
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
    { tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
