import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/config.js';
import { query } from '../src/models/query.js';
import { startEmbedServer, type EmbedServer } from './helpers/embedServer.js';

// End to end in headless Chromium: a portal page on 127.0.0.1 frames the embedded report; the filters
// redraw it with the chosen customer's numbers (checked against the models queried here directly).

const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const config = configSchema.parse({});
// The demo's data ends on 15 October 2026; the report's default period is the 30 days ending then.
const period = { from: '2026-09-16', to: '2026-10-15' };

let embed: EmbedServer;
let portal: Server;
let portalUrl: string;
let browser: Browser;
const errors: string[] = [];
const hostile = '"><img src=x onerror=alert(1)><script>alert(2)</script>\u202Egnp.exe';

beforeAll(async () => {
  let frameSrc = '';
  portal = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><title>Portal</title><body style="margin:0"><iframe id="report" src="${frameSrc}" style="border:0;width:100vw;height:100vh"></iframe></body>`);
  });
  await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
  portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
  embed = await startEmbedServer({ customers: 6, asOf: period.to, frameAncestors: [portalUrl], rename: { 0: hostile } });
  const token = await embed.token({ report: 'executive-summary' });
  frameSrc = `${embed.url}/embed/executive-summary?token=${encodeURIComponent(token)}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (portal ? portal.close(() => resolve()) : resolve()));
  await embed?.close();
});

async function open(url: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('console', (m) => m.type() === 'error' && errors.push(`${m.text()} (${m.location().url})`));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url);
  return page;
}

async function reportFrame(page: Page): Promise<Frame> {
  await page.waitForSelector('iframe#report');
  const frame = await (await page.$('iframe#report'))!.contentFrame();
  await frame!.waitForSelector('body[data-state="ready-0"]');
  return frame!;
}

const kpi = (frame: Frame, id: string) => frame.$eval(`[data-kpi="${id}"] .kpi-value`, (e) => e.getAttribute('data-value'));

async function ask(request: Parameters<typeof query>[1]) {
  return (await query(embed.warehouse.db, request, { config })).rows;
}

describe('embedded report in a portal iframe', () => {
  it('draws, then redraws KPIs and charts for the chosen customer without a reload', async () => {
    const page = await open(portalUrl, { width: 1280, height: 800 });
    const frame = await reportFrame(page);
    expect(await frame.$$eval('figure.chart svg', (svgs) => svgs.length)).toBeGreaterThanOrEqual(4);
    const allCustomers = Number(await kpi(frame, 'customers.customers'));
    expect(allCustomers).toBe((await ask({ model: 'customers', measures: ['customers'], ...period }))[0]!.customers);

    // Each KPI with a trend carries its sparkline, read out as words; redrawn below for one customer.
    const spark = () => frame.$eval('[data-kpi="customers.customers"] svg.spark', (s) => s.getAttribute('aria-label') ?? '');
    const sparkBefore = await spark();
    expect(sparkBefore).toMatch(/^Trend over 12 months: from [\d,]+ in \w+ \d{4} to [\d,]+ in \w+ \d{4}$/);

    const x = embed.customers[2]!;
    await frame.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await frame.selectOption('#pl-customer', x.id);
    await frame.waitForSelector('body[data-state="ready-1"]');
    // The same document: redrawn in place, not reloaded.
    expect(await frame.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

    const only = [{ dimension: 'customerId', values: [x.id] }];
    for (const [model, measure] of [['customers', 'customers'], ['subscriptions', 'activeSubscriptions'], ['licenses', 'licensesSold'], ['users', 'inactiveLicensedUsers']] as const) {
      const expected = (await ask({ model, measures: [measure], where: only, ...period }))[0]?.[measure] ?? null;
      const shown = await kpi(frame, `${model}.${measure}`);
      expect(shown === '' ? null : Number(shown), `${model}.${measure}`).toBe(expected);
    }

    // The customer's own trend: one customer counts at most 1 in any month.
    const sparkAfter = await spark();
    expect(sparkAfter).not.toBe(sparkBefore);
    expect(Number(/to ([\d,]+) in/.exec(sparkAfter)?.[1])).toBeLessThanOrEqual(1);
    expect(await frame.$$eval('.kpi svg.spark', (s) => s.length)).toBeGreaterThan(3);

    // The Azure cost chart: its bars add up to the customer's cost over the trailing twelve months.
    const costs = await ask({ model: 'azure', measures: ['cost'], by: ['currency'], where: only, from: '2025-11-01', to: period.to });
    for (const { currency, cost } of costs as { currency: string; cost: number }[]) {
      const titles = await frame.$$eval(`figure[data-chart="azure-cost-trend:${currency}"] svg title`, (ts) => ts.map((t) => t.textContent ?? ''));
      const values = titles.map((t) => Number(/: [A-Z]{3}\s?(-?[\d,]+(\.\d+)?)/.exec(t)?.[1]?.replace(/,/g, '') ?? NaN));
      expect(values.length, currency).toBeGreaterThan(0);
      expect(values.every(Number.isFinite)).toBe(true);
      expect(Math.abs(values.reduce((a, b) => a + b, 0) - cost)).toBeLessThan(0.006 * values.length + 1e-9);
    }
    // A customer named with markup is text everywhere: in the filter, the tables, the chart labels.
    expect(await frame.$$eval('#pl-customer option', (os) => os.map((o) => o.textContent))).toContain(hostile);
    expect(await frame.$$eval('img', (is) => is.length)).toBe(0);
    expect(await frame.$$eval('script', (ss) => ss.length)).toBe(4);
    // The stamp names the filter.
    expect(await frame.textContent('#pl-asof')).toContain(`Customer: ${x.name}`);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a customer-scoped token shows that customer only, and cannot ask for another', async () => {
    const [x, y] = [embed.customers[1]!, embed.customers[3]!];
    const token = await embed.token({ report: 'executive-summary', customer: x.id });
    const page = await open(`${embed.url}/embed/executive-summary?token=${encodeURIComponent(token)}`, { width: 1280, height: 800 });
    await page.waitForSelector('body[data-state="ready-0"]');
    expect(await page.$$eval('#pl-customer option', (os) => os.map((o) => o.textContent))).toEqual([x.name]);
    expect(await page.$eval('#pl-customer', (s) => (s as HTMLSelectElement).disabled)).toBe(true);
    const text = await page.textContent('body');
    for (const other of embed.customers.filter((c) => c.id !== x.id)) expect(text).not.toContain(other.name);
    const status = await page.evaluate(async ([t, id]) => (await fetch('/api/query', { method: 'POST', headers: { Authorization: `Bearer ${t}` }, body: JSON.stringify({ model: 'customers', measures: ['customers'], where: [{ dimension: 'customerId', values: [id] }] }) })).status, [token, y.id] as const);
    expect(status).toBe(403);
    // That refusal is the one error expected: Chromium logs every 4xx fetch.
    const expectedRefusal = errors.findIndex((e) => e.includes('status of 403') && e.includes('/api/query'));
    expect(expectedRefusal).toBeGreaterThanOrEqual(0);
    errors.splice(expectedRefusal, 1);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('is usable on a phone (390×844): nothing wider than the screen, charts drawn', async () => {
    const page = await open(portalUrl, { width: 390, height: 844 });
    const frame = await reportFrame(page);
    const widths = await frame.evaluate(() => ({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth, widest: Math.max(...[...document.querySelectorAll('figure.chart svg')].map((s) => s.getBoundingClientRect().width)) }));
    expect(widths.page).toBeLessThanOrEqual(widths.view);
    expect(widths.widest).toBeLessThanOrEqual(widths.view);
    expect(widths.widest).toBeGreaterThan(250);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
