import type { ResolvedReport } from '../../reports/resolvedReport.js';
import type { EmbedBoot } from '../embedPage.js';
import { localizer } from '../../locale/localizer.js';
import { kpiChange, kpiLabel } from '../../render/kpiChange.js';
import { sparkline } from '../../render/sparkline.js';
import { drawChart, reportColours } from './drawChart.js';
import { drawTable } from './drawTable.js';
import { el, svgEl } from './dom.js';
import { periodPresets as presets } from './presets.js';

// The embedded report in the browser: draws the server's first answer at once, then redraws charts, KPIs
// and tables for other filters from one `POST /embed/api/report` (the server resolves every query of the
// report at once, merged, with the token's scope), without a reload. Every value enters the page as text
// (`textContent`, attributes set one by one): data never becomes markup.

const boot = JSON.parse(document.getElementById('pl-boot')!.textContent!) as EmbedBoot;
const l = localizer(boot.locale, boot.labels);
const token = new URLSearchParams(location.search).get('token') ?? '';
const defaultPeriod = boot.resolved.period;
let filters: Filters = { to: defaultPeriod.to, customer: boot.fixedCustomer?.id ?? '', product: '' };
let current: ResolvedReport = boot.resolved;
let generation = 0;

interface Filters {
  from?: string;
  to: string;
  /** Tenant id, or empty for every customer the token allows. */
  customer: string;
  product: string;
}

async function reportFor(wanted: Filters): Promise<ResolvedReport> {
  const response = await fetch('/embed/api/report', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ report: boot.report.name, filters: wanted, locale: boot.locale }),
  });
  const body = (await response.json()) as unknown;
  if (!response.ok) throw new Error((body as { error?: string }).error ?? `HTTP ${response.status}`);
  return body as ResolvedReport;
}

function customerName(id: string): string {
  return boot.customers.find((c) => c.id === id)?.name ?? id;
}

function drawStamp(report: ResolvedReport): void {
  const newest = report.freshness.map((f) => f.asOf).sort().at(-1);
  const colon = l.t('ui.punctuation.colon');
  const asOf = newest ? l.stamp(newest) : l.t('ui.xlsx.noDataYet');
  const parts = [
    report.runId !== null ? l.t('ui.embed.asOfRun', { asOf, run: report.runId }) : l.t('ui.embed.asOf', { asOf }),
    `${l.t('ui.period.label')}${colon}${l.t('ui.period.range', { from: l.date(report.period.from, 'day'), to: l.date(report.period.to, 'day') })}`,
    `${l.t('ui.filter.customer')}${colon}${filters.customer ? customerName(filters.customer) : l.t('ui.filter.allCustomers')}`,
    `${l.t('ui.embed.product')}${colon}${filters.product || l.t('ui.embed.allProducts')}`,
  ];
  document.getElementById('pl-asof')!.textContent = parts.join(' · ');
}

function option(value: string, label: string, selected: boolean): HTMLOptionElement {
  const o = el('option', { value }, label);
  o.selected = selected;
  return o;
}

let fillCustomers = (): void => undefined;

function drawFilters(): void {
  const form = document.getElementById('pl-filters') as HTMLFormElement;
  form.replaceChildren();
  form.addEventListener('submit', (e) => e.preventDefault());
  const period = el('select', { id: 'pl-period', name: 'period' });
  for (const p of presets) period.append(option(p.id, p.label(l), p.id === 'default'));
  const customer = el('select', { id: 'pl-customer', name: 'customer' });
  if (boot.fixedCustomer) {
    customer.append(option(boot.fixedCustomer.id, boot.fixedCustomer.name, true));
    customer.disabled = true;
  } else {
    customer.append(option('', l.t('ui.embed.allCustomersOption'), true));
    // Thousands of options: made after the report is drawn (below).
    fillCustomers = () => {
      const options = document.createDocumentFragment();
      for (const c of boot.customers) options.append(option(c.id, c.name, false));
      customer.append(options);
    };
  }
  const product = el('select', { id: 'pl-product', name: 'product' });
  product.append(option('', l.t('ui.embed.allProductsOption'), true));
  for (const p of boot.products) product.append(option(p, p, false));
  const field = (label: string, control: HTMLElement) => el('label', { class: 'field' }, el('span', {}, label), control);
  form.append(field(l.t('ui.period.label'), period), field(l.t('ui.filter.customer'), customer), field(l.t('ui.embed.product'), product));
  const changed = () => {
    const preset = presets.find((p) => p.id === period.value);
    filters = { to: defaultPeriod.to, ...(preset?.from ? { from: preset.from(defaultPeriod.to) } : {}), customer: customer.value, product: product.value };
    void refresh();
  };
  for (const control of [period, customer, product]) control.addEventListener('change', changed);
}

/** Selects a customer from a table row (the in-page drill); the link beside it opens the customer's own page. */
export function selectCustomer(id: string): void {
  if (boot.fixedCustomer) return;
  const select = document.getElementById('pl-customer') as HTMLSelectElement;
  select.value = id;
  select.dispatchEvent(new Event('change'));
}

function drillHref(customerId: string): string | undefined {
  if (!boot.drillReport) return undefined;
  const params = new URLSearchParams({ token, customer: customerId, locale: boot.locale });
  return `/embed/${encodeURIComponent(boot.drillReport)}?${params.toString()}`;
}

function kpiCard(kpi: ResolvedReport['pages'][number]['kpis'][number], asOf: string): HTMLElement {
  const change = kpiChange(kpi, l);
  const label = kpiLabel(kpi);
  const value = kpi.value === null ? '—' : l.number(kpi.value, kpi.format, kpi.currency);
  const arrow = change.direction === 'up' ? '▲ ' : change.direction === 'down' ? '▼ ' : '';
  const card = el('li', { class: 'kpi', 'data-kpi': kpi.id, ...(kpi.description ? { title: kpi.description } : {}) },
    el('h3', {}, label),
    el('p', { class: 'kpi-value', 'data-value': kpi.value === null ? '' : String(kpi.value) }, value),
    el('p', { class: `kpi-change ${change.tone}` }, `${arrow}${change.text}`),
  );
  if (kpi.previous !== null) card.append(el('p', { class: 'kpi-previous' }, l.t('ui.kpi.previous', { value: l.number(kpi.previous, kpi.format, kpi.currency) })));
  const line = sparkline(kpi, l, asOf);
  if (line) {
    const tail = line.partial
      ? [svgEl('line', { x1: line.partial.from.x, y1: line.partial.from.y, x2: line.partial.to.x, y2: line.partial.to.y, stroke: '#1f4e9c', 'stroke-width': '1.5', 'stroke-dasharray': '3,2' }),
        svgEl('circle', { cx: line.last.x, cy: line.last.y, r: '2.5', fill: '#fff', stroke: '#1f4e9c', 'stroke-width': '1.2' })]
      : [svgEl('circle', { cx: line.last.x, cy: line.last.y, r: '2.5', fill: '#1f4e9c' })];
    card.append(svgEl('svg', { class: 'spark', width: String(line.width), height: String(line.height), viewBox: `0 0 ${line.width} ${line.height}`, role: 'img', 'aria-label': line.summary },
      svgEl('polyline', { fill: 'none', stroke: '#1f4e9c', 'stroke-width': '1.5', points: line.points.join(' ') }), ...tail));
  }
  return card;
}

/**
 * Draws the report in one task: the page's HTML already shows the server-drawn top of the report, and a
 * redraw drawn piece by piece (the browser laying out and painting the page between pieces) took longer
 * to finish than drawn at once (measured on the 5,000-customer partner).
 */
function draw(report: ResolvedReport): void {
  current = report;
  drawStamp(report);
  const content = document.getElementById('pl-content')!;
  const colours = reportColours(report, l);
  const width = Math.max(280, Math.min(1100, content.clientWidth || document.documentElement.clientWidth - 32));
  const productNote = (model: string) => filters.product && !(boot.modelDimensions[model] ?? []).includes('product');
  const sections = report.pages.map((page, p) => {
    const section = el('section', { class: 'page' });
    if (report.pages.length > 1) section.append(el('h2', {}, page.title));
    if (page.kpis.length) section.append(el('ul', { class: 'kpis' }, ...page.kpis.map((k) => kpiCard(k, report.period.to))));
    const specs = boot.report.pages[p]!;
    const grid = el('div', { class: 'charts' });
    for (const chart of page.charts) {
      const note = productNote(chart.spec.query.model) ? l.t('ui.embed.notByProductChart') : undefined;
      grid.append(drawChart(chart, { width: grid.childElementCount === 0 && page.charts.length === 1 ? width : chartWidth(width), colours, asOf: report.period.to, note, l }));
    }
    section.append(grid);
    for (const t of page.tables) {
      const spec = specs.tables.find((s) => s.id === t.id);
      section.append(drawTable(t, { l, drillHref, customerIdOf: (name) => boot.customers.find((c) => c.name === name)?.id, onCustomer: boot.fixedCustomer ? undefined : selectCustomer, note: spec && productNote(spec.query.model) ? l.t('ui.embed.notByProduct') : undefined }));
    }
    return section;
  });
  content.replaceChildren(...sections);
}

function chartWidth(width: number): number {
  // Two charts side by side on a wide screen, one per row on a phone.
  return width >= 900 ? Math.floor((width - 24) / 2) : width;
}

async function refresh(): Promise<void> {
  const mine = ++generation;
  performance.mark(`pl-filter-${mine}`);
  const status = document.getElementById('pl-status')!;
  status.textContent = l.t('ui.embed.updating');
  document.body.classList.add('busy');
  try {
    const report = await reportFor(filters);
    performance.mark(`pl-answer-${mine}`);
    if (mine !== generation) return;
    draw(report);
    status.textContent = '';
    performance.mark(`pl-ready-${mine}`);
    document.body.dataset.state = `ready-${mine}`;
  } catch (error) {
    if (mine !== generation) return;
    status.textContent = l.t('ui.embed.couldNotUpdate', { error: (error as Error).message });
  } finally {
    if (mine === generation) document.body.classList.remove('busy');
  }
}

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
let lastWidth = document.documentElement.clientWidth;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (document.documentElement.clientWidth === lastWidth) return;
    lastWidth = document.documentElement.clientWidth;
    draw(current);
  }, 150);
});

drawFilters();
draw(boot.resolved);
performance.mark('pl-drawn-0');
document.getElementById('pl-status')!.textContent = '';
fillCustomers();
document.body.dataset.state = 'ready-0';
