import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { localizerFor } from '../locale/catalogue.js';
import type { Localizer } from '../locale/localizer.js';
import type { ResolvedReport } from '../reports/resolvedReport.js';
import { chartData } from './charts/chartData.js';
import { chartKey, renderChart, type RenderedChart } from './charts/renderChart.js';
import { assignSeriesColours, type SeriesColours } from './charts/seriesColours.js';
import { renderHtml } from './html/renderHtml.js';
import { packFormats, type PackFormat } from './packFormats.js';
import { pathInside, safeFileName } from './safeFileName.js';
import type { XlsxWriterOptions } from './xlsx/xlsxWriter.js';

// One resolved report to files: each chart drawn once for both formats; each file written under a
// temporary name and renamed, so a reader (or the outbox) never sees half a pack.

export { packFormats, type PackFormat } from './packFormats.js';

export interface PackOptions {
  outDir: string;
  /** File name without extension; made safe here whatever it holds. */
  baseName: string;
  formats: readonly PackFormat[];
  rowLimit?: number;
  writer?: Omit<XlsxWriterOptions, 'title' | 'subject' | 'modified'>;
}

export function renderCharts(report: ResolvedReport): Map<string, RenderedChart> {
  const charts = new Map<string, RenderedChart>();
  const l = localizerFor(report.locale);
  const colours = reportColours(report, l);
  const asOf = report.period.to;
  for (const page of report.pages) for (const chart of page.charts) charts.set(chartKey(chart), renderChart(chart, { colours, asOf, l }));
  return charts;
}

/** One colour per series across the whole report, in the order the charts first show them. */
export function reportColours(report: ResolvedReport, l: Localizer): SeriesColours {
  const charts = report.pages.flatMap((page) => page.charts).filter((chart) => chart.spec.kind !== 'heatmap');
  return assignSeriesColours(charts.map((chart) => chartData(chart.spec, chart.data, { l }).series), l.t('ui.chart.other'));
}

export async function writePack(report: ResolvedReport, { outDir, baseName, formats, rowLimit, writer }: PackOptions): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const name = safeFileName(baseName, { max: 120 });
  const charts = renderCharts(report);
  const written: string[] = [];
  for (const format of packFormats) {
    if (!formats.includes(format)) continue;
    const target = pathInside(outDir, `${name}.${format}`);
    const temp = pathInside(outDir, `.${name}.${process.pid}.tmp`);
    try {
      if (format === 'html') writeFileSync(temp, renderHtml(report, { charts, rowLimit }), 'utf8');
      // The workbook writer (and resvg, for its pictures) only when a workbook is asked for.
      else await (await import('./xlsx/renderXlsx.js')).renderXlsx(report, temp, { charts, writer });
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    written.push(target);
  }
  return written;
}
