import { localizerFor } from '../locale/catalogue.js';
import { chartData } from '../render/charts/chartData.js';
import { chartKey, chartTitle, renderChart } from '../render/charts/renderChart.js';
import { assignSeriesColours } from '../render/charts/seriesColours.js';
import { escapeHtml } from '../render/escape.js';
import { kpiCard } from '../render/html/kpiCard.js';
import type { ResolvedReport } from '../reports/resolvedReport.js';

// The top of the embedded report drawn on the server into the page itself: its KPIs and first chart show as
// soon as the HTML arrives, before d3 and Plot are loaded. The page's script then draws the whole report
// (tooltips, filters) in its place. Made once per page and data version (the page is kept whole), by the
// same chart-kind definitions and KPI cards as the packs; every value escaped by them.

/** Width of a chart drawn two to a row on a 1280-pixel screen, as the page draws it (CSS narrows it on a phone). */
const halfWidth = 538;
const fullWidth = 1100;

export function firstScreen(report: ResolvedReport): string {
  const page = report.pages[0];
  if (!page) return '';
  const l = localizerFor(report.locale);
  const colours = assignSeriesColours(report.pages.flatMap((p) => p.charts).filter((c) => c.spec.kind !== 'heatmap').map((c) => chartData(c.spec, c.data, { l }).series), l.t('ui.chart.other'));
  const chart = page.charts[0];
  let figure = '';
  if (chart) {
    const drawn = renderChart(chart, { width: page.charts.length === 1 ? fullWidth : halfWidth, colours, asOf: report.period.to, l });
    figure =
      `<div class="charts"><figure class="chart" data-chart="${escapeHtml(chartKey(chart))}" data-kind="${escapeHtml(chart.spec.kind)}">` +
      `<figcaption><h3>${escapeHtml(chartTitle(chart))}</h3>${chart.description ? `<p>${escapeHtml(chart.description)}</p>` : ''}</figcaption>` +
      `${drawn.svg}${drawn.note ? `<p class="note">${escapeHtml(drawn.note)}</p>` : ''}</figure></div>`;
  }
  return (
    '<section class="page">' +
    (report.pages.length > 1 ? `<h2>${escapeHtml(page.title)}</h2>` : '') +
    (page.kpis.length ? `<ul class="kpis">${page.kpis.map((k) => kpiCard(k, l, report.period.to)).join('')}</ul>` : '') +
    figure +
    '</section>'
  );
}
