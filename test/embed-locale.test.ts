import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedReport } from '../src/reports/resolvedReport.js';
import { startEmbedServer, type EmbedServer } from './helpers/embedServer.js';

// The embedded report in fr-FR (`&locale=fr-FR`): over HTTP (the page and its redraws carry the locale; an
// unknown one is a 400 JSON naming it), then in headless Chromium: French labels, filters, stamp and pager,
// KPI numbers written the French way (checked against a French writing of each KPI's raw value done here by
// hand, not through Intl), French month names on chart axes. A screenshot is kept under $PL_LOOK_DIR.

const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const fr = JSON.parse(readFileSync(new URL('../locales/fr-FR.json', import.meta.url), 'utf8')) as Record<string, string>;
const en = JSON.parse(readFileSync(new URL('../locales/en-US.json', import.meta.url), 'utf8')) as Record<string, string>;
const report = 'executive-summary';

let server: EmbedServer;
let browser: Browser;
let token: string;
const errors: string[] = [];

beforeAll(async () => {
  server = await startEmbedServer({ customers: 4 });
  token = await server.token({ report });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const pageUrl = (locale?: string) => `${server.url}/embed/${report}?token=${encodeURIComponent(token)}${locale === undefined ? '' : `&locale=${encodeURIComponent(locale)}`}`;
const redraw = (body: unknown) => fetch(`${server.url}/embed/api/report`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function jsonError(response: Response, status: number): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  return ((await response.json()) as { error: string }).error;
}

/** French writing by hand: groups of three split by a no-break space, a decimal comma. */
function frenchNumber(value: number, decimals: number): string {
  const [whole, fraction] = Math.abs(value).toFixed(decimals).split('.');
  return `${value < 0 && Number(value.toFixed(decimals)) !== 0 ? '-' : ''}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00A0')}${fraction ? `,${fraction}` : ''}`;
}
const symbols: Record<string, string> = { EUR: '€', USD: '$US', GBP: '£GB' };

describe('embed page in fr-FR over HTTP', () => {
  it('serves the page in French with &locale=fr-FR, in the configuration\'s locale without it', async () => {
    const french = await fetch(pageUrl('fr-FR'));
    expect(french.status).toBe(200);
    const doc = new JSDOM(await french.text()).window.document;
    expect(doc.documentElement.lang).toBe('fr-FR');
    expect(doc.getElementById('pl-title')!.textContent).toBe(fr[`report.${report}.title`]);
    expect(doc.getElementById('pl-status')!.textContent).toBe(fr['ui.embed.loading']);
    const boot = JSON.parse(doc.getElementById('pl-boot')!.textContent!) as { locale: string; labels: Record<string, string>; resolved: ResolvedReport };
    expect(boot.locale).toBe('fr-FR');
    expect(boot.resolved.locale).toBe('fr-FR');
    expect(boot.labels['ui.embed.product']).toBe('Produit');

    const plain = new JSDOM(await (await fetch(pageUrl())).text()).window.document;
    expect(plain.documentElement.lang).toBe('en-US');
    expect(plain.getElementById('pl-title')!.textContent).toBe(en[`report.${report}.title`]);
  });

  it('refuses an unknown locale with a 400 naming it, on the page and in a redraw', async () => {
    expect(await jsonError(await fetch(pageUrl('de-DE')), 400)).toBe('locale: unknown locale "de-DE": expected en-US or fr-FR');
    expect(await jsonError(await fetch(pageUrl('')), 400)).toContain('unknown locale ""');
    expect(await jsonError(await redraw({ report, filters: {}, locale: 'xx' }), 400)).toMatch(/invalid report request: locale: unknown locale "xx"/);
  });

  it('redraws in the asked locale: answers kept for one locale never serve another', async () => {
    const english = (await (await redraw({ report, filters: { customer: '', product: '' } })).json()) as ResolvedReport;
    const french = (await (await redraw({ report, filters: { customer: '', product: '' }, locale: 'fr-FR' })).json()) as ResolvedReport;
    expect(english.locale).toBe('en-US');
    expect(english.title).toBe(en[`report.${report}.title`]);
    expect(french.locale).toBe('fr-FR');
    expect(french.title).toBe(fr[`report.${report}.title`]);
    // The same numbers in both.
    expect(french.pages.flatMap((p) => p.kpis.map((k) => k.value))).toEqual(english.pages.flatMap((p) => p.kpis.map((k) => k.value)));
  });
});

describe('embed page in fr-FR in Chromium', () => {
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pageUrl('fr-FR'));
    await page.waitForSelector('body[data-state="ready-0"]');
  }, 60_000);

  it('writes every KPI the French way: 1 234,56 € money, 12,5 % rates, 1 234 counts', async () => {
    const cards = await page.$$eval('li.kpi', (lis) => lis.map((li) => ({ id: li.getAttribute('data-kpi')!, raw: li.querySelector('.kpi-value')!.getAttribute('data-value')!, text: li.querySelector('.kpi-value')!.textContent!, label: li.querySelector('h3')!.textContent! })));
    const resolved = (await (await redraw({ report, filters: { customer: '', product: '' }, locale: 'fr-FR' })).json()) as ResolvedReport;
    const kpis = new Map(resolved.pages.flatMap((p) => p.kpis).map((k) => [k.id, k]));
    expect(cards.length).toBe(kpis.size);
    let money = 0;
    for (const card of cards) {
      const kpi = kpis.get(card.id)!;
      expect(card.label.startsWith(kpi.label), card.id).toBe(true);
      if (card.raw === '') continue;
      const value = Number(card.raw);
      const expected =
        kpi.format === 'currency' ? `${frenchNumber(value, 2)}\u00A0${symbols[kpi.currency!] ?? kpi.currency}`
        : kpi.format === 'percent' ? `${frenchNumber(value * 100, 1)}\u00A0%`
        : kpi.format === 'integer' ? frenchNumber(value, 0)
        : undefined;
      if (expected !== undefined) expect(card.text, card.id).toBe(expected);
      if (kpi.format === 'currency') money++;
    }
    expect(money).toBeGreaterThan(0);
  });

  it('labels the page, filters, stamp and pager in French, and the chart axes with French months', async () => {
    const fields = await page.$$eval('#pl-filters label.field > span', (spans) => spans.map((s) => s.textContent));
    expect(fields).toEqual([fr['ui.period.label'], fr['ui.filter.customer'], fr['ui.embed.product']]);
    expect(await page.$$eval('#pl-period option', (os) => os.map((o) => o.textContent))).toEqual(['Période du rapport', '7 derniers jours', '90 derniers jours', '12 derniers mois']);
    expect(await page.$eval('#pl-customer option', (o) => o.textContent)).toBe('Tous les clients');
    // French puts a no-break space before a colon: spaces are made plain to compare.
    const stamp = (await page.textContent('#pl-asof'))!.replace(/\u00A0/g, ' ');
    expect(stamp).toMatch(/^Données au \d{2}\/\d{2}\/\d{4}.* · Période : du \d{2}\/\d{2}\/\d{4} au \d{2}\/\d{2}\/\d{4} · Client : tous les clients · Produit : tous les produits$/);
    const axisTexts = await page.$$eval('figure.chart svg g[aria-label$="axis tick label"] text', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(axisTexts.some((t) => /(janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)/.test(t)), axisTexts.join(' | ')).toBe(true);
    expect(axisTexts.filter((t) => /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/.test(t))).toEqual([]);
    // What is shown: the data island (a script element at the end of the body) is not text a viewer reads.
    const body = await page.innerText('body');
    for (const english of ['Data as of', 'Period', 'All customers', 'all products', 'previous period', 'Loading', 'Updating', ' rows', 'Next ›']) expect(body).not.toContain(english);
    expect(await page.$$eval('a.drill', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).searchParams.get('locale')))).toEqual(expect.arrayContaining(['fr-FR']));
    if (process.env.PL_LOOK_DIR) await page.screenshot({ path: join(process.env.PL_LOOK_DIR, 'embed-fr-FR.png'), fullPage: true });
  });

  it('redraws a customer in French', async () => {
    const x = server.customers[1]!;
    const headings = () => page.$$eval('li.kpi h3, figure.chart h3', (hs) => hs.map((h) => h.textContent));
    const before = await headings();
    await page.selectOption('#pl-customer', x.id);
    await page.waitForSelector('body[data-state="ready-1"]');
    expect((await page.textContent('#pl-asof'))!.replace(/\u00A0/g, ' ')).toContain(`Client : ${x.name}`);
    // The redraw was resolved in French too: its KPI and chart headings are among the first draw's French
    // ones (a customer billed in one currency has fewer money cards and charts).
    const after = await headings();
    expect(after.length).toBeGreaterThan(5);
    for (const heading of after) expect(before).toContain(heading);
    const money = await page.$$eval('li.kpi .kpi-value', (ps) => ps.map((p) => p.textContent ?? '').filter((t) => /[€$£]/.test(t)));
    for (const text of money) expect(text).toMatch(/^-?\d{1,3}(\u00A0\d{3})*,\d{2}\u00A0(€|\$US|£GB)$/);
    expect(errors).toEqual([]);
  });
});
