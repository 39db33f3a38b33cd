import type { ResolvedChart, ResolvedReport } from '../../reports/resolvedReport.js';
import type { Localizer } from '../../locale/localizer.js';
import { chartFont, fontSize, partialNote } from '../../render/charts/axes.js';
import { chartData } from '../../render/charts/chartData.js';
import type { Plot } from '../../render/charts/chartKind.js';
import { chartKinds } from '../../render/charts/chartKinds.js';
import { assignSeriesColours, coloursFor, type SeriesColours } from '../../render/charts/seriesColours.js';
import { el } from './dom.js';

// A chart of the report drawn by the browser's Plot from the same kind definitions the server draws with.

const plot = (): Plot => (globalThis as unknown as { Plot: Plot }).Plot;

export function reportColours(report: ResolvedReport, l: Localizer): SeriesColours {
  const charts = report.pages.flatMap((page) => page.charts).filter((chart) => chart.spec.kind !== 'heatmap');
  return assignSeriesColours(charts.map((chart) => chartData(chart.spec, chart.data, { l }).series), l.t('ui.chart.other'));
}

export function drawChart(chart: ResolvedChart, { width, colours, asOf, note, l }: { width: number; colours: SeriesColours; asOf: string; note?: string; l: Localizer }): HTMLElement {
  const kind = chartKinds[chart.spec.kind];
  const data = chartData(chart.spec, chart.data, { asOf, l });
  const title = chart.facet ? `${chart.title} (${chart.facet})` : chart.title;
  const figure = el('figure', { class: 'chart', 'data-chart': chart.facet ? `${chart.id}:${chart.facet}` : chart.id, 'data-kind': chart.spec.kind });
  // A long legend must not widen the figure past its chart: two charts share a row on a wide screen.
  figure.style.width = `${width}px`;
  figure.append(el('figcaption', {}, el('h3', {}, title), ...(chart.description ? [el('p', {}, chart.description)] : [])));
  if (!data.points.some((p) => p.y !== null)) {
    figure.append(el('p', { class: 'empty-chart' }, l.t('ui.chart.empty')));
    return figure;
  }
  const scheme = coloursFor(data.series, colours, data.other);
  if (kind.legend === 'swatch' && data.series.length > 1) {
    figure.append(el('ul', { class: 'legend' }, ...data.series.map((name, i) => {
      const swatch = el('span', { class: 'swatch' });
      swatch.style.background = scheme[i] ?? '#999999';
      return el('li', {}, swatch, name);
    })));
  }
  const common = { className: 'pl-chart', width, style: { fontFamily: chartFont, fontSize: `${fontSize}px`, background: 'white', color: '#222222' } };
  const svg = plot().plot(kind.plot({ Plot: plot(), data, scheme, width, common }));
  figure.append(svg);
  const notes: string[] = [];
  if (data.omitted) notes.push(kind.omittedNote(data.omitted, chart.spec.top ?? 0, l));
  if (data.partial) notes.push(partialNote(data));
  if (note) notes.push(note);
  for (const text of notes) figure.append(el('p', { class: 'note' }, text));
  return figure;
}
