import { JSDOM } from 'jsdom';
import * as Plot from '@observablehq/plot';
import type { ResolvedChart } from '../../reports/resolvedReport.js';
import { escapeXml, escapeXmlAttr } from '../escape.js';
import { formatCompact, formatNumber } from '../format.js';
import { chartData, otherLabel, type ChartData, type Point } from './chartData.js';
import { rampLegend, swatchLegend, textWidth } from './legend.js';

// Charts as SVG, drawn by Observable Plot on the server (jsdom supplies the document). One SVG serves
// the HTML pack (inline) and the XLSX pack (as PNG, see chartPng.ts). Fonts are named explicitly and
// sizes are fixed, so the same data draws the same bytes.

export const chartFont = "'DejaVu Sans', Verdana, sans-serif";
const fontSize = 11;
export const palette = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#2a9d8f', '#e76f51', '#264653'];
const otherColour = '#9498a0';

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

let dom: JSDOM | undefined;
function plotDocument(): Document {
  dom ??= new JSDOM('<!DOCTYPE html><html><body></body></html>');
  return dom.window.document;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function shortMonth(d: Date): string {
  return `${months[d.getUTCMonth()]} ${String(d.getUTCFullYear()).slice(2)}`;
}

/** Time axis labels by grain: "Oct 26" for months, "Oct 4" for days and weeks. */
function timeLabel(value: Date | string, grain: ChartData['timeGrain']): string {
  const d = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
  if (Number.isNaN(d.getTime())) return String(value);
  if (grain === 'day' || grain === 'week') return `${months[d.getUTCMonth()]} ${d.getUTCDate()}`;
  if (grain === 'quarter') return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${String(d.getUTCFullYear()).slice(2)}`;
  if (grain === 'year') return String(d.getUTCFullYear());
  return shortMonth(d);
}

/** At most about a dozen labels on a band axis: every n-th category. */
function thinTicks(categories: readonly string[], most = 12): string[] {
  const step = Math.max(1, Math.ceil(categories.length / most));
  return categories.filter((_, i) => i % step === 0);
}

function clip(label: string, max = 30): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

// Outcomes keep the colours readers expect, whatever order they come in.
const semantic: Record<string, string> = { failed: '#d62728', succeeded: '#3ca951', progress: '#efb118' };

function colours(series: readonly string[]): string[] {
  let next = 0;
  const known = series.every((s) => s in semantic);
  return series.map((s) => (known ? semantic[s]! : s === otherLabel ? otherColour : palette[next++ % palette.length]!));
}

const titleHeight = 30;

/** Identifies one drawn chart: a definition's id, and its facet when it was split (one per currency). */
export function chartKey(chart: ResolvedChart): string {
  return chart.facet === undefined ? chart.id : `${chart.id}:${chart.facet}`;
}

export function chartTitle(chart: ResolvedChart): string {
  return chart.facet ? `${chart.title} (${chart.facet})` : chart.title;
}

export function renderChart(chart: ResolvedChart, { width = 1000 }: { width?: number } = {}): RenderedChart {
  const data = chartData(chart.spec, chart.data);
  const titleText = chartTitle(chart);
  const alt = describe(titleText, chart.spec.kind, data);
  const note = data.omitted ? omittedNote(chart.spec.kind, data.omitted, chart.spec.top ?? 0) : undefined;
  let body: string;
  let height: number;
  if (!data.points.some((p) => p.y !== null)) {
    height = 80;
    body = `<text x="${width / 2}" y="45" text-anchor="middle" fill="#595959">No data for this period</text>`;
  } else {
    const scheme = colours(data.series);
    const showLegend = data.series.length > 1 && chart.spec.kind !== 'heatmap';
    const legend = chart.spec.kind === 'heatmap' ? rampLegend(data, width) : showLegend ? swatchLegend(data.series, scheme, width) : { svg: '', height: 0 };
    const plot = plotSvg(chart.spec.kind, data, scheme, width);
    height = legend.height + plot.height;
    body = (legend.svg ? `<g>${legend.svg}</g>` : '') + plot.svg.replace('<svg ', `<svg x="0" y="${legend.height}" `);
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

function wrap({ width, height, alt, body }: { width: number; height: number; alt: string; body: string }): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXmlAttr(alt)}" font-family="${escapeXmlAttr(chartFont)}" font-size="${fontSize}">` +
    `<desc>${escapeXml(alt)}</desc><rect width="${width}" height="${height}" fill="#ffffff"/>${body}</svg>`
  );
}

function axisFormat(data: ChartData): (value: number) => string {
  // Counts have no halves: an axis from 0 to 1 labels 0 and 1, not 0.2, 0.4…
  if (data.yFormat === 'integer') return (value) => (Number.isInteger(value) ? formatCompact(value, 'integer') : '');
  return (value) => formatCompact(value, data.yFormat);
}

/** Tick count for the value axis: at most one per unit for small counts. */
function valueTicks(data: ChartData): number | undefined {
  if (data.yFormat !== 'integer') return undefined;
  const max = Math.max(0, ...data.points.map((p) => p.y ?? 0));
  return max < 8 ? Math.max(1, Math.ceil(max)) : undefined;
}

function valueLabel(data: ChartData): (p: Point) => string {
  return (p) => {
    if (p.y === null) return '';
    if (data.yFormat === 'currency' || data.yFormat === 'number') return Math.abs(p.y) < 1000 ? formatNumber(p.y, 'integer') : formatCompact(p.y, 'number');
    return formatNumber(p.y, data.yFormat);
  };
}

function yAxisLabel(data: ChartData): string | null {
  if (!data.yLabel) return data.currency ?? null;
  return data.currency ? `${data.yLabel} (${data.currency})` : data.yLabel;
}

function plotSvg(kind: ResolvedChart['spec']['kind'], data: ChartData, scheme: string[], width: number): { svg: string; height: number } {
  const document = plotDocument();
  const colour = { domain: data.series, range: scheme };
  const common = { document, className: 'pl-chart', width, style: { fontFamily: chartFont, fontSize: `${fontSize}px`, background: 'white', color: '#222222' } };
  const points = data.points;
  let options: Plot.PlotOptions;
  const labelWidth = (labels: readonly string[]) => Math.min(260, 16 + Math.max(...labels.map((l) => textWidth(clip(l), fontSize))));

  if (kind === 'line') {
    const grain = data.timeGrain;
    options = {
      ...common,
      height: 300,
      marginLeft: 60,
      marginRight: 24,
      marginBottom: 34,
      x: { type: 'utc', label: null, ticks: Math.min(data.categories.length, grain === 'month' ? 12 : 8), tickFormat: (d: Date) => timeLabel(d, grain) },
      y: { grid: true, label: yAxisLabel(data), tickFormat: axisFormat(data), ticks: valueTicks(data), zero: true, nice: true },
      color: colour,
      marks: [
        Plot.ruleY([0], { stroke: '#bbbbbb' }),
        Plot.lineY(points, { x: 'date', y: 'y', stroke: 'series', strokeWidth: 2, z: 'series' }),
        Plot.dot(points.filter((p) => p.y !== null), { x: 'date', y: 'y', fill: 'series', r: 2.5, title: 'tooltip' }),
      ],
    };
  } else if (kind === 'bar') {
    const grouped = data.series.length > 1;
    const band = grouped ? data.series.length * 13 + 10 : 24;
    const height = data.categories.length * band + 48;
    const left = labelWidth(data.categories);
    options = {
      ...common,
      height,
      marginLeft: left,
      marginRight: 72,
      marginTop: 28,
      // The measure is in the title (and the currency in the facet): an axis label would crowd the last tick.
      x: { grid: true, label: null, tickFormat: axisFormat(data), ticks: valueTicks(data) ?? 6, axis: 'top', nice: true },
      color: colour,
      marks: [
        Plot.barX(points, { x: 'y', y: grouped ? 'series' : 'x', ...(grouped ? { fy: 'x' } : {}), fill: grouped ? 'series' : scheme[0]!, title: 'tooltip' }),
        Plot.text(points, { x: 'y', y: grouped ? 'series' : 'x', ...(grouped ? { fy: 'x' } : {}), text: valueLabel(data), textAnchor: 'start', dx: 4, fill: '#333333' }),
        Plot.ruleX([0], { stroke: '#888888' }),
      ],
      ...(grouped
        ? { fy: { domain: data.categories, label: null, axis: 'left' as const, tickFormat: (d: string) => clip(d), padding: 0.15 }, y: { domain: data.series, axis: null } }
        : { y: { domain: data.categories, label: null, tickFormat: (d: string) => clip(d), padding: 0.2 } }),
    };
  } else if (kind === 'stacked-bar') {
    const time = data.timeGrain !== undefined;
    const rotate = !time && data.categories.length > 6;
    const bottom = rotate ? 20 + Math.min(140, Math.max(...data.categories.map((c) => textWidth(clip(c, 24), fontSize)))) * 0.6 : 34;
    options = {
      ...common,
      height: 300 + (rotate ? bottom - 34 : 0),
      marginLeft: 60,
      marginBottom: bottom,
      x: time
        ? { type: 'band', domain: data.categories, label: null, ticks: thinTicks(data.categories), tickFormat: (d: string) => timeLabel(d, data.timeGrain), padding: 0.15 }
        : { domain: data.categories, label: null, tickFormat: (d: string) => clip(d, 24), tickRotate: rotate ? -35 : 0, padding: 0.15 },
      y: { grid: true, label: yAxisLabel(data), tickFormat: axisFormat(data), ticks: valueTicks(data), nice: true },
      color: colour,
      marks: [Plot.barY(points, { x: 'x', y: 'y', fill: 'series', title: 'tooltip', order: data.series }), Plot.ruleY([0], { stroke: '#888888' })],
    };
  } else if (kind === 'heatmap') {
    const left = labelWidth(data.series);
    const cellWidth = (width - left - 16) / Math.max(1, data.categories.length);
    const max = Math.max(...points.map((p) => p.y ?? 0), data.yFormat === 'percent' ? 1 : 0);
    const percent = data.yFormat === 'percent';
    options = {
      ...common,
      height: data.series.length * 22 + 44,
      marginLeft: left,
      marginRight: 16,
      marginTop: 30,
      x: { type: 'band', domain: data.categories, label: null, axis: 'top', ticks: thinTicks(data.categories), tickFormat: (d: string) => (data.timeGrain ? timeLabel(d, data.timeGrain) : clip(d, 12)) },
      y: { domain: data.series, label: null, tickFormat: (d: string) => clip(d) },
      color: percent ? { type: 'linear', domain: [0, 0.5, 1], range: ['#d73027', '#fee08b', '#1a9850'], clamp: true } : { type: 'linear', domain: [0, max || 1], range: ['#eef3fb', '#1f4e9c'] },
      marks: [
        Plot.cell(points, { x: 'x', y: 'series', fill: 'y', title: 'tooltip', inset: 0.5 }),
        ...(cellWidth >= 38
          ? [Plot.text(points, { x: 'x', y: 'series', text: (p: Point) => (p.y === null ? '' : formatCompact(p.y, data.yFormat === 'currency' ? 'number' : data.yFormat)), fill: (p: Point) => (!percent && (p.y ?? 0) > max * 0.55 ? 'white' : '#222222'), fontSize: 10 })]
          : []),
      ],
    };
  } else {
    options = {
      ...common,
      height: 280,
      marginLeft: 60,
      marginTop: 36,
      marginBottom: 38,
      x: { domain: data.categories, label: data.xColumn.label, padding: 0.25 },
      y: { grid: true, label: yAxisLabel(data), tickFormat: axisFormat(data), ticks: valueTicks(data), nice: true },
      color: colour,
      marks: [
        Plot.barY(points, { x: 'x', y: 'y', fill: data.series.length > 1 ? 'series' : scheme[0]!, title: 'tooltip' }),
        Plot.text(points, { x: 'x', y: 'y', text: valueLabel(data), dy: -7, fill: '#333333' }),
        Plot.ruleY([0], { stroke: '#888888' }),
      ],
    };
  }
  const element = Plot.plot(options) as unknown as Element;
  const svg = new (document.defaultView as unknown as { XMLSerializer: typeof XMLSerializer }).XMLSerializer().serializeToString(element);
  return { svg, height: Number(options.height) };
}

function omittedNote(kind: string, omitted: number, top: number): string {
  if (kind === 'stacked-bar') return `The ${top - 1} largest series are shown; ${omitted} smaller ones are summed as "${otherLabel}".`;
  return `The ${top} largest are shown; ${omitted} more are in the data table.`;
}

function describe(title: string, kind: string, data: ChartData): string {
  const kinds: Record<string, string> = { line: 'Line chart', bar: 'Bar chart', 'stacked-bar': 'Stacked bar chart', heatmap: 'Heat map', distribution: 'Distribution' };
  const parts = [`${kinds[kind] ?? 'Chart'}: ${title}`];
  if (kind === 'heatmap') parts.push(`${data.series.length} rows by ${data.categories.length} columns`);
  else if (data.series.length > 1) parts.push(`${data.series.length} series (${data.series.slice(0, 5).join(', ')}${data.series.length > 5 ? ', …' : ''})`);
  const values = data.points.filter((p) => p.y !== null);
  if (values.length) {
    const top = values.reduce((a, b) => ((b.y ?? 0) > (a.y ?? 0) ? b : a));
    parts.push(`highest ${top.tooltip}`);
  }
  return parts.join('; ');
}
