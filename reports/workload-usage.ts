import { defineReport } from '../src/reports/defineReport.js';
import { lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'workload-usage',
  pages: [
    {
      kpis: [
        { model: 'usage', measure: 'activeUsers' },
        { model: 'usage', measure: 'qualifiedUsers' },
        { model: 'usage', measure: 'workloadUsageRate' },
      ],
      charts: [
        {
          id: 'rate-by-workload',
          kind: 'bar',
          query: { model: 'usage', measures: ['workloadUsageRate'], by: ['workload'], window: 'latest' },
          x: 'workload',
          y: ['workloadUsageRate'],
        },
        {
          id: 'active-trend',
          kind: 'line',
          query: { model: 'usage', measures: ['activeUsers'], by: ['date:month', 'workload'], window: 'trailing-12-months' },
          x: 'date',
          y: ['activeUsers'],
          color: 'workload',
        },
        {
          id: 'rate-heatmap',
          kind: 'heatmap',
          query: { model: 'usage', measures: ['workloadUsageRate'], by: ['customer', 'date:month'], window: 'trailing-12-months' },
          x: 'date',
          y: ['workloadUsageRate'],
          color: 'customer',
          top: 15,
        },
      ],
      tables: [
        {
          id: 'low-workload-adoption',
          query: {
            model: 'usage',
            measures: ['activeUsers', 'qualifiedUsers', 'workloadUsageRate'],
            by: ['customer', 'workload'],
            window: 'latest',
            keep: { all: [{ column: 'workloadUsageRate', op: '<', value: 0.4 }, { column: 'qualifiedUsers', op: '>', value: 0 }] },
            orderBy: [{ name: 'qualifiedUsers', desc: true }],
          },
        },
        {
          id: 'by-customer-workload',
          query: { model: 'usage', measures: ['activeUsers', 'qualifiedUsers', 'workloadUsageRate'], by: ['customer', 'workload'], window: 'latest' },
        },
      ],
    },
    { tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
