import { defineReport } from '../src/reports/defineReport.js';
import { lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'activity-log',
  title: 'Activity log',
  description: 'Operations recorded in Partner Center (orders, subscription changes, user and license changes) by day, type and outcome, and the ones that failed.',
  pages: [
    {
      title: 'Activity',
      kpis: [
        { model: 'activity', measure: 'operations', better: 'neutral' },
        { model: 'activity', measure: 'failedOperations', better: 'down' },
      ],
      charts: [
        {
          id: 'daily-operations',
          title: 'Operations per day by outcome',
          kind: 'stacked-bar',
          query: { model: 'activity', measures: ['operations'], by: ['date:day', 'operationStatus'] },
          x: 'date',
          y: ['operations'],
          color: 'operationStatus',
        },
        {
          id: 'by-type',
          title: 'Operations by type',
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
          title: 'Failed operations',
          note: 'Operations that did not complete: check whether the change still needs to be made.',
          query: { model: 'activity', measures: ['operations'], by: ['date:day', 'customer', 'user', 'resourceType', 'operationType'], where: [{ dimension: 'operationStatus', values: ['failed'] }], orderBy: [{ name: 'date', desc: true }] },
        },
        {
          id: 'operations',
          title: 'Operations by day, customer and user',
          sheet: 'Operations',
          query: { model: 'activity', measures: ['operations'], by: ['date:day', 'customer', 'user', 'resourceType', 'operationType', 'operationStatus'], orderBy: [{ name: 'date', desc: true }] },
        },
      ],
    },
    { title: 'Act on it', tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
