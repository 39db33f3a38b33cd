import { defineReport } from '../src/reports/defineReport.js';
import { lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'azure-resource-usage',
  pages: [
    {
      kpis: [
        { model: 'azure', measure: 'cost', by: ['currency'], better: 'neutral' },
        { model: 'azure', measure: 'effectiveCost', by: ['currency'], better: 'neutral' },
      ],
      charts: [
        {
          id: 'daily-units',
          kind: 'line',
          query: { model: 'azure', measures: ['quantity'], by: ['date:day', 'meter'] },
          x: 'date',
          y: ['quantity'],
          facet: 'meter',
          facets: 4,
        },
        {
          id: 'cost-by-region',
          kind: 'bar',
          query: { model: 'azure', measures: ['cost'], by: ['region', 'currency'] },
          x: 'region',
          y: ['cost'],
          facet: 'currency',
          top: 12,
        },
        {
          id: 'cost-by-resource-group',
          kind: 'bar',
          query: { model: 'azure', measures: ['cost'], by: ['resourceGroup', 'currency'] },
          x: 'resourceGroup',
          y: ['cost'],
          facet: 'currency',
          top: 15,
        },
      ],
      tables: [
        {
          id: 'daily-usage',
          query: { model: 'azure', measures: ['quantity', 'cost'], by: ['date:day', 'meterCategory', 'meter', 'currency'], orderBy: [{ name: 'date' }] },
        },
        {
          id: 'usage-by-meter',
          query: { model: 'azure', measures: ['quantity', 'cost'], by: ['meterCategory', 'meterSubcategory', 'meter', 'currency'], orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
        {
          id: 'usage-by-resource-group',
          query: { model: 'azure', measures: ['cost'], by: ['customer', 'region', 'resourceGroup', 'currency'], orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
      ],
    },
    { tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
