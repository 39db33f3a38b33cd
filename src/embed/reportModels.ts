import type { ReportDefinition } from '../reports/defineReport.js';

/** The models a report's KPIs, charts and tables read: what an embed token for it may query. */
export function reportModels(report: ReportDefinition): Set<string> {
  const models = new Set<string>();
  for (const page of report.pages) {
    for (const kpi of page.kpis) models.add(kpi.model);
    for (const item of [...page.charts, ...page.tables]) models.add(item.query.model);
  }
  return models;
}
