import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../src/locale/locales.js';
import type { DataColumn, ResolvedReport } from '../src/reports/resolvedReport.js';
import { renderXlsx } from '../src/render/xlsx/renderXlsx.js';
import { libreOfficeMissing, printWorkbook } from './helpers/libreoffice.js';
import { tempDir } from './helpers/tempWarehouse.js';

// The proof that the workbook's numbers read natively: the XLSX the project writes, opened by
// LibreOffice in a French profile and printed to PDF, shows `1 234,56 €`, `12,5 %`, `25/11/2026`. The cells
// hold plain numbers; only the format codes and the reader's locale make the text. The same fr-FR workbook
// read in a US profile follows that reader (`1,234.56 €`, `11/25/2026`), and an en-US workbook still reads
// as it did before locales. Expected texts are written here from the French and US conventions, not copied
// from a run. PDFs and PNGs are kept under $PL_LOOK_DIR when it is set, to look at.

const { dir, cleanup } = tempDir('pl-xlsx-lo-');
const lookDir = process.env.PL_LOOK_DIR ?? join(dir, 'look');
afterAll(cleanup);

const col = (name: string, label: string, format: DataColumn['format'], extra: Partial<DataColumn> = {}): DataColumn => ({
  name, label, format, role: format === 'text' || format === 'date' ? 'dimension' : 'measure', ...extra,
});

/** One KPI of 1,234.56 EUR and a table whose rows hold known amounts, rates and days. */
function knownReport(locale: Locale): ResolvedReport {
  return {
    name: 'known-amounts',
    locale,
    title: 'Known amounts',
    description: '',
    period: { from: '2026-11-01', to: '2026-11-30' },
    previous: { from: '2026-10-01', to: '2026-10-31' },
    filters: [],
    freshness: [{ dataset: 'azure-usage', source: 'demo', asOf: '2026-11-25T00:00:00.000Z', runId: 1 }],
    runId: 1,
    measures: [],
    pages: [{
      title: 'Overview',
      kpis: [{ id: 'azure.cost.EUR', label: 'Azure cost', format: 'currency', currency: 'EUR', value: 1234.56, previous: null, better: 'neutral', trend: [] }],
      charts: [],
      tables: [{
        id: 'amounts',
        title: 'Amounts',
        data: {
          columns: [
            col('label', 'Label', 'text'),
            col('day', 'Day', 'date', { grain: 'day' }),
            col('month', 'Month', 'date', { grain: 'month' }),
            col('currency', 'Currency', 'text'),
            col('cost', 'Cost', 'currency', { currency: { column: 'currency' } }),
            col('rate', 'Rate', 'percent'),
            col('units', 'Units', 'integer'),
          ],
          rows: [
            { label: 'row-eur', day: '2026-11-25', month: '2026-11-01', currency: 'EUR', cost: 1234.56, rate: 0.125, units: 1234567 },
            { label: 'row-usd', day: '2026-11-25', month: '2026-11-01', currency: 'USD', cost: -1234.56, rate: -0.125, units: 7 },
          ],
        },
      }],
    }],
  } as ResolvedReport;
}

/** The printed line of a table row, by its label (the layout keeps a row on one line). */
const line = (text: string, label: string) => text.split('\n').find((l) => l.includes(label)) ?? `(no line with ${label})`;
const squeeze = (s: string) => s.replace(/ {2,}/g, '  ').trim();

const books: Record<Locale, string> = { 'en-US': '', 'fr-FR': '' };

beforeAll(async () => {
  const missing = libreOfficeMissing();
  if (missing) throw new Error(missing);
  mkdirSync(lookDir, { recursive: true });
  for (const locale of ['en-US', 'fr-FR'] as const) {
    books[locale] = join(dir, `known-${locale}.xlsx`);
    await renderXlsx(knownReport(locale), books[locale], { charts: new Map() });
  }
}, 60_000);

describe('XLSX number formats read natively in LibreOffice (fr-FR and en-US profiles)', () => {
  it('a fr-FR workbook in a French profile: 1 234,56 €, 1 234,56 $US, 12,5 %, 25/11/2026, nov. 2026, 1 234 567', async () => {
    const printed = await printWorkbook(books['fr-FR'], 'fr-FR', join(lookDir, 'fr-in-fr'), { png: true });
    const eur = squeeze(line(printed.text, 'row-eur'));
    expect(eur).toContain('25/11/2026');
    expect(eur).toContain('nov. 2026');
    expect(eur).toContain('1 234,56 €');
    expect(eur).toContain('12,5 %');
    expect(eur).toContain('1 234 567');
    const usd = squeeze(line(printed.text, 'row-usd'));
    expect(usd).toContain('-1 234,56 $US');
    expect(usd).toContain('-12,5 %');
    // The KPI sheet: the one EUR amount.
    expect(printed.text).toMatch(/1 234,56 €/);
    expect(printed.text).not.toMatch(/1,234\.56|EUR 1/);
  }, 120_000);

  it('the same fr-FR workbook read in a US profile takes the US reader\'s separators and short date', async () => {
    const printed = await printWorkbook(books['fr-FR'], 'en-US', join(lookDir, 'fr-in-us'), { png: true });
    const eur = squeeze(line(printed.text, 'row-eur'));
    expect(eur).toContain('1,234.56 €');
    expect(eur).toContain('11/25/2026');
    expect(eur).toContain('Nov 2026');
    expect(eur).toContain('12.5 %');
    expect(eur).toContain('1,234,567');
  }, 120_000);

  it('an en-US workbook in a US profile reads as before locales: EUR 1,234.56, 2026-11-25, 12.5%', async () => {
    const printed = await printWorkbook(books['en-US'], 'en-US', join(lookDir, 'us-in-us'));
    const eur = squeeze(line(printed.text, 'row-eur'));
    expect(eur).toContain('EUR 1,234.56');
    expect(eur).toContain('2026-11-25');
    expect(eur).toContain('Nov 2026');
    expect(eur).toContain('12.5%');
    expect(squeeze(line(printed.text, 'row-usd'))).toContain('-USD 1,234.56');
  }, 120_000);
});
