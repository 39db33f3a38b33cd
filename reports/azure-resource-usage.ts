import { defineReport } from '../src/reports/defineReport.js';
import { lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'azure-resource-usage',
  title: 'Azure resource usage',
  description: 'Daily units consumed per metered resource, with cost by region and resource group. Units differ between meters (hours, GB, transactions): compare a meter with itself over time.',
  pages: [
    {
      title: 'Resources',
      kpis: [
        { model: 'azure', measure: 'cost', by: ['currency'], better: 'neutral' },
        { model: 'azure', measure: 'effectiveCost', by: ['currency'], better: 'neutral' },
      ],
      charts: [
        {
          id: 'daily-units',
          title: 'Daily units',
          description: 'Units consumed per day, one chart per meter (each meter has its own unit and scale).',
          kind: 'line',
          query: { model: 'azure', measures: ['quantity'], by: ['date:day', 'meter'] },
          x: 'date',
          y: ['quantity'],
          facet: 'meter',
          facets: 4,
        },
        {
          id: 'cost-by-region',
          title: 'Cost by region',
          kind: 'bar',
          query: { model: 'azure', measures: ['cost'], by: ['region', 'currency'] },
          x: 'region',
          y: ['cost'],
          facet: 'currency',
          top: 12,
        },
        {
          id: 'cost-by-resource-group',
          title: 'Cost by resource group',
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
          title: 'Daily usage per metered resource',
          sheet: 'Daily usage per meter',
          description: 'Units and cost per day and meter across all customers; one customer\'s detail is in its customer pack.',
          query: { model: 'azure', measures: ['quantity', 'cost'], by: ['date:day', 'meterCategory', 'meter', 'currency'], orderBy: [{ name: 'date' }] },
        },
        {
          id: 'usage-by-meter',
          title: 'Usage by meter',
          query: { model: 'azure', measures: ['quantity', 'cost'], by: ['meterCategory', 'meterSubcategory', 'meter', 'currency'], orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
        {
          id: 'usage-by-resource-group',
          title: 'Usage by customer, region and resource group',
          sheet: 'Usage by resource group',
          query: { model: 'azure', measures: ['cost'], by: ['customer', 'region', 'resourceGroup', 'currency'], orderBy: [{ name: 'currency' }, { name: 'cost', desc: true }] },
        },
      ],
    },
    { title: 'Act on it', tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
