import { defineReport } from '../src/reports/defineReport.js';
import { lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'activity-log',
  pages: [
    {
      kpis: [
        { model: 'activity', measure: 'operations', better: 'neutral' },
        { model: 'activity', measure: 'failedOperations', better: 'down' },
      ],
      charts: [
        {
          id: 'daily-operations',
          kind: 'stacked-bar',
          query: { model: 'activity', measures: ['operations'], by: ['date:day', 'operationStatus'] },
          x: 'date',
          y: ['operations'],
          color: 'operationStatus',
        },
        {
          id: 'by-type',
          kind: 'bar',
          query: { model: 'activity', measures: ['operations', 'failedOperations'], by: ['operationType'] },
          x: 'operationType',
          y: ['operations', 'failedOperations'],
          top: 12,
        },
      ],
      tables: [
        {
          id: 'failed-operations',
          query: { model: 'activity', measures: ['operations'], by: ['date:day', 'customer', 'user', 'resourceType', 'operationType'], where: [{ dimension: 'operationStatus', values: ['failed'] }], orderBy: [{ name: 'date', desc: true }] },
        },
        {
          id: 'operations',
          query: { model: 'activity', measures: ['operations'], by: ['date:day', 'customer', 'user', 'resourceType', 'operationType', 'operationStatus'], orderBy: [{ name: 'date', desc: true }] },
        },
      ],
    },
    { tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
