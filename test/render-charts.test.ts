import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { bucketOrder, chartData } from '../src/render/charts/chartData.js';
import { chartPng } from '../src/render/charts/chartPng.js';
import { renderChart } from '../src/render/charts/renderChart.js';
import { expectGolden } from './render-helpers.js';
import { hostileName, sampleReport } from './render-sample.js';

const charts = sampleReport().pages[0]!.charts;

describe('charts', () => {
  it.each(charts.map((c) => [c.id, c] as const))('%s draws the same SVG as the committed golden', (id, chart) => {
    const first = renderChart(chart);
    expect(renderChart(chart).svg).toBe(first.svg);
    expectGolden(join(import.meta.dirname, `golden/reports/charts/${id}.svg`), first.svg + '\n');
  });

  it('draws one mark per data point with the value in its tooltip', () => {
    const bar = charts.find((c) => c.id === 'sold-by-customer')!;
    const svg = new JSDOM(renderChart(bar).svg, { contentType: 'image/svg+xml' }).window.document;
    const titles = [...svg.querySelectorAll('title')].map((t) => t.textContent);
    // top 6 customers × 2 measures
    expect(titles).toHaveLength(12);
    expect(titles).toContain('Contoso Ltd · Licenses sold: 100');
    expect(titles).toContain(`${hostileName} · Licenses assigned: 66`);
    expect(renderChart(bar).note).toBe('The 6 largest are shown; 2 more are in the data table.');
  });

  it('stacks small series into "Other" without losing their amount', () => {
    const cost = charts.find((c) => c.id === 'cost-trend')!;
    const narrowed = { ...cost, spec: { ...cost.spec, top: 2 } };
    const data = chartData(narrowed.spec, narrowed.data);
    expect(data.series).toEqual(['Virtual Machines', 'Other']);
    const total = (points: { y: number | null }[]) => points.reduce((s, p) => s + (p.y ?? 0), 0);
    expect(total(data.points)).toBeCloseTo(cost.data.rows.reduce((s, r) => s + (r.cost as number), 0), 6);
  });

  it('draws rows that share a label as one bar whose amount is their sum', () => {
    const bar = charts.find((c) => c.id === 'sold-by-customer')!;
    const doubled = { ...bar.data, rows: [...bar.data.rows, { customer: 'Contoso Ltd', licensesSold: 5, licensesAssigned: 1 }] };
    const data = chartData(bar.spec, doubled);
    const contoso = data.points.filter((p) => p.x === 'Contoso Ltd');
    expect(contoso.map((p) => [p.series, p.y, p.tooltip])).toEqual([
      ['Licenses sold', 105, 'Contoso Ltd · Licenses sold: 105'],
      ['Licenses assigned', 81, 'Contoso Ltd · Licenses assigned: 81'],
    ]);
  });

  it('orders 20 % buckets by their bounds, not alphabetically', () => {
    expect(bucketOrder(['>100', '80-100', '0-20', '100', '20-40', '60–80', '40-60'])).toEqual(['0-20', '20-40', '40-60', '60–80', '80-100', '100', '>100']);
  });

  it('says so when there is nothing to draw', () => {
    const empty = { ...charts[0]!, data: { columns: charts[0]!.data.columns, rows: [] } };
    const rendered = renderChart(empty);
    expect(rendered.svg).toContain('No data for this period');
  });

  it('renders to a PNG at 1.5 times the size with the shipped fonts, the title drawn in', () => {
    const rendered = renderChart(charts[2]!);
    const png = chartPng(rendered.titled.svg);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(rendered.width * 1.5);
    expect(png.readUInt32BE(20)).toBe(Math.round(rendered.titled.height * 1.5));
    expect(rendered.titled.svg).toContain('>Licenses by customer</text>');
    expect(chartPng(rendered.titled.svg).equals(png)).toBe(true);
  });
});
