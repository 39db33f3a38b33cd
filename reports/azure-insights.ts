import { defineReport } from '../src/reports/defineReport.js';
import { lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'azure-insights',
  pages: [
    {
      kpis: [
        { model: 'azure', measure: 'cost', by: ['currency'], better: 'neutral' },
        { model: 'azure', measure: 'costGrowth', by: ['currency'], better: 'neutral' },
        { model: 'azure', measure: 'forecastMonthEnd', by: ['currency'], better: 'neutral' },
        { model: 'azure', measure: 'customersOverBudget', better: 'down' },
      ],
      charts: [
        {
          id: 'cost-by-category',
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
          kind: 'bar',
          query: { model: 'azure', measures: ['cost'], by: ['customer', 'currency'] },
          x: 'customer',
          y: ['cost'],
          facet: 'currency',
          top: 15,
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
          id: 'over-budget',
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
          query: { model: 'azure', measures: ['cost', 'costGrowth', 'forecastMonthEnd', 'budgetUsed'], by: ['customer', 'currency'], orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
        {
          id: 'cost-by-category-table',
          query: { model: 'azure', measures: ['cost', 'costGrowth'], by: ['meterCategory', 'currency'], orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
        {
          id: 'cost-by-subscription-table',
          query: { model: 'azure', measures: ['cost', 'costGrowth'], by: ['customer', 'subscription', 'currency'], orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
      ],
    },
    { tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
