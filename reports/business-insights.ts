import { defineReport } from '../src/reports/defineReport.js';
import { lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'business-insights',
  title: 'Business insights',
  description: 'Customer tenants, new and churned customers, and twelve months of cost by product and customer — the Partner Center business view.',
  pages: [
    {
      title: 'Customers',
      kpis: [
        { model: 'customers', measure: 'customers' },
        { model: 'customers', measure: 'newCustomers' },
        { model: 'customers', measure: 'churnedCustomers', better: 'down' },
        { model: 'subscriptions', measure: 'newSubscriptions' },
      ],
      charts: [
        {
          id: 'customers-trend',
          title: 'Customer tenants, month by month',
          sheet: 'Customers by month',
          kind: 'line',
          query: { model: 'customers', measures: ['customers'], by: ['date:month'], window: 'trailing-12-months' },
          x: 'date',
          y: ['customers'],
        },
        {
          id: 'new-churned-trend',
          title: 'New and churned customers',
          kind: 'line',
          query: { model: 'customers', measures: ['newCustomers', 'churnedCustomers'], by: ['date:month'], window: 'trailing-12-months' },
          x: 'date',
          y: ['newCustomers', 'churnedCustomers'],
        },
        {
          id: 'customers-by-country',
          title: 'Customers by country',
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
          title: 'New customers in the period',
          query: { model: 'customers', measures: ['newCustomers'], by: ['customer', 'country'], keep: { all: [{ column: 'newCustomers', op: '>', value: 0 }] } },
        },
        {
          id: 'churned-customers',
          title: 'Churned customers in the period',
          note: 'No active or suspended subscription left; the last one ended in the period. Worth a call.',
          query: { model: 'customers', measures: ['churnedCustomers'], by: ['customer', 'country'], keep: { all: [{ column: 'churnedCustomers', op: '>', value: 0 }] } },
        },
      ],
    },
    {
      title: 'Twelve-month cost',
      kpis: [{ model: 'azure', measure: 'cost', by: ['currency'], better: 'neutral' }],
      charts: [
        {
          id: 'cost-by-product',
          title: 'Cost by product (service category), last 12 months',
          sheet: 'Cost by product, 12 months',
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
          title: 'Cost by customer and month',
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
          title: 'Twelve-month cost by customer',
          query: { model: 'azure', measures: ['cost'], by: ['customer', 'currency'], window: 'trailing-12-months', orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
        {
          id: 'cost-by-product-12m',
          title: 'Twelve-month cost by product',
          query: { model: 'azure', measures: ['cost'], by: ['serviceCategory', 'meterCategory', 'currency'], window: 'trailing-12-months', orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
      ],
    },
    { title: 'Act on it', tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
