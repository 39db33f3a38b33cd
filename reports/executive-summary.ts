import { defineReport } from '../src/reports/defineReport.js';
import { lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'executive-summary',
  pages: [
    {
      kpis: [
        { model: 'customers', measure: 'customers' },
        { model: 'customers', measure: 'newCustomers' },
        { model: 'customers', measure: 'churnedCustomers', better: 'down' },
        { model: 'subscriptions', measure: 'activeSubscriptions' },
        { model: 'licenses', measure: 'licensesSold' },
        { model: 'licenses', measure: 'deploymentRate' },
        { model: 'licenses', measure: 'usageRate' },
        { model: 'licenses', measure: 'reducibleAtRenewal', better: 'down' },
        { model: 'users', measure: 'inactiveLicensedUsers', better: 'down' },
        { model: 'azure', measure: 'cost', by: ['currency'], better: 'neutral' },
        { model: 'azure', measure: 'customersOverBudget', better: 'down' },
      ],
      charts: [
        {
          id: 'customers-trend',
          kind: 'line',
          query: { model: 'customers', measures: ['customers'], by: ['date:month'], window: 'trailing-12-months' },
          x: 'date',
          y: ['customers'],
        },
        {
          id: 'new-churned-trend',
          kind: 'line',
          query: { model: 'customers', measures: ['newCustomers', 'churnedCustomers'], by: ['date:month'], window: 'trailing-12-months' },
          x: 'date',
          y: ['newCustomers', 'churnedCustomers'],
        },
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
        {
          id: 'deployment-distribution',
          kind: 'distribution',
          query: { model: 'licenses', measures: ['licensesSold'], by: ['deploymentBucket'], window: 'latest' },
          x: 'deploymentBucket',
          y: ['licensesSold'],
        },
      ],
      tables: [lowAdoptionCustomers, upsellCandidates],
    },
  ],
});
