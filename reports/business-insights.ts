import { defineReport } from '../src/reports/defineReport.js';
import { lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'business-insights',
  pages: [
    {
      kpis: [
        { model: 'customers', measure: 'customers' },
        { model: 'customers', measure: 'newCustomers' },
        { model: 'customers', measure: 'churnedCustomers', better: 'down' },
        { model: 'subscriptions', measure: 'newSubscriptions' },
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
          id: 'customers-by-country',
          kind: 'bar',
          query: { model: 'customers', measures: ['customers'], by: ['country'], window: 'latest' },
          x: 'country',
          y: ['customers'],
          top: 15,
        },
      ],
      tables: [
        {
          id: 'new-customers',
          query: { model: 'customers', measures: ['newCustomers'], by: ['customer', 'country'], keep: { all: [{ column: 'newCustomers', op: '>', value: 0 }] } },
        },
        {
          id: 'churned-customers',
          query: { model: 'customers', measures: ['churnedCustomers'], by: ['customer', 'country'], keep: { all: [{ column: 'churnedCustomers', op: '>', value: 0 }] } },
        },
      ],
    },
    {
      kpis: [{ model: 'azure', measure: 'cost', by: ['currency'], better: 'neutral' }],
      charts: [
        {
          id: 'cost-by-product',
          kind: 'stacked-bar',
          query: { model: 'azure', measures: ['cost'], by: ['date:month', 'serviceCategory', 'currency'], window: 'trailing-12-months' },
          x: 'date',
          y: ['cost'],
          color: 'serviceCategory',
          facet: 'currency',
          top: 8,
        },
        {
          id: 'cost-heatmap',
          kind: 'heatmap',
          query: { model: 'azure', measures: ['cost'], by: ['customer', 'date:month', 'currency'], window: 'trailing-12-months' },
          x: 'date',
          y: ['cost'],
          color: 'customer',
          facet: 'currency',
          top: 15,
        },
      ],
      tables: [
        {
          id: 'cost-by-customer-12m',
          query: { model: 'azure', measures: ['cost'], by: ['customer', 'currency'], window: 'trailing-12-months', orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
        {
          id: 'cost-by-product-12m',
          query: { model: 'azure', measures: ['cost'], by: ['serviceCategory', 'meterCategory', 'currency'], window: 'trailing-12-months', orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
      ],
    },
    { tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
