import { defineReport } from '../src/reports/defineReport.js';
import { lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'workload-usage',
  title: 'Workload usage',
  description: 'Adoption of Exchange, SharePoint and OneDrive, Teams, Yammer, Skype and the Office apps: users active in the last 28 days against users licensed for the workload.',
  pages: [
    {
      title: 'Workloads',
      kpis: [
        { model: 'usage', measure: 'activeUsers' },
        { model: 'usage', measure: 'qualifiedUsers' },
        { model: 'usage', measure: 'workloadUsageRate' },
      ],
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
          id: 'active-trend',
          title: 'Active users by workload, month by month',
          sheet: 'Active users by month',
          kind: 'line',
          query: { model: 'usage', measures: ['activeUsers'], by: ['date:month', 'workload'], window: 'trailing-12-months' },
          x: 'date',
          y: ['activeUsers'],
          color: 'workload',
        },
        {
          id: 'rate-heatmap',
          title: 'Workload usage rate by customer and month',
          sheet: 'Usage rate heat map',
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
          title: 'Low workload adoption',
          note: 'Customer and workload pairs where under 40 % of licensed users are active: offer adoption help (training, migration) before the renewal conversation.',
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
          title: 'Workload usage by customer',
          query: { model: 'usage', measures: ['activeUsers', 'qualifiedUsers', 'workloadUsageRate'], by: ['customer', 'workload'], window: 'latest' },
        },
      ],
    },
    { title: 'Act on it', tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
