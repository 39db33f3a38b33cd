import type { ChartSpec } from '../src/reports/defineReport.js';
import type { DataColumn, ResolvedChart, ResolvedReport } from '../src/reports/resolvedReport.js';

// A hand-made resolved report: the renderers' whole input, with the hard cases (markup in names, formula-
// looking text, two currencies, lists, a missing value) and numbers chosen so tests can compute totals.

export const hostileName = '"><img src=x onerror=alert(1)> Müller & Söhne <script>alert(2)</script>';
export const formulaName = '=HYPERLINK("http://x","a")';
export const rtlName = 'abc\u202Egnp.exe';

const months = ['2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01'];
const customers = ['Contoso Ltd', 'Fabrikam, Inc.', hostileName, 'Société Générale d\'Électricité', formulaName, rtlName, 'Northwind Traders', 'Adventure Works Cycles'];

const col = (name: string, label: string, format: DataColumn['format'], extra: Partial<DataColumn> = {}): DataColumn => ({
  name, label, format, role: ['currency', 'percent', 'integer', 'number'].includes(format) && !extra.role ? 'measure' : 'dimension', ...extra,
});

function chart(spec: Omit<ChartSpec, 'query'> & { title: string; by: string[]; measures: string[] }, data: ResolvedChart['data'], facet?: string): ResolvedChart {
  const { by, measures, title, ...rest } = spec;
  return { id: spec.id, title, spec: { ...rest, query: { model: 'x', measures, by, where: [], window: 'period', orderBy: [] } } as ChartSpec, data, ...(facet ? { facet } : {}) };
}

export function sampleReport(): ResolvedReport {
  const costRows = months.flatMap((m, i) => [
    { date: m, meterCategory: 'Virtual Machines', currency: 'USD', cost: 1000 + i * 100 },
    { date: m, meterCategory: 'Storage', currency: 'USD', cost: 400 + i * 10 },
    { date: m, meterCategory: '<b>Networking</b>', currency: 'USD', cost: 120.5 },
  ]);
  const heat = customers.slice(0, 6).flatMap((c, ci) => months.map((m, i) => ({ customer: c, date: m, usageRate: ((ci * 13 + i * 7) % 110) / 100 })));
  return {
    name: 'sample-report',
    locale: 'en-US',
    title: 'Sample report <for tests>',
    description: 'Every kind of chart and table, with hostile names.',
    period: { from: '2026-10-01', to: '2026-10-31' },
    previous: { from: '2026-09-01', to: '2026-09-30' },
    filters: [{ label: 'Customer', value: 'all customers' }],
    freshness: [
      { dataset: 'licenses', source: 'demo', asOf: '2026-10-31T00:00:00.000Z', runId: 3 },
      { dataset: 'azure-usage', source: 'demo', asOf: '2026-10-30T00:00:00.000Z', runId: 5 },
    ],
    runId: 5,
    measures: [
      { model: 'licenses', name: 'licensesSold', label: 'Licenses sold', format: 'integer', description: 'Purchased units, last snapshot in the period.' },
      { model: 'licenses', name: 'deploymentRate', label: 'Deployment rate', format: 'percent', description: 'Assigned ÷ sold.' },
      { model: 'azure', name: 'cost', label: 'Cost', format: 'currency', description: 'Billed pre-tax cost in the billing currency.' },
    ],
    pages: [
      {
        title: 'Overview',
        kpis: [
          { id: 'licenses.licensesSold', label: 'Licenses sold', format: 'integer', value: 1234, previous: 1200, better: 'up', trend: months.map((m, i) => ({ period: m, value: 1100 + i * 12 })) },
          { id: 'licenses.deploymentRate', label: 'Deployment rate', format: 'percent', value: 0.873, previous: 0.9, better: 'up', trend: months.map((m, i) => ({ period: m, value: 0.8 + i / 100 })) },
          { id: 'azure.cost.USD', label: 'Azure cost', format: 'currency', currency: 'USD', value: 12345.678, previous: null, better: 'neutral', trend: months.map((m) => ({ period: m, value: null })) },
          { id: 'azure.cost.EUR', label: 'Azure cost', format: 'currency', currency: 'EUR', value: -5, previous: 10, better: 'down', trend: months.map((m, i) => ({ period: m, value: i })) },
        ],
        charts: [
          chart({ id: 'cost-trend', title: 'Azure cost by month', kind: 'stacked-bar', x: 'date', y: ['cost'], color: 'meterCategory', by: ['date:month', 'meterCategory', 'currency'], measures: ['cost'], facet: 'currency' }, {
            columns: [col('date', 'Month', 'date', { grain: 'month' }), col('meterCategory', 'Meter category', 'text'), col('currency', 'Currency', 'text'), col('cost', 'Cost', 'currency', { currency: { column: 'currency' } })],
            rows: costRows,
          }, 'USD'),
          chart({ id: 'customers-trend', title: 'Customers', kind: 'line', x: 'date', y: ['customers', 'newCustomers'], by: ['date:month'], measures: ['customers', 'newCustomers'] }, {
            columns: [col('date', 'Month', 'date', { grain: 'month' }), col('customers', 'Customers', 'integer'), col('newCustomers', 'New customers', 'integer')],
            rows: months.map((m, i) => ({ date: m, customers: 50 + i, newCustomers: i % 3 === 0 ? null : 2 + (i % 4) })),
          }),
          chart({ id: 'sold-by-customer', title: 'Licenses by customer', kind: 'bar', x: 'customer', y: ['licensesSold', 'licensesAssigned'], by: ['customer'], measures: ['licensesSold', 'licensesAssigned'], top: 6 }, {
            columns: [col('customer', 'Customer', 'text'), col('licensesSold', 'Licenses sold', 'integer'), col('licensesAssigned', 'Licenses assigned', 'integer')],
            rows: customers.map((c, i) => ({ customer: c, licensesSold: 100 - i * 9, licensesAssigned: 80 - i * 7 })),
          }),
          chart({ id: 'usage-heatmap', title: 'Usage rate by customer and month', kind: 'heatmap', x: 'date', y: ['usageRate'], color: 'customer', by: ['customer', 'date:month'], measures: ['usageRate'] }, {
            columns: [col('customer', 'Customer', 'text'), col('date', 'Month', 'date', { grain: 'month' }), col('usageRate', 'Usage rate', 'percent')],
            rows: heat,
          }),
          chart({ id: 'deployment-distribution', title: 'Deployment rate distribution', kind: 'distribution', x: 'deploymentBucket', y: ['licensesSold'], by: ['deploymentBucket'], measures: ['licensesSold'] }, {
            columns: [col('deploymentBucket', 'Deployment bucket', 'text'), col('licensesSold', 'Licenses sold', 'integer')],
            rows: [{ deploymentBucket: '>100', licensesSold: 3 }, { deploymentBucket: '80-100', licensesSold: 40 }, { deploymentBucket: '0-20', licensesSold: 12 }, { deploymentBucket: '40-60', licensesSold: 7 }, { deploymentBucket: '20-40', licensesSold: 0 }, { deploymentBucket: '60-80', licensesSold: 22 }],
          }),
        ],
        tables: [
          {
            id: 'inactive-users',
            title: 'Licensed users inactive for 30 days or more',
            note: 'Reclaim or reassign these licenses.',
            data: {
              columns: [col('customer', 'Customer', 'text'), col('user', 'User', 'text'), col('product', 'Products', 'text', { list: true }), col('inactiveFor', 'Inactive for', 'text'), col('lastActivity', 'Last activity', 'date'), col('licensesOnInactiveUsers', 'Licenses held', 'integer')],
              rows: [
                { customer: 'Contoso Ltd', user: 'ann@contoso.com', product: ['Microsoft 365 E3', 'Visio Plan 2'], inactiveFor: '90+', lastActivity: '2026-05-02', licensesOnInactiveUsers: 2 },
                { customer: hostileName, user: '@SUM(A1)', product: ['Microsoft 365 Business Premium'], inactiveFor: 'never', lastActivity: null, licensesOnInactiveUsers: 1 },
                { customer: formulaName, user: '+1', product: ['-2+3', '\tTab led'], inactiveFor: '30-59', lastActivity: '2026-09-20', licensesOnInactiveUsers: 2 },
              ],
            },
          },
          {
            id: 'cost-by-customer',
            title: 'Azure cost by customer',
            data: {
              columns: [col('customer', 'Customer', 'text'), col('currency', 'Currency', 'text'), col('cost', 'Cost', 'currency', { currency: { column: 'currency' } }), col('costGrowth', 'Cost growth', 'percent'), col('=evil', '=evil', 'integer'), col('evil', 'evil', 'integer')],
              rows: [
                { customer: 'Contoso Ltd', currency: 'USD', cost: 1234.5, costGrowth: 0.12, '=evil': 1, evil: 2 },
                { customer: 'Contoso Ltd', currency: 'EUR', cost: 99.99, costGrowth: -0.05, '=evil': -5, evil: 0 },
                { customer: rtlName, currency: 'GBP', cost: 0, costGrowth: null, '=evil': null, evil: 3 },
              ],
            },
          },
        ],
      },
    ],
  };
}
