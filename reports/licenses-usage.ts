import { defineReport } from '../src/reports/defineReport.js';
import { inactiveUsers, licensesToReduce, lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'licenses-usage',
  title: 'Licenses usage',
  description: 'Assigned licenses against licenses in use, by product and customer; the licenses to reduce before their term renews; licensed users inactive for 30, 60 or 90 days.',
  pages: [
    {
      title: 'Assigned and in use',
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
          title: 'Assigned and in use by product',
          kind: 'bar',
          query: { model: 'licenses', measures: ['licensesAssigned', 'licensesActive'], by: ['product'], window: 'latest' },
          x: 'product',
          y: ['licensesAssigned', 'licensesActive'],
          top: 10,
        },
        {
          id: 'usage-heatmap',
          title: 'Usage rate by customer and month',
          sheet: 'Usage rate heat map',
          description: 'Share of assigned licenses in use, month by month; the customers with the lowest average usage come first.',
          kind: 'heatmap',
          query: { model: 'licenses', measures: ['usageRate'], by: ['customer', 'date:month'], window: 'trailing-12-months' },
          x: 'date',
          y: ['usageRate'],
          color: 'customer',
          top: 15,
        },
        {
          id: 'inactive-distribution',
          title: 'Inactive licensed users by time since last activity',
          sheet: 'Inactive users by inactivity',
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
          title: 'Assigned and in use by customer and product',
          sheet: 'Assigned and in use by customer',
          query: { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesActive', 'usageRate', 'licensesUnassigned'], by: ['customer', 'product'], window: 'latest' },
        },
      ],
    },
    { title: 'Act on it', tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
