import { describe, expect, it } from 'vitest';
import { reports } from '../reports/index.js';
import { listModels } from '../src/models/query.js';
import { localizerFor } from '../src/locale/catalogue.js';
import { catalogueKeys } from '../src/locale/catalogueKeys.js';
import { defineReport, dimensionName, type QuerySpec, type ReportDefinition } from '../src/reports/defineReport.js';

const specReports = ['executive-summary', 'business-insights', 'subscription-insights', 'license-insights', 'licenses-usage', 'workload-usage', 'azure-insights', 'azure-resource-usage', 'activity-log', 'customer-pack'];

function queries(report: ReportDefinition): { path: string; query: QuerySpec }[] {
  return report.pages.flatMap((page, p) => [
    ...page.kpis.map((k, i) => ({ path: `pages.${p}.kpis.${i}`, query: { model: k.model, measures: [k.measure], by: k.by, where: k.where } as QuerySpec })),
    ...page.charts.map((c, i) => ({ path: `pages.${p}.charts.${i}`, query: c.query })),
    ...page.tables.map((t, i) => ({ path: `pages.${p}.tables.${i}`, query: t.query })),
  ]);
}

describe('report definitions', () => {
  it('are the reports of SPEC §5, in order', () => {
    expect(reports.map((r) => r.name)).toEqual(specReports);
  });

  it('name only models, measures and dimensions that exist, with grains only on dates', () => {
    const models = new Map(listModels().map((m) => [m.name, m]));
    const problems: string[] = [];
    for (const report of reports) {
      for (const { path, query } of queries(report)) {
        const model = models.get(query.model);
        if (!model) {
          problems.push(`${report.name} ${path}: unknown model ${query.model}`);
          continue;
        }
        for (const m of query.measures) if (!(m in model.measures)) problems.push(`${report.name} ${path}: ${query.model} has no measure ${m}`);
        for (const by of query.by) {
          const [name, grain] = by.split(':');
          const dim = model.dimensions[name!];
          if (!dim) problems.push(`${report.name} ${path}: ${query.model} has no dimension ${name}`);
          else if (grain && !(dim.type === 'time' || (dim.type === 'column' && dim.date))) problems.push(`${report.name} ${path}: ${name} takes no grain`);
        }
        for (const w of query.where) if (!(w.dimension in model.dimensions)) problems.push(`${report.name} ${path}: ${query.model} has no dimension ${w.dimension}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('split every money figure by currency', () => {
    const models = new Map(listModels().map((m) => [m.name, m]));
    const problems: string[] = [];
    for (const report of reports) {
      for (const { path, query } of queries(report)) {
        const model = models.get(query.model)!;
        const money = query.measures.filter((m) => model.measures[m]?.format === 'currency');
        const byCurrency = query.by.map(dimensionName).includes('currency') || query.where.some((w) => w.dimension === 'currency' && w.values.length === 1);
        if (money.length && !byCurrency) problems.push(`${report.name} ${path}: ${money.join(', ')} without currency`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('each names its low-adoption customers and its upsell candidates', () => {
    for (const report of reports) {
      const tables = report.pages.flatMap((p) => p.tables);
      // Found by what a reader sees: their titles in the en-US catalogue.
      const title = (id: string) => localizerFor('en-US').t(catalogueKeys.table(id, 'title'));
      const low = tables.find((t) => title(t.id).startsWith('Low adoption'));
      const upsell = tables.find((t) => title(t.id).startsWith('Upsell candidates'));
      expect(low, report.name).toBeDefined();
      expect(upsell, report.name).toBeDefined();
      expect(low!.query.measures).toEqual(expect.arrayContaining(['licensesUnassigned', 'deploymentRate', 'usageRate']));
      expect(upsell!.query.keep).toEqual({ all: expect.arrayContaining([{ column: 'deploymentRate', op: '>=', value: 0.9 }]) });
    }
  });

  it('licenses-usage and customer-pack list the licenses to reduce at renewal and the inactive users, one row per user', () => {
    for (const name of ['licenses-usage', 'customer-pack']) {
      const tables = reports.find((r) => r.name === name)!.pages.flatMap((p) => p.tables);
      expect(tables.find((t) => t.id === 'licenses-to-reduce')!.query.measures).toContain('reducibleAtRenewal');
      const users = tables.find((t) => t.id === 'inactive-users')!;
      expect(users.query.by).toEqual(['customer', 'user', 'inactiveFor', 'lastActivity', 'assignedProducts']);
      expect(users.query.where).toEqual([{ dimension: 'inactiveFor', values: ['30-59', '60-89', '90+', 'never'] }]);
    }
    expect(reports.find((r) => r.name === 'customer-pack')!.scope).toBe('customer');
  });

  it('are refused with every problem at once, each with its path', () => {
    expect(() =>
      defineReport({
        name: 'Bad Name',
        pages: [
          {
            charts: [
              { id: 'c', kind: 'line', query: { model: 'licenses', measures: ['licensesSold'], by: ['customer'] }, x: 'date', y: ['licenseSold'] },
              { id: 'c', kind: 'heatmap', query: { model: 'licenses', measures: ['licensesSold'], by: ['customer'], keep: { all: [{ column: 'nope', op: '>', value: 1 }] } }, x: 'customer', y: ['licensesSold'] },
            ],
          },
        ],
      }),
    ).toThrowError(
      new Error(
        [
          'invalid report definition:',
          '  Bad Name → name: lower-case letters, digits and dashes',
          '  Bad Name → pages.0.charts.1.id: "c" is used twice in this report',
          '  Bad Name → pages.0.charts.1.query.keep.0.column: "nope" is not a column of this query (customer, licensesSold)',
          '  Bad Name → pages.0.charts.0.x: "date" is not a dimension of the chart\'s query (customer)',
          '  Bad Name → pages.0.charts.0.y: "licenseSold" is not a measure of the chart\'s query (licensesSold)',
          '  Bad Name → pages.0.charts.0.x: a line chart runs over time: x must be a dimension with a time grain (date:month)',
          '  Bad Name → pages.0.charts.1.kind: a heatmap needs one measure (y) and a row dimension (color)',
        ].join('\n'),
      ),
    );
  });
});
