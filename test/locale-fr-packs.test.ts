import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { models } from '../models/index.js';
import { reports } from '../reports/index.js';
import { configSchema } from '../src/config/config.js';
import { catalogue } from '../src/locale/catalogue.js';
import { query } from '../src/models/query.js';
import { renderReports, type RenderedReport } from '../src/reports/renderReports.js';
import { readFreshness } from '../src/reports/warehouseFacts.js';
import { ident } from '../src/warehouse/database.js';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';
import { dataTables, demoWarehouse } from './demoSupport.js';
import { dumpWorkbook, expectGolden, type WorkbookDump } from './render-helpers.js';

// Every report of a small demo partner rendered in fr-FR: a French reader finds no English outside the
// data, French number and date formats, and the executive summary matches its committed goldens.

const NBSP = '\u00A0';
const out = mkdtempSync(join(tmpdir(), 'pl-fr-packs-'));
let demo: Awaited<ReturnType<typeof demoWarehouse>>;
let warehouse: Warehouse;
let written: RenderedReport[];

beforeAll(async () => {
  demo = await demoWarehouse({ seed: 11, customers: 2, months: 3, asOf: '2026-10-31' });
  warehouse = demo.warehouse;
  written = await renderReports({ warehouse, config: configSchema.parse({ locale: 'fr-FR' }), reports, formats: ['html', 'xlsx'], outDir: out, eachCustomer: true });
}, 120_000);

afterAll(async () => {
  await demo?.cleanup();
  rmSync(out, { recursive: true, force: true });
});

const files = (ext: string) => written.flatMap((w) => w.files).filter((f) => f.endsWith(ext));
const file = (name: string) => files('').find((f) => basename(f) === name)!;

/** Every text a reader of an HTML pack sees: text nodes (not style sheets) and the texts of attributes read aloud or shown on hover. */
function htmlTexts(path: string): string[] {
  const doc = new JSDOM(readFileSync(path, 'utf8')).window.document;
  const texts: string[] = [];
  const walker = doc.createTreeWalker(doc.documentElement, 4);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement?.closest('style')) continue;
    const text = node.textContent!.trim();
    if (text) texts.push(text);
  }
  // Inside an element with role="img" (a chart), attributes are not read: the image's own label is.
  for (const el of doc.querySelectorAll('[aria-label], [title]')) {
    if (el.parentElement?.closest('[role="img"]')) continue;
    for (const name of ['aria-label', 'title']) if (el.hasAttribute(name)) texts.push(`${el.getAttribute(name)}`);
  }
  return texts;
}

/** Every text of a workbook: sheet names, string cells, the pictures' alternative texts (table names are identifiers: letters and digits only). */
function workbookTexts(dump: WorkbookDump): string[] {
  return dump.sheets.flatMap((s) => [
    s.name,
    ...(s.table ? s.table.columns : []),
    ...s.images.map((i) => i.description),
    ...s.rows.flat().flatMap((c) => (c && typeof c.v === 'string' ? [c.v] : [])),
  ]);
}

const words = (text: string) => (text.normalize('NFC').match(/\p{L}+/gu) ?? []).map((w) => w.toLowerCase());

/**
 * What may appear in a French pack: the words of the fr-FR catalogue, words Intl writes in French (months,
 * currency symbols, compact suffixes), and the data — every text value in the warehouse, freshness
 * entries, and the contract's names (measures, dimensions, models, reports), which stay as they are.
 */
async function frenchVocabulary(): Promise<Set<string>> {
  const allowed = new Set<string>(['utc']);
  const add = (text: string) => words(text).forEach((w) => allowed.add(w));
  for (const text of Object.values(catalogue('fr-FR'))) add(text.replace(/\{\w+\}/g, ' '));
  for (let m = 0; m < 12; m++) {
    const day = new Date(Date.UTC(2026, m, 1));
    for (const month of ['short', 'long'] as const) add(new Intl.DateTimeFormat('fr-FR', { month, timeZone: 'UTC' }).format(day));
  }
  for (const n of [1e3, 1e6, 1e9, 1e12]) add(new Intl.NumberFormat('fr-FR', { notation: 'compact' }).format(n));
  const db = warehouse.db;
  for (const table of dataTables) {
    const columns = await db.all<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_name = ? AND data_type = 'VARCHAR'`, [table]);
    for (const { name } of columns) {
      for (const row of await db.all<{ v: string }>(`SELECT DISTINCT ${ident(name)} AS v FROM main.${ident(table)} WHERE ${ident(name)} IS NOT NULL`)) add(row.v);
    }
  }
  for (const code of (await db.all<{ v: string }>('SELECT DISTINCT currency AS v FROM azure_usage')).map((r) => r.v)) {
    add(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: code }).format(1));
  }
  for (const f of (await readFreshness(db)).entries) [f.dataset, f.source, f.note ?? ''].forEach(add);
  for (const model of models) [model.name, ...Object.keys(model.measures), ...Object.keys(model.dimensions)].forEach(add);
  for (const report of reports) add(report.name);
  return allowed;
}

/** Texts with a word that is neither French nor data; a word cut short by "…" (a long name clipped) is known if a known word starts with it. */
function strangers(texts: readonly string[], allowed: Set<string>): string[] {
  const known = [...allowed];
  const unknown = (text: string) => {
    const clipped = /(\p{L}+)…$/u.exec(text.normalize('NFC'))?.[1]?.toLowerCase();
    return words(text).filter((w) => !allowed.has(w) && !(w === clipped && known.some((k) => k.startsWith(w))));
  };
  return [...new Set(texts.filter((t) => unknown(t).length).map((t) => `${unknown(t).join(', ')}  ←  ${t.slice(0, 160)}`))];
}

describe('packs in fr-FR', () => {
  it('render every report (and one customer pack per customer) in both formats', () => {
    const partnerReports = reports.filter((r) => r.scope === 'partner').length;
    expect(files('.html')).toHaveLength(partnerReports + 2);
    expect(files('.xlsx')).toHaveLength(partnerReports + 2);
  });

  it('hold no English outside the data: every word of every HTML page and workbook is French or from the data', async () => {
    const allowed = await frenchVocabulary();
    const found: string[] = [];
    for (const path of files('.html')) found.push(...strangers(htmlTexts(path), allowed).map((s) => `${basename(path)}: ${s}`));
    for (const path of files('.xlsx')) found.push(...strangers(workbookTexts(await dumpWorkbook(path)), allowed).map((s) => `${basename(path)}: ${s}`));
    expect(found).toEqual([]);
  });

  it('translate every catalogue text: a French text equal to the English one is a word both languages share', () => {
    const en = catalogue('en-US');
    const shared = new Set(['date', 'budget', 'sku', 'azure', 'description', 'source', 'pts']);
    const same = Object.entries(catalogue('fr-FR')).filter(([key, text]) => text === en[key] && words(text.replace(/\{\w+\}/g, ' ')).some((w) => !shared.has(w)));
    expect(same).toEqual([]);
  });

  it('write money, percentages and dates the French way (values worked out from the warehouse and `query`)', async () => {
    const doc = new JSDOM(readFileSync(file('executive-summary.html'), 'utf8')).window.document;
    const kpi = (label: string) => [...doc.querySelectorAll('li.kpi')].find((li) => li.querySelector('h3')!.textContent === label);
    // October 2026 is the default period (the data ends on the month's last day).
    expect(doc.querySelector('.meta dd')!.textContent).toBe(`du 01/10/2026 au 31/10/2026 (comparée à la période du 01/09/2026 au 30/09/2026)`);

    const euros = await warehouse.db.value<number>(`SELECT sum(cost)::DOUBLE FROM azure_usage WHERE currency = 'EUR' AND date BETWEEN DATE '2026-10-01' AND DATE '2026-10-31'`);
    const [whole, cents] = euros.toFixed(2).split('.');
    expect(euros).toBeGreaterThan(1000);
    expect(kpi('Coût (EUR)')!.querySelector('.kpi-value')!.textContent).toBe(`${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP)},${cents}${NBSP}€`);

    const [rate] = (await query(warehouse.db, { model: 'licenses', measures: ['deploymentRate'], from: '2026-10-01', to: '2026-10-31' })).rows;
    const percent = `${((rate!.deploymentRate as number) * 100).toFixed(1).replace('.', ',')}${NBSP}%`;
    expect(kpi('Taux de déploiement')!.querySelector('.kpi-value')!.textContent).toBe(percent);

    const dump = await dumpWorkbook(file('executive-summary.xlsx'));
    expect(dump.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(['Indicateurs', 'Tendances des indicateurs', 'À propos']));
    const kpis = dump.sheets.find((s) => s.name === 'Indicateurs')!;
    expect(kpis.table!.columns).toEqual(['Indicateur', 'Valeur', 'Période précédente', 'Évolution', 'Évolution relative', 'Évolution, en clair', 'Définition']);
    // The workbook keeps the number; its format code shows it in the reader's own convention.
    const euroRow = kpis.rows.find((r) => r[0]?.v === 'Coût (EUR)')!;
    expect(euroRow[1]!.v).toBeCloseTo(euros, 6);
  });

  it('give the executive summary the same text and workbook as the committed goldens', async () => {
    const golden = join(import.meta.dirname, 'golden/reports/fr-FR');
    expectGolden(join(golden, 'executive-summary.html.json'), `${JSON.stringify(htmlTexts(file('executive-summary.html')), null, 1)}\n`);
    // Fractions to 12 digits: DOUBLE sums may differ in their last bit with the order rows are added in.
    const dump = JSON.parse(JSON.stringify(await dumpWorkbook(file('executive-summary.xlsx')), (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v))) as WorkbookDump;
    const short = { ...dump, sheets: dump.sheets.map((s) => (s.rows.length <= 40 ? s : { ...s, rows: s.rows.slice(0, 40), rest: createHash('sha256').update(JSON.stringify(s.rows.slice(40))).digest('hex') })) };
    expectGolden(join(golden, 'executive-summary.xlsx.json'), `${JSON.stringify(short, null, 1)}\n`);
  });
});
