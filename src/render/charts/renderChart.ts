import * as Plot from '@observablehq/plot';
import type { Localizer } from '../../locale/localizer.js';
import type { ResolvedChart } from '../../reports/resolvedReport.js';
import { escapeXml, escapeXmlAttr } from '../escape.js';
import { chartFont, fontSize, partialNote } from './axes.js';
import { chartData, type ChartData } from './chartData.js';
import { chartKinds } from './chartKinds.js';
import { rampLegend, swatchLegend } from './legend.js';
import { coloursFor, type SeriesColours } from './seriesColours.js';
import { serializeSvg } from './serializeSvg.js';
import { svgDocument } from './svgDocument.js';

// Charts as SVG, drawn by Observable Plot on the server (into the small document of svgDocument.ts). One SVG serves
// the HTML pack (inline) and the XLSX pack (as PNG, see chartPng.ts). Fonts are named explicitly and
// sizes are fixed, so the same data draws the same bytes. How each kind is drawn lives in `kinds/`,
// shared with the embedded view.

export { chartFont } from './axes.js';
export { palette } from './seriesColours.js';

export interface RenderedChart {
  /** For HTML: the page shows the title above it. */
  svg: string;
  width: number;
  height: number;
  /** For pictures standing alone (workbooks): the title drawn inside. */
  titled: { svg: string; height: number };
  /** What the chart shows, for screen readers and the image's alternative text. */
  alt: string;
  /** Said under the chart when some series were merged or left out. */
  note?: string;
}

export interface RenderChartOptions {
  width?: number;
  /** The report's colour for each series (see `assignSeriesColours`); the palette in order when absent. */
  colours?: SeriesColours;
  /** The data's last day: a period running past it is drawn as in progress. */
  asOf?: string;
  /** The report's locale: titles, legends, axes and notes. */
  l: Localizer;
}

let chartDocument: Document | undefined;
function plotDocument(): Document {
  chartDocument ??= svgDocument();
  return chartDocument;
}

const titleHeight = 30;

/** Identifies one drawn chart: a definition's id, and its facet when it was split (one per currency). */
export function chartKey(chart: ResolvedChart): string {
  return chart.facet === undefined ? chart.id : `${chart.id}:${chart.facet}`;
}

export function chartTitle(chart: ResolvedChart): string {
  return chart.facet ? `${chart.title} (${chart.facet})` : chart.title;
}

export function renderChart(chart: ResolvedChart, { width = 1000, colours, asOf, l }: RenderChartOptions): RenderedChart {
  const kind = chartKinds[chart.spec.kind];
  const data = chartData(chart.spec, chart.data, { asOf, l });
  const titleText = chartTitle(chart);
  const alt = describe(titleText, l.t(kind.noun), chart.spec.kind === 'heatmap', data);
  const note = data.omitted ? kind.omittedNote(data.omitted, chart.spec.top ?? 0, l) : undefined;
  let body: string;
  let height: number;
  if (!data.points.some((p) => p.y !== null)) {
    height = 80;
    body = `<text x="${width / 2}" y="45" text-anchor="middle" fill="#595959">${escapeXml(l.t('ui.chart.empty'))}</text>`;
  } else {
    const scheme = coloursFor(data.series, colours, data.other);
    const legend = kind.legend === 'ramp' ? rampLegend(data, width) : data.series.length > 1 ? swatchLegend(data.series, scheme, width, l.t('ui.chart.legend')) : { svg: '', height: 0 };
    const plot = plotSvg(kind.plot({ Plot, data, scheme, width, common: commonOptions(plotDocument(), width) }));
    const partial = data.partial ? partialLine(data, width, legend.height + plot.height) : { svg: '', height: 0 };
    height = legend.height + plot.height + partial.height;
    body = (legend.svg ? `<g>${legend.svg}</g>` : '') + plot.svg.replace('<svg ', `<svg x="0" y="${legend.height}" `) + partial.svg;
  }
  const heading = `<text x="8" y="20" font-size="14" font-weight="bold" fill="#1f3864">${escapeXml(titleText)}</text>`;
  return {
    svg: wrap({ width, height, alt, body }),
    width,
    height,
    titled: { svg: wrap({ width, height: height + titleHeight, alt, body: `${heading}<g transform="translate(0,${titleHeight})">${body}</g>` }), height: height + titleHeight },
    alt,
    note,
  };
}

/** Options every kind starts from; the browser passes its own document. */
export function commonOptions(document: Document | undefined, width: number): Record<string, unknown> {
  return { ...(document ? { document } : {}), className: 'pl-chart', width, style: { fontFamily: chartFont, fontSize: `${fontSize}px`, background: 'white', color: '#222222' } };
}

function partialLine(data: ChartData, width: number, y: number): { svg: string; height: number } {
  const text = partialNote(data);
  return { svg: `<text x="${width - 8}" y="${y + 12}" text-anchor="end" font-size="10" fill="#595959">${escapeXml(text)}</text>`, height: 18 };
}

function wrap({ width, height, alt, body }: { width: number; height: number; alt: string; body: string }): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXmlAttr(alt)}" font-family="${escapeXmlAttr(chartFont)}" font-size="${fontSize}">` +
    `<desc>${escapeXml(alt)}</desc><rect width="${width}" height="${height}" fill="#ffffff"/>${body}</svg>`
  );
}

function plotSvg(options: Plot.PlotOptions & { height: number }): { svg: string; height: number } {
  return { svg: serializeSvg(Plot.plot(options) as unknown as Element), height: options.height };
}

function describe(title: string, noun: string, grid: boolean, data: ChartData): string {
  const { l } = data;
  const parts = [`${noun}${l.t('ui.punctuation.colon')}${title}`];
  if (grid) parts.push(l.t('ui.chart.alt.grid', { rows: data.series.length, columns: data.categories.length }));
  else if (data.series.length > 1) parts.push(l.t('ui.chart.alt.series', { count: data.series.length, names: `${data.series.slice(0, 5).join(', ')}${data.series.length > 5 ? ', …' : ''}` }));
  const values = data.points.filter((p) => p.y !== null);
  if (values.length) {
    const top = values.reduce((a, b) => ((b.y ?? 0) > (a.y ?? 0) ? b : a));
    parts.push(l.t('ui.chart.alt.highest', { point: top.tooltip }));
  }
  if (data.partial) parts.push(l.t('ui.chart.alt.partial'));
  return parts.join(l.t('ui.punctuation.semicolon'));
}
