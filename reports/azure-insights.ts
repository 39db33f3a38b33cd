import { defineReport } from '../src/reports/defineReport.js';
import { lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'azure-insights',
  title: 'Azure insights',
  description: 'Azure consumption by customer, meter category and subscription, growth against the previous period, the month-end forecast and the customers over their spending budget. Every amount is in its billing currency.',
  pages: [
    {
      title: 'Azure spend',
      kpis: [
        { model: 'azure', measure: 'cost', by: ['currency'], better: 'neutral' },
        { model: 'azure', measure: 'costGrowth', by: ['currency'], better: 'neutral' },
        { model: 'azure', measure: 'forecastMonthEnd', by: ['currency'], better: 'neutral' },
        { model: 'azure', measure: 'customersOverBudget', better: 'down' },
      ],
      charts: [
        {
          id: 'cost-by-category',
          title: 'Cost by meter category, month by month',
          sheet: 'Cost by category by month',
          kind: 'stacked-bar',
          query: { model: 'azure', measures: ['cost'], by: ['date:month', 'meterCategory', 'currency'], window: 'trailing-12-months' },
          x: 'date',
          y: ['cost'],
          color: 'meterCategory',
          facet: 'currency',
          top: 7,
        },
        {
          id: 'cost-by-customer',
          title: 'Cost by customer',
          kind: 'bar',
          query: { model: 'azure', measures: ['cost'], by: ['customer', 'currency'] },
          x: 'customer',
          y: ['cost'],
          facet: 'currency',
          top: 15,
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
          id: 'over-budget',
          title: 'Customers over budget',
          note: 'Spend above the customer’s monthly budget: tell them before the invoice does.',
          query: {
            model: 'azure',
            measures: ['cost', 'budgetUsed', 'forecastMonthEnd'],
            by: ['customer', 'currency'],
            keep: { all: [{ column: 'budgetUsed', op: '>', value: 1 }] },
            orderBy: [{ name: 'budgetUsed', desc: true }],
          },
        },
        {
          id: 'cost-by-customer-table',
          title: 'Cost by customer',
          sheet: 'Cost and budget by customer',
          query: { model: 'azure', measures: ['cost', 'costGrowth', 'forecastMonthEnd', 'budgetUsed'], by: ['customer', 'currency'], orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
        {
          id: 'cost-by-category-table',
          title: 'Cost by meter category',
          sheet: 'Cost by category',
          query: { model: 'azure', measures: ['cost', 'costGrowth'], by: ['meterCategory', 'currency'], orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
        {
          id: 'cost-by-subscription-table',
          title: 'Cost by customer and Azure subscription',
          sheet: 'Cost by subscription',
          query: { model: 'azure', measures: ['cost', 'costGrowth'], by: ['customer', 'subscription', 'currency'], orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
      ],
    },
    { title: 'Act on it', tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
