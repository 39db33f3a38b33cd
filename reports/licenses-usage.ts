import { defineReport } from '../src/reports/defineReport.js';
import { inactiveUsers, licensesToReduce, lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'licenses-usage',
  pages: [
    {
      kpis: [
        { model: 'licenses', measure: 'licensesAssigned' },
        { model: 'licenses', measure: 'licensesActive' },
        { model: 'licenses', measure: 'usageRate' },
        { model: 'licenses', measure: 'licensesUnassigned', better: 'down' },
        { model: 'licenses', measure: 'reducibleAtRenewal', better: 'down' },
        { model: 'licenses', measure: 'skusAtCapacity', better: 'neutral' },
        { model: 'users', measure: 'inactiveLicensedUsers', better: 'down' },
        { model: 'users', measure: 'licensesOnInactiveUsers', better: 'down' },
      ],
      charts: [
        {
          id: 'assigned-active-by-product',
          kind: 'bar',
          query: { model: 'licenses', measures: ['licensesAssigned', 'licensesActive'], by: ['product'], window: 'latest' },
          x: 'product',
          y: ['licensesAssigned', 'licensesActive'],
          top: 10,
        },
        {
          id: 'usage-heatmap',
          kind: 'heatmap',
          query: { model: 'licenses', measures: ['usageRate'], by: ['customer', 'date:month'], window: 'trailing-12-months' },
          x: 'date',
          y: ['usageRate'],
          color: 'customer',
          top: 15,
        },
        {
          id: 'inactive-distribution',
          kind: 'distribution',
          query: { model: 'users', measures: ['inactiveLicensedUsers'], by: ['inactiveFor'], where: [{ dimension: 'inactiveFor', values: ['30-59', '60-89', '90+', 'never'] }], window: 'latest' },
          x: 'inactiveFor',
          y: ['inactiveLicensedUsers'],
        },
      ],
      tables: [
        licensesToReduce,
        inactiveUsers,
        {
          id: 'assigned-active-by-customer',
          query: { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesActive', 'usageRate', 'licensesUnassigned'], by: ['customer', 'product'], window: 'latest' },
        },
      ],
    },
    { tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
