import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { bucketOrder, chartData } from '../src/render/charts/chartData.js';
import { chartPng } from '../src/render/charts/chartPng.js';
import { renderChart } from '../src/render/charts/renderChart.js';
import { renderCharts } from '../src/render/writePack.js';
import { localizerFor } from '../src/locale/catalogue.js';
import { expectGolden } from './render-helpers.js';
import { hostileName, sampleReport } from './render-sample.js';

const charts = sampleReport().pages[0]!.charts;
const en = localizerFor('en-US');

describe('charts', () => {
  it.each(charts.map((c) => [c.id, c] as const))('%s draws the same SVG as the committed golden', (id, chart) => {
    const first = renderChart(chart, { l: en });
    expect(renderChart(chart, { l: en }).svg).toBe(first.svg);
    expectGolden(join(import.meta.dirname, `golden/reports/charts/${id}.svg`), first.svg + '\n');
  });

  it('draws one mark per data point with the value in its tooltip', () => {
    const bar = charts.find((c) => c.id === 'sold-by-customer')!;
    const svg = new JSDOM(renderChart(bar, { l: en }).svg, { contentType: 'image/svg+xml' }).window.document;
    const titles = [...svg.querySelectorAll('title')].map((t) => t.textContent);
    // top 6 customers × 2 measures
    expect(titles).toHaveLength(12);
    expect(titles).toContain('Contoso Ltd · Licenses sold: 100');
    expect(titles).toContain(`${hostileName} · Licenses assigned: 66`);
    expect(renderChart(bar, { l: en }).note).toBe('The 6 largest are shown; 2 more are in the data table.');
  });

  it('stacks small series into "Other" without losing their amount', () => {
    const cost = charts.find((c) => c.id === 'cost-trend')!;
    const narrowed = { ...cost, spec: { ...cost.spec, top: 2 } };
    const data = chartData(narrowed.spec, narrowed.data, { l: en });
    expect(data.series).toEqual(['Virtual Machines', 'Other']);
    const total = (points: { y: number | null }[]) => points.reduce((s, p) => s + (p.y ?? 0), 0);
    expect(total(data.points)).toBeCloseTo(cost.data.rows.reduce((s, r) => s + (r.cost as number), 0), 6);
  });

  it('draws rows that share a label as one bar whose amount is their sum', () => {
    const bar = charts.find((c) => c.id === 'sold-by-customer')!;
    const doubled = { ...bar.data, rows: [...bar.data.rows, { customer: 'Contoso Ltd', licensesSold: 5, licensesAssigned: 1 }] };
    const data = chartData(bar.spec, doubled, { l: en });
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
    const rendered = renderChart(empty, { l: en });
    expect(rendered.svg).toContain('No data for this period');
  });

  it('renders to a PNG at 1.5 times the size with the shipped fonts, the title drawn in', () => {
    const rendered = renderChart(charts[2]!, { l: en });
    const png = chartPng(rendered.titled.svg);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(rendered.width * 1.5);
    expect(png.readUInt32BE(20)).toBe(Math.round(rendered.titled.height * 1.5));
    expect(rendered.titled.svg).toContain('>Licenses by customer</text>');
    expect(chartPng(rendered.titled.svg).equals(png)).toBe(true);
  });
});

describe('one chart definition, drawn the same way everywhere', () => {
  const cost = charts.find((c) => c.id === 'cost-trend')!;
  const swatch = (svg: string, name: string) => {
    const doc = new JSDOM(svg, { contentType: 'image/svg+xml' }).window.document;
    const label = [...doc.querySelectorAll('g[aria-label="legend"] text')].find((t) => t.textContent === name);
    return label?.previousElementSibling?.getAttribute('fill');
  };

  it('gives a series one colour across every chart of a report, whatever its rank in each', () => {
    // The second chart ranks the series the other way round: by rank alone "Storage" would change colour.
    const flipped = { ...cost, id: 'cost-flipped', data: { ...cost.data, rows: cost.data.rows.map((r) => ({ ...r, cost: r.meterCategory === 'Storage' ? 99_999 : (r.cost ?? null) })) } };
    const report = { ...sampleReport(), pages: [{ ...sampleReport().pages[0]!, charts: [cost, flipped] }] };
    const drawn = renderCharts(report);
    const first = drawn.get('cost-trend:USD')!.svg;
    const second = drawn.get('cost-flipped:USD')!.svg;
    expect(chartData(flipped.spec, flipped.data, { l: en }).series[0]).toBe('Storage');
    for (const name of ['Virtual Machines', 'Storage']) {
      expect(swatch(first, name)).toMatch(/^#/);
      expect(swatch(second, name)).toBe(swatch(first, name));
    }
    expect(swatch(first, 'Storage')).not.toBe(swatch(first, 'Virtual Machines'));
  });

  it('draws a month still in progress lighter and labelled, and says so', () => {
    // Data to 2 October: October has two days of cost, drawn beside eleven whole months.
    const rendered = renderChart(cost, { asOf: '2026-10-02', l: en });
    const doc = new JSDOM(rendered.svg, { contentType: 'image/svg+xml' }).window.document;
    const bars = [...doc.querySelectorAll('rect')].filter((r) => r.querySelector('title'));
    const october = bars.filter((r) => r.querySelector('title')!.textContent!.startsWith('Oct 2026'));
    expect(october).toHaveLength(3);
    for (const r of october) {
      expect(r.getAttribute('fill-opacity')).toBe('0.4');
      expect(r.querySelector('title')!.textContent).toContain('in progress');
    }
    expect(bars.filter((r) => r.getAttribute('fill-opacity') === '0.4')).toHaveLength(3);
    expect([...doc.querySelectorAll('text')].map((t) => t.textContent)).toContain('Oct 26*');
    expect(rendered.svg).toContain('Oct 26* is still in progress');
    // Whole months as of their last day: nothing is marked.
    expect(renderChart(cost, { asOf: '2026-10-31', l: en }).svg).not.toContain('in progress');
  });

  it('ends a line dashed on a hollow dot for the period in progress', () => {
    const line = charts.find((c) => c.id === 'customers-trend')!;
    const doc = new JSDOM(renderChart(line, { asOf: '2026-10-15', l: en }).svg, { contentType: 'image/svg+xml' }).window.document;
    expect(doc.querySelectorAll('[stroke-dasharray="4,3"] path').length).toBe(2);
    const hollow = [...doc.querySelectorAll('circle')].filter((c) => c.closest('[fill="white"]'));
    // Both series have a value in October except newCustomers (null every third month: i = 11 is not one).
    expect(hollow.length).toBe(2);
  });
});
