import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reports } from '../reports/index.js';
import { configSchema } from '../src/config/config.js';
import { query } from '../src/models/query.js';
import { chartKey } from '../src/render/charts/renderChart.js';
import { renderReports, type RenderedReport } from '../src/reports/renderReports.js';
import { resolveReport } from '../src/reports/resolveReport.js';
import { openWarehouse, type Warehouse } from '../src/warehouse/openWarehouse.js';
import { runCli } from './helpers/children.js';
import { dumpWorkbook, expectGolden, type WorkbookDump } from './render-helpers.js';

// The whole path on a small deterministic demo partner: warehouse → models → reports → HTML and XLSX.
// Figures in the packs are checked against `query` and against sums computed straight from the tables.

const dir = mkdtempSync(join(tmpdir(), 'pl-report-render-'));
const db = join(dir, 'demo.duckdb');
const out = join(dir, 'out');
const config = configSchema.parse({});
let warehouse: Warehouse;
let written: RenderedReport[];

beforeAll(async () => {
  const demo = runCli(['demo', '--db', db, '--customers', '3', '--months', '13', '--seed', '11', '--as-of', '2026-10-31', '--json']);
  expect(demo.code, demo.stderr).toBe(0);
  warehouse = await openWarehouse({ path: db, readOnly: true });
  written = await renderReports({ warehouse, config, reports, formats: ['html', 'xlsx'], outDir: out, eachCustomer: true });
}, 180_000);

afterAll(async () => {
  await warehouse?.close();
  rmSync(dir, { recursive: true, force: true });
});

const goldenDir = join(import.meta.dirname, 'golden/reports/demo');

/**
 * Long sheets keep their first rows in the golden and a digest of every row. Fractions are kept to 12
 * significant digits: quantities are DOUBLE sums, whose last bit depends on the order rows are added in
 * (a pre-aggregation or a new storage order changes it); money is DECIMAL and exact well within that.
 */
function compact(dump: WorkbookDump): unknown {
  const rounded = JSON.parse(JSON.stringify(dump, (_key, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v))) as WorkbookDump;
  return {
    ...rounded,
    sheets: rounded.sheets.map((s) =>
      s.rows.length <= 40 ? s : { ...s, rows: s.rows.slice(0, 40), rest: { rows: s.rows.length - 40, sha256: createHash('sha256').update(JSON.stringify(s.rows.slice(40))).digest('hex') } },
    ),
  };
}

function sheet(dump: WorkbookDump, name: string) {
  const found = dump.sheets.find((s) => s.name === name);
  if (!found) throw new Error(`no sheet ${name} in ${dump.sheets.map((s) => s.name).join(', ')}`);
  return found;
}

/** Data rows of a sheet's table as objects keyed by header. */
function tableRows(s: WorkbookDump['sheets'][number]): Record<string, unknown>[] {
  const headerIndex = s.rows.findIndex((r) => r.length && r.every((c, i) => c?.v === s.table?.columns[i]));
  const header = s.rows[headerIndex]!.map((c) => String(c?.v));
  return s.rows.slice(headerIndex + 1).filter((r) => r.some(Boolean)).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]?.v ?? null])));
}

describe('render all on the demo partner', () => {
  it('writes every partner report and one customer pack per customer, in both formats', () => {
    const partner = written.filter((w) => !w.customer).map((w) => w.report);
    expect(partner).toEqual(reports.filter((r) => r.scope === 'partner').map((r) => r.name));
    const packs = written.filter((w) => w.report === 'customer-pack');
    expect(packs).toHaveLength(3);
    for (const w of written) {
      expect(w.files.map((f) => f.slice(-5))).toEqual(['.html', '.xlsx']);
      for (const f of w.files) expect(existsSync(f)).toBe(true);
    }
  });

  it('gives the same workbooks as the committed goldens (normalised dumps), and the same chart SVGs', async () => {
    for (const w of written.filter((x) => !x.customer || x === written.find((y) => y.customer))) {
      const xlsx = w.files.find((f) => f.endsWith('.xlsx'))!;
      const name = w.customer ? 'customer-pack' : w.report;
      expectGolden(join(goldenDir, `${name}.xlsx.json`), JSON.stringify(compact(await dumpWorkbook(xlsx)), null, 1) + '\n');
    }
    // The charts as the HTML pack carries them (the same SVG the workbook's pictures are drawn from).
    for (const w of written.filter((x) => !x.customer)) {
      const html = new JSDOM(readFileSync(w.files[0]!, 'utf8')).window.document;
      for (const figure of html.querySelectorAll('figure.chart')) {
        const svg = figure.querySelector('svg')!;
        expectGolden(join(goldenDir, 'charts', `${w.report}--${figure.id.replace(/^chart-/, '').replace(/[^A-Za-z0-9-]+/g, '_')}.svg`), svg.outerHTML + '\n');
      }
    }
  }, 120_000);

  it('shows Azure cost per currency equal to the sum of the loaded rows, never summed across currencies', async () => {
    const dump = await dumpWorkbook(written.find((w) => w.report === 'azure-insights')!.files[1]!);
    const expected = await warehouse.db.all<{ currency: string; cost: number }>(
      "SELECT currency, sum(cost)::DOUBLE AS cost FROM azure_usage WHERE date BETWEEN DATE '2026-10-01' AND DATE '2026-10-31' GROUP BY currency ORDER BY currency",
    );
    expect(expected.length).toBeGreaterThan(1);
    const kpis = sheet(dump, 'KPIs');
    for (const { currency, cost } of expected) {
      const row = kpis.rows.find((r) => r[0]?.v === `Cost (${currency})`)!;
      expect(row[1]!.v as number).toBeCloseTo(cost, 6);
      expect(row[1]!.fmt).toBe(`"${currency} "#,##0.00;\\-"${currency} "#,##0.00`);
    }
    const byCustomer = tableRows(sheet(dump, 'Cost and budget by customer'));
    for (const { currency, cost } of expected) {
      const sum = byCustomer.filter((r) => r.Currency === currency).reduce((s, r) => s + (r.Cost as number), 0);
      expect(sum).toBeCloseTo(cost, 6);
    }
    const html = new JSDOM(readFileSync(written.find((w) => w.report === 'azure-insights')!.files[0]!, 'utf8')).window.document;
    const card = [...html.querySelectorAll('.kpi')].find((k) => k.querySelector('h3')!.textContent === `Cost (${expected[0]!.currency})`)!;
    const amount = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(expected[0]!.cost);
    expect(card.querySelector('.kpi-value')!.textContent).toBe(`${expected[0]!.currency} ${amount}`);
  });

  it('counts operations as the activity table does, and agrees with `query` on every KPI', async () => {
    const dump = await dumpWorkbook(written.find((w) => w.report === 'activity-log')!.files[1]!);
    const operations = await warehouse.db.value<number>("SELECT count(*) FROM activity WHERE operation_date >= TIMESTAMP '2026-10-01' AND operation_date < TIMESTAMP '2026-11-01'");
    expect(sheet(dump, 'KPIs').rows.find((r) => r[0]?.v === 'Operations')![1]!.v).toBe(operations);

    const summary = await dumpWorkbook(written.find((w) => w.report === 'license-insights')!.files[1]!);
    const kpis = sheet(summary, 'KPIs');
    for (const measure of ['licensesSold', 'licensesAssigned', 'deploymentRate', 'usageRate', 'licenseAdds']) {
      const result = await query(warehouse.db, { model: 'licenses', measures: [measure], from: '2026-10-01', to: '2026-10-31' }, { config });
      const label = result.columns.find((c) => c.name === measure)!.label;
      expect(kpis.rows.find((r) => r[0]?.v === label)![1]!.v, measure).toBe(result.rows[0]![measure]);
      const previous = await query(warehouse.db, { model: 'licenses', measures: [measure], from: '2026-09-01', to: '2026-09-30' }, { config });
      expect(kpis.rows.find((r) => r[0]?.v === label)![2]?.v ?? null, `${measure} previous`).toBe(previous.rows[0]![measure]);
    }
  });

  it('takes a calendar month\'s KPIs from the twelve-month trend, with the values `query` gives for the month and the one before', async () => {
    let checked = 0;
    for (const report of reports.filter((r) => r.scope === 'partner')) {
      const asked: string[] = [];
      const resolved = await resolveReport(report, {
        run: async (q) => {
          asked.push(JSON.stringify(q));
          return query(warehouse.db, q, { config });
        },
        asOfDay: '2026-10-31', freshness: [], runId: null,
      });
      const kpis = resolved.pages.flatMap((p) => p.kpis);
      for (const spec of report.pages.flatMap((p) => p.kpis).filter((k) => !k.by.length)) {
        const kpi = kpis.find((k) => k.id === `${spec.model}.${spec.measure}`)!;
        const at = async (from: string, to: string) => (await query(warehouse.db, { model: spec.model, measures: [spec.measure], where: spec.where, from, to }, { config })).rows[0]![spec.measure];
        expect(kpi.value, `${report.name} ${kpi.id}`).toBe(await at('2026-10-01', '2026-10-31'));
        expect(kpi.previous, `${report.name} ${kpi.id} previous`).toBe(await at('2026-09-01', '2026-09-30'));
        checked += 1;
      }
      // No separate query for the month or the month before.
      expect(asked.filter((q) => q.includes('"by":[],') && q.includes('"from":"2026-10-01","to":"2026-10-31"')), report.name).toEqual([]);
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('lists each inactive user once, with the products they hold as a list', async () => {
    const dump = await dumpWorkbook(written.find((w) => w.report === 'licenses-usage')!.files[1]!);
    const rows = tableRows(sheet(dump, 'Inactive users'));
    const expected = await query(warehouse.db, { model: 'users', measures: ['licensesOnInactiveUsers'], by: ['customerId', 'user', 'product'], where: [{ dimension: 'inactiveFor', values: ['30-59', '60-89', '90+', 'never'] }] }, { config });
    const users = new Map<string, string[]>();
    for (const r of expected.rows) users.set(String(r.user), [...(users.get(String(r.user)) ?? []), String(r.product)]);
    expect(rows.length).toBe(users.size);
    expect(new Set(rows.map((r) => r.User)).size).toBe(rows.length);
    for (const row of rows) {
      // In code-point order, whatever order Graph listed them in.
      const products = users.get(String(row.User))!.sort();
      expect(String(row['Assigned products']).split(', ')).toEqual(products);
      expect(row['Licenses on inactive users']).toBe(products.length);
    }
  });

  it('filters a customer pack to its customer only', async () => {
    const pack = written.find((w) => w.report === 'customer-pack')!;
    const name = (await warehouse.db.value<string>('SELECT name FROM customers WHERE customer_id = ?', [pack.customer!]))!;
    const dump = await dumpWorkbook(pack.files[1]!);
    expect(sheet(dump, 'KPIs').rows[0]![0]!.v).toBe(`Customer pack — ${name}`);
    const expected = await query(warehouse.db, { model: 'azure', measures: ['cost'], by: ['currency'], where: [{ dimension: 'customerId', values: [pack.customer!] }], from: '2026-10-01', to: '2026-10-31' }, { config });
    for (const r of expected.rows) {
      expect(sheet(dump, 'KPIs').rows.find((x) => x[0]?.v === `Cost (${r.currency})`)![1]!.v).toBe(r.cost);
    }
    expect(basename(pack.files[0]!)).toMatch(/^customer-pack-[A-Za-z0-9._-]+\.html$/);
    expect(dump.sheets.find((s) => s.name === 'About')!.rows.some((r) => String(r[1]?.v).includes(`tenant ${pack.customer}`))).toBe(true);
  });

  it('states freshness and the run id from the warehouse', async () => {
    const html = new JSDOM(readFileSync(written[0]!.files[0]!, 'utf8')).window.document;
    const datasets = await warehouse.db.all<{ dataset: string; run_id: number }>('SELECT dataset, run_id FROM freshness ORDER BY dataset, source');
    const rows = [...html.querySelectorAll('.freshness tbody tr')].map((tr) => [tr.children[0]!.textContent, Number(tr.children[3]!.textContent)]);
    expect(rows).toEqual(datasets.map((d) => [d.dataset, Number(d.run_id)]));
    const maxRun = Math.max(...datasets.map((d) => Number(d.run_id)));
    expect(html.querySelector('.meta')!.textContent).toContain(`#${maxRun}`);
    expect(chartKey({ id: 'a', title: '', spec: {} as never, data: { columns: [], rows: [] }, facet: 'USD' })).toBe('a:USD');
  });
});
