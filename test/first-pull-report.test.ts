import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reports } from '../reports/index.js';
import { configSchema } from '../src/config/config.js';
import { renderReports, type RenderedReport } from '../src/reports/renderReports.js';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';
import { firstPullDay, firstPullPages, tenant } from './fake-partner-center/firstPullScenario.js';
import { tempWarehouse } from './helpers/tempWarehouse.js';
import { ingest } from './ingest-helpers.js';
import { dumpWorkbook, type WorkbookDump } from './render-helpers.js';

// Issue 11 on rendered packs: the first-pull partner (saved pages of 2026-11-20 = D, one license snapshot
// that day) rendered as of D. Licenses before the first snapshot are no data in charts and workbooks,
// never 0; customers, new and churned customers already have their past. Values worked by hand from the
// scenario's table (fake-partner-center/firstPullScenario.ts) and SPEC §4.

let w: { warehouse: Warehouse; dir: string; cleanup(): Promise<void> };
let written: RenderedReport[];

beforeAll(async () => {
  w = await tempWarehouse();
  const pages = firstPullPages();
  const save = (name: string, items: unknown[]) => {
    const file = join(w.dir, name);
    writeFileSync(file, JSON.stringify({ totalCount: items.length, items, links: {} }));
    utimesSync(file, new Date(`${firstPullDay}T12:00:00Z`), new Date(`${firstPullDay}T12:00:00Z`));
    return file;
  };
  const files = [save('customers.json', pages.customers)];
  for (const [key, id] of Object.entries(tenant)) {
    files.push(save(`subscriptions-${key}.json`, pages.subscriptions[id]!));
    if (pages.subscribedSkus[id]!.length) files.push(save(`skus-${key}.json`, pages.subscribedSkus[id]!));
  }
  const result = await ingest(w.warehouse, files, { format: 'pc-json' });
  expect(result.files.every((f) => f.status === 'loaded')).toBe(true);
  const config = configSchema.parse({});
  const pick = (...names: string[]) => reports.filter((r) => names.includes(r.name));
  written = [
    ...(await renderReports({ warehouse: w.warehouse, config, reports: pick('license-insights', 'executive-summary', 'subscription-insights'), formats: ['html', 'xlsx'], outDir: join(w.dir, 'out'), to: firstPullDay })),
    ...(await renderReports({ warehouse: w.warehouse, config, reports: pick('customer-pack'), formats: ['html', 'xlsx'], outDir: join(w.dir, 'out'), customer: tenant.B, to: firstPullDay })),
  ];
}, 120_000);
afterAll(async () => w?.cleanup());

const file = (report: string, ext: string) => written.find((r) => r.report === report)!.files.find((f) => f.endsWith(ext))!;

/** A chart's data sheet, found by its title in A1: header row, then { first cell: the rest } per row. */
function chartSheet(book: WorkbookDump, title: string): { header: string[]; rows: [string, (string | number | null)[]][] } {
  const sheet = book.sheets.find((s) => s.rows[0]?.[0]?.v === title);
  if (!sheet) throw new Error(`no sheet titled ${title}: ${book.sheets.map((s) => s.rows[0]?.[0]?.v).join(' | ')}`);
  const at = sheet.rows.findIndex((r) => r.length > 0 && r[0]?.v === 'Date');
  const header = sheet.rows[at]!.map((c) => String(c?.v ?? ''));
  const rows = sheet.rows.slice(at + 1).map((r): [string, (string | number | null)[]] => [
    String(r[0]?.v),
    header.slice(1).map((_, i) => (r[i + 1] ? (r[i + 1]!.v as string | number) : null)),
  ]);
  return { header, rows };
}

/** The tooltips of one chart figure of an HTML pack (one per mark drawn). */
function chartTitles(html: string, id: string): string[] {
  const start = html.indexOf(`id="chart-${id}"`);
  expect(start).toBeGreaterThan(0);
  const figure = html.slice(start, html.indexOf('</figure>', start));
  return [...figure.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]!);
}

/** The rows of one HTML table block, each cell's text (tags stripped, entities of interest decoded). */
function htmlTable(html: string, id: string): string[][] {
  const start = html.indexOf(`id="table-${id}"`);
  expect(start).toBeGreaterThan(0);
  const block = html.slice(start, html.indexOf('</table>', start));
  const text = (cell: string) => cell.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&').trim();
  return [...block.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((c) => text(c[1]!)));
}

describe('packs rendered from a first pull', () => {
  it('licenses month by month: months before the first snapshot are empty cells and no marks, the snapshot month has B\'s units', async () => {
    // Customer B's pack, trailing 12 months to D: December 2025 … November 2026. The only snapshot is D,
    // where B holds Business Premium 25 sold / 20 assigned. Usage analytics were not loaded: "active" is left aside.
    const { header, rows } = chartSheet(await dumpWorkbook(file('customer-pack', '.xlsx')), 'Licenses sold and assigned, month by month');
    expect(header.slice(0, 3)).toEqual(['Date', 'Licenses sold', 'Licenses assigned']);
    expect(rows.map(([d]) => d)).toEqual(['2025-12-01', ...Array.from({ length: 10 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}-01`), '2026-11-01']);
    for (const [date, cells] of rows.slice(0, -1)) expect([date, cells]).toEqual([date, [null, null, null]]);
    expect(rows.at(-1)![1].slice(0, 2)).toEqual([25, 20]);
    const titles = chartTitles(readFileSync(file('customer-pack', '.html'), 'utf8'), 'licenses-trend');
    // November runs on past D (the pages' day): the chart marks it as a period still in progress.
    expect(titles.filter((t) => /Licenses (sold|assigned)/.test(t))).toEqual(['Nov 2026 · Licenses sold: 25 (to 2026-11-20, in progress)', 'Nov 2026 · Licenses assigned: 20 (to 2026-11-20, in progress)']);
  });

  it('license additions and reductions by week: weeks before the first snapshot have no value, not 0', async () => {
    // Trailing 90 days to D start 2026-08-23: weeks (from Monday) 2026-08-17 … 2026-11-16. Every week that ends
    // before D knows nothing of changes: empty. The week of D holds the first snapshot, a starting point: 0 and 0.
    const { rows } = chartSheet(await dumpWorkbook(file('license-insights', '.xlsx')), 'License additions and reductions, last 90 days');
    expect(rows[0]![0]).toBe('2026-08-17');
    expect(rows.at(-1)).toEqual(['2026-11-16', [0, 0]]);
    expect(rows).toHaveLength(14);
    for (const [date, cells] of rows.slice(0, -1)) expect([date, cells]).toEqual([date, [null, null]]);
    const titles = chartTitles(readFileSync(file('license-insights', '.html'), 'utf8'), 'adds-reductions');
    // The week of D ends on the 22nd, after D: drawn as a period still in progress.
    expect(titles).toEqual(['2026-11-16 · License adds: 0 (to 2026-11-20, in progress)', '2026-11-16 · License reductions: 0 (to 2026-11-20, in progress)']);
  });

  it('subscriptions by status month by month, and what expires or renews within 30 days of D', async () => {
    // Active at each month's end (valid_to exclusive): B1, B2, D2 throughout; A1 until 2026-11-09; E1 from
    // 2025-12-01; F1 until D; F2 from 2026-02-14; G1 from 2026-11-03. December 2025 and January 2026:
    // B1 B2 D2 A1 E1 F1 = 6; February … October 2026: + F2 = 7; as of D: B1 B2 D2 E1 F2 G1 = 6.
    // Suspended: C1 (since 2025-04-15) every month.
    const { header, rows } = chartSheet(await dumpWorkbook(file('subscription-insights', '.xlsx')), 'Active subscriptions, month by month');
    expect(header).toEqual(['Date', 'Active subscriptions', 'Suspended subscriptions']);
    expect(rows.map(([, [active]]) => active)).toEqual([6, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6]);
    expect(rows.map(([, [, suspended]]) => suspended)).toEqual(Array(12).fill(1));
    // Expiring (active, no auto-renew, term ends within 30 days): E1, ends 2026-11-30. Renewing (auto-renew):
    // D2, ends 2026-12-10. The table puts the expiring first.
    const table = htmlTable(readFileSync(file('subscription-insights', '.html'), 'utf8'), 'expiring-soon');
    expect(table.slice(1)).toEqual([
      ['Elm SARL', 'Microsoft 365 Business Basic', 'P1Y', '1', '0'],
      ['Dogwood Inc', 'Microsoft 365 Business Premium', 'P1M', '0', '1'],
    ]);
  });

  it('customers, new and churned month by month already have their past', async () => {
    // Customers at each month's end, December 2025 … October 2026: A (from 2025-11-09 until 2026-11-09), B, C, D,
    // E (from 2025-12-01), F = 6; as of D: A has churned, G (2026-11-03) arrived → 6 again.
    // New: E in December 2025, G in November 2026; churned: A in November 2026; every other month 0.
    const book = await dumpWorkbook(file('executive-summary', '.xlsx'));
    const customers = chartSheet(book, 'Customers, month by month').rows;
    expect(customers.map(([, [n]]) => n)).toEqual(Array(12).fill(6));
    const moves = chartSheet(book, 'New and churned customers');
    expect(moves.header).toEqual(['Date', 'New customers', 'Churned customers']);
    expect(moves.rows.filter(([, cells]) => cells.some((c) => c !== 0))).toEqual([['2025-12-01', [1, 0]], ['2026-11-01', [1, 1]]]);
    expect(moves.rows).toHaveLength(12);
  });
});
