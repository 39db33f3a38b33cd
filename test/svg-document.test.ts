import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { localizerFor } from '../src/locale/catalogue.js';
import { chartData } from '../src/render/charts/chartData.js';
import { chartKinds } from '../src/render/charts/chartKinds.js';
import { commonOptions } from '../src/render/charts/renderChart.js';
import { coloursFor } from '../src/render/charts/seriesColours.js';
import { serializeSvg } from '../src/render/charts/serializeSvg.js';
import { svgDocument } from '../src/render/charts/svgDocument.js';
import { hostileName, sampleReport } from './render-sample.js';

// The server draws charts into svgDocument, not a full DOM. The reference is what jsdom's document and
// XMLSerializer make of the same Plot options: the bytes must agree, so the reports' SVGs are unchanged.

const en = localizerFor('en-US');
const reference = new JSDOM('<!DOCTYPE html><html><body></body></html>').window;

function both(options: (document: Document) => Plot.PlotOptions): { ours: string; jsdom: string } {
  const ours = serializeSvg(Plot.plot(options(svgDocument())) as unknown as Element);
  const jsdom = new reference.XMLSerializer().serializeToString(Plot.plot(options(reference.document)) as unknown as Node);
  return { ours, jsdom };
}

describe('svgDocument', () => {
  const charts = sampleReport().pages.flatMap((page) => page.charts);

  it.each(charts.map((c) => [c.spec.kind, c.id, c] as const))('draws a %s chart (%s) to the same SVG as jsdom', (_kind, _id, chart) => {
    const data = chartData(chart.spec, chart.data, { l: en, asOf: '2026-10-15' });
    const scheme = coloursFor(data.series, undefined, data.other);
    const { ours, jsdom } = both((document) => chartKinds[chart.spec.kind].plot({ Plot, data, scheme, width: 1000, common: commonOptions(document, 1000) }));
    expect(ours.length).toBeGreaterThan(1000);
    expect(ours).toBe(jsdom);
  });

  it('writes text, titles, line breaks and inline styles as a browser serialises them', () => {
    const label = `${hostileName}\n"second" line\tend`;
    const { ours, jsdom } = both((document) => ({
      document,
      width: 400,
      height: 200,
      style: { fontFamily: "'Noto Sans', serif", color: '#abc', backgroundColor: '#FFFFFF', fontSize: '12px' },
      marks: [
        Plot.frame({ stroke: '#123456' }),
        Plot.text([label], { frameAnchor: 'middle', text: (d: string) => d, title: (d: string) => d, fill: 'currentColor' }),
        Plot.dot([1, 2, 3], { x: (d: number) => d, y: (d: number) => d, title: (d: number) => `a < b & c > ${d}`, r: 3 }),
      ],
    }));
    expect(ours).toContain('<tspan');
    expect(ours).toContain('color: rgb(170, 187, 204)');
    expect(ours).toBe(jsdom);
  });

  it('keeps the order of attributes as first set, and the style attribute where its first property was set', () => {
    const build = (document: Document) => {
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
      svg.setAttribute('b', '1');
      svg.style.setProperty('fill', 'red');
      svg.setAttribute('aria-label', 'a\n"b"\t<c> & d\r');
      svg.setAttribute('b', '3');
      g.textContent = 'x & <y>';
      svg.appendChild(g);
      svg.insertBefore(document.createElementNS('http://www.w3.org/2000/svg', 'rect'), g);
      return { svg, g };
    };
    const { svg, g } = build(svgDocument());
    const expected = '<svg xmlns="http://www.w3.org/2000/svg" b="3" style="fill: red;" aria-label="a&#xA;&quot;b&quot;&#x9;&lt;c&gt; &amp; d&#xD;"><rect/><g>x &amp; &lt;y&gt;</g></svg>';
    expect(serializeSvg(svg)).toBe(expected);
    expect(new reference.XMLSerializer().serializeToString(build(reference.document).svg)).toBe(expected);
    g.textContent = '';
    svg.removeChild(g);
    expect(serializeSvg(svg)).toBe(expected.replace('<g>x &amp; &lt;y&gt;</g>', ''));
  });
});
