import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../src/render/html/renderHtml.js';
import { renderCharts } from '../src/render/writePack.js';
import type { ResolvedReport } from '../src/reports/resolvedReport.js';
import { formulaName, hostileName, rtlName, sampleReport } from './render-sample.js';

function render(report: ResolvedReport = sampleReport(), rowLimit?: number): { html: string; document: Document } {
  const html = renderHtml(report, { charts: renderCharts(report), rowLimit });
  return { html, document: new JSDOM(html).window.document };
}

// Everything the renderer itself writes; anything else in the parsed page came from data.
const allowedElements = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'div', 'header', 'p', 'h1', 'h2', 'h3', 'dl', 'dt', 'dd', 'span', 'bdi', 'table', 'caption',
  'thead', 'tbody', 'tr', 'th', 'td', 'nav', 'a', 'main', 'section', 'ul', 'li', 'figure', 'figcaption', 'footer', 'code',
  'svg', 'desc', 'rect', 'g', 'text', 'path', 'line', 'circle', 'polyline', 'defs', 'lineargradient', 'stop', 'tspan',
]);

describe('RELIABILITY 21: XSS through the HTML pack', () => {
  it('lets no data create an element or attribute: names, chart labels and tooltips stay text', () => {
    const report = sampleReport();
    report.title = '</title><svg onload=alert(1)>';
    report.description = '<script>alert("d")</script>';
    report.filters = [{ label: 'Customer', value: '"><img src=x onerror=alert(3)>' }];
    report.freshness[0]!.source = 'javascript:alert(4)';
    report.pages[0]!.title = '<iframe src="javascript:alert(5)">';
    report.pages[0]!.kpis[0]!.label = '<b onmouseover=alert(6)>KPI</b>';
    report.pages[0]!.tables[0]!.note = '<a href="javascript:alert(7)">click</a>';
    const { document } = render(report);

    const unexpected = [...document.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()).filter((t) => !allowedElements.has(t));
    expect(unexpected).toEqual([]);
    expect(document.querySelectorAll('script, img, iframe, b, foreignObject')).toHaveLength(0);
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        expect(attribute.name, `${element.tagName} ${attribute.name}`).not.toMatch(/^on/i);
        expect(attribute.value, `${element.tagName} ${attribute.name}`).not.toMatch(/^\s*javascript:/i);
      }
    }
    for (const link of document.querySelectorAll('a')) expect(link.getAttribute('href')).toMatch(/^#page-\d+$/);
    // The hostile text is shown, as text.
    expect(document.title).toBe('</title><svg onload=alert(1)> — PartnerLens');
    expect(document.querySelector('h1')!.textContent).toBe('</title><svg onload=alert(1)>');
    expect(document.querySelector('.description')!.textContent).toBe('<script>alert("d")</script>');
    expect(document.querySelector('.meta bdi')!.textContent).toBe('"><img src=x onerror=alert(3)>');
    expect(document.body.textContent).toContain(hostileName);
  });

  it('keeps chart labels and tooltips inert inside the inline SVG', () => {
    const { document } = render();
    const svgText = [...document.querySelectorAll('figure svg')].map((s) => s.textContent).join('\n');
    expect(svgText).toContain('"><img src=x onerror=alert(1)');
    const tooltips = [...document.querySelectorAll('figure svg title')].map((t) => t.textContent ?? '');
    expect(tooltips.some((t) => t.includes(hostileName))).toBe(true);
    expect(document.querySelectorAll('figure svg *').length).toBeGreaterThan(100);
    for (const element of document.querySelectorAll('figure svg *')) expect(allowedElements.has(element.tagName.toLowerCase()) || element.tagName === 'title', element.tagName).toBe(true);
  });

  it('removes right-to-left override marks that would disguise a name', () => {
    const { document, html } = render();
    expect(html).not.toContain('\u202E');
    expect(document.body.textContent).toContain('abcgnp.exe');
    expect(rtlName).toContain('\u202E');
  });

  it('forbids scripts and network access through its Content-Security-Policy', () => {
    const { document } = render();
    const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content');
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
  });
});

describe('HTML pack', () => {
  it('is self-contained: no external resource, inline CSS, a print stylesheet', () => {
    const { html, document } = render();
    expect(document.querySelectorAll('link, script, img, iframe, object')).toHaveLength(0);
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//);
    expect(document.querySelector('style')!.textContent).toContain('@media print');
  });

  it('states freshness of every source, the run id, the period and the filters', () => {
    const report = sampleReport();
    const { document } = render(report);
    const rows = [...document.querySelectorAll('.freshness tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['licenses', 'demo', '2026-10-31', '3'],
      ['azure-usage', 'demo', '2026-10-30', '5'],
    ]);
    const meta = document.querySelector('.meta')!.textContent!;
    expect(meta).toContain('2026-10-01 to 2026-10-31');
    expect(meta).toContain('compared with 2026-09-01 to 2026-09-30');
    expect(meta).toContain('Customer: all customers');
    expect(meta).toContain('#5');
  });

  it('shows KPIs with their change against the previous period and a described trend', () => {
    const { document } = render();
    const cards = [...document.querySelectorAll('.kpi')].map((k) => ({
      label: k.querySelector('h3')!.textContent,
      value: k.querySelector('.kpi-value')!.textContent,
      change: k.querySelector('.kpi-change')!.textContent,
      tone: k.querySelector('.kpi-change')!.className,
    }));
    expect(cards[0]).toEqual({ label: 'Licenses sold', value: '1,234', change: '▲ +2.8% (+34) compared with the previous period', tone: 'kpi-change good' });
    expect(cards[1]).toEqual({ label: 'Deployment rate', value: '87.3%', change: '▼ -2.7 pts compared with the previous period', tone: 'kpi-change bad' });
    expect(cards[2]).toMatchObject({ label: 'Azure cost (USD)', value: 'USD 12,345.68', change: 'no data for the previous period compared with the previous period' });
    // Money that went down when down is good news.
    expect(cards[3]).toMatchObject({ label: 'Azure cost (EUR)', value: '-EUR 5.00', tone: 'kpi-change good' });
    const spark = document.querySelector('.kpi svg.spark')!;
    expect(spark.getAttribute('aria-label')).toBe('Trend over 12 months: from 1,100 in Nov 2025 to 1,232 in Oct 2026');
  });

  it('writes tables screen readers can navigate, lists as lists, numbers formatted by their measure', () => {
    const { document } = render();
    const table = document.querySelector('#table-inactive-users table')!;
    expect(table.querySelector('caption')!.textContent).toBe('Licensed users inactive for 30 days or more');
    expect([...table.querySelectorAll('thead th')].every((th) => th.getAttribute('scope') === 'col')).toBe(true);
    expect([...table.querySelectorAll('tbody tr')].every((tr) => tr.firstElementChild!.tagName === 'TH' && tr.firstElementChild!.getAttribute('scope') === 'row')).toBe(true);
    const firstRow = table.querySelector('tbody tr')!;
    expect([...firstRow.querySelectorAll('ul.cell-list li')].map((li) => li.textContent)).toEqual(['Microsoft 365 E3', 'Visio Plan 2']);
    expect(firstRow.textContent).not.toContain('[object');
    const cost = [...document.querySelectorAll('#table-cost-by-customer tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(cost[0]).toEqual(['Contoso Ltd', 'USD', 'USD 1,234.50', '12.0%', '1', '2']);
    expect(cost[1]).toEqual(['Contoso Ltd', 'EUR', 'EUR 99.99', '-5.0%', '-5', '0']);
    expect(cost[2]![3]).toBe('no value');
    expect(document.body.textContent).toContain(formulaName);
  });

  it('says when a table is cut for the page and that the workbook has every row', () => {
    const { document } = render(sampleReport(), 2);
    const block = document.querySelector('#table-inactive-users')!;
    expect(block.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(block.querySelector('.note')!.textContent).toBe('Showing the first 2 of 3 rows; the XLSX pack holds them all.');
  });
});
