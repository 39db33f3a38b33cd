import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { renderCharts } from '../src/render/writePack.js';
import { renderXlsx } from '../src/render/xlsx/renderXlsx.js';
import { XlsxWriter } from '../src/render/xlsx/xlsxWriter.js';
import { dumpWorkbook, expectGolden, part, unzip } from './render-helpers.js';
import { formulaName, hostileName, sampleReport } from './render-sample.js';

const dir = mkdtempSync(join(tmpdir(), 'pl-render-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeSample(name: string) {
  const report = sampleReport();
  const file = join(dir, name);
  const result = await renderXlsx(report, file, { charts: renderCharts(report) });
  return { file, result, report };
}

describe('xlsx pack of a report', () => {
  it('puts the KPI sheet first, one sheet per chart and table, KPI trends and About last', async () => {
    const { file } = await writeSample('order.xlsx');
    const dump = await dumpWorkbook(file);
    expect(dump.sheets.map((s) => s.name)).toEqual([
      'KPIs',
      'Azure cost by month',
      'Customers',
      'Licenses by customer',
      'Usage rate by customer and…',
      'Deployment rate distribution',
      'Licensed users inactive for…',
      'Azure cost by customer',
      'KPI trends',
      'About',
    ]);
    for (const sheet of dump.sheets) expect(sheet.name.length).toBeLessThanOrEqual(31);
  });

  it('makes every data sheet a real Excel table with a filter, a frozen header and the filter-database name', async () => {
    const { file } = await writeSample('tables.xlsx');
    const dump = await dumpWorkbook(file);
    const inactive = dump.sheets.find((s) => s.name.startsWith('Licensed users inactive'))!;
    // Two preamble lines and a blank row, then the header on row 4 and three users.
    expect(inactive.table).toEqual({ name: 'LicensedUsersInactiveFor30DaysOrMore', ref: 'A4:F7', autoFilter: 'A4:F7', columns: ['Customer', 'User', 'Products', 'Inactive for', 'Last activity', 'Licenses held'] });
    expect(inactive.frozen).toEqual({ rows: 4 });
    expect(inactive.widths).toHaveLength(6);
    const index = dump.sheets.indexOf(inactive);
    expect(dump.definedNames).toContain(`_xlnm._FilterDatabase@${index}='${inactive.name}'!$A$4:$F$7`);
    const tableNames = dump.sheets.map((s) => s.table?.name).filter(Boolean);
    expect(new Set(tableNames.map((n) => n!.toLowerCase())).size).toBe(tableNames.length);
    expect(dump.sheets.find((s) => s.name === 'About')!.table).toBeNull();
  });

  it('formats numbers from the measure: currency per row by ISO code, percent, integer, dates as dates', async () => {
    const { file } = await writeSample('formats.xlsx');
    const dump = await dumpWorkbook(file);
    const cost = dump.sheets.find((s) => s.name === 'Azure cost by customer')!;
    const header = cost.rows[3]!.map((c) => c?.v);
    expect(header).toEqual(['Customer', 'Currency', 'Cost', 'Cost growth', 'evil', 'evil (2)']);
    expect(cost.rows[4]![2]).toMatchObject({ v: 1234.5, t: 'number', fmt: '"USD "#,##0.00;\\-"USD "#,##0.00' });
    expect(cost.rows[5]![2]).toMatchObject({ v: 99.99, t: 'number', fmt: '"EUR "#,##0.00;\\-"EUR "#,##0.00' });
    expect(cost.rows[5]![3]).toMatchObject({ v: -0.05, t: 'number', fmt: '0.0%' });
    expect(cost.rows[4]![4]).toMatchObject({ v: 1, t: 'number', fmt: '#,##0' });
    const inactive = dump.sheets.find((s) => s.name.startsWith('Licensed users inactive'))!;
    expect(inactive.rows[4]![4]).toMatchObject({ v: '2026-05-02', t: 'date', fmt: 'yyyy-mm-dd' });
    // Several products in one cell read as a list, never as an object dump.
    expect(inactive.rows[4]![2]).toMatchObject({ v: 'Microsoft 365 E3, Visio Plan 2', t: 'string' });
    const kpis = dump.sheets[0]!;
    const sold = kpis.rows.find((r) => r[0]?.v === 'Licenses sold')!;
    expect(sold.slice(1, 6).map((c) => c?.v)).toEqual([1234, 1200, 34, 34 / 1200, '+2.8% (+34)']);
    const usd = kpis.rows.find((r) => r[0]?.v === 'Azure cost (USD)')!;
    expect(usd[1]).toMatchObject({ v: 12345.678, fmt: '"USD "#,##0.00;\\-"USD "#,##0.00' });
    expect(usd[2]).toBeFalsy();
  });

  it('places each chart as a PNG beside its data, with alternative text', async () => {
    const { file } = await writeSample('images.xlsx');
    const dump = await dumpWorkbook(file);
    const chartSheet = dump.sheets.find((s) => s.name === 'Licenses by customer')!;
    expect(chartSheet.images).toHaveLength(1);
    const image = chartSheet.images[0]!;
    // Three data columns, one spare column, then the picture, level with the header row.
    expect(image.col).toBe(4);
    expect(image.row).toBe(3);
    expect(image.pngWidth).toBe(image.widthPx * 1.5);
    expect(image.pngHeight).toBe(Math.round(image.heightPx * 1.5));
    expect(image.description).toContain('Licenses by customer');
    expect(dump.sheets.find((s) => s.name === 'KPIs')!.images).toHaveLength(0);
  });

  it('has an About sheet with every measure shown, freshness and filters', async () => {
    const { file, report } = await writeSample('about.xlsx');
    const dump = await dumpWorkbook(file);
    const about = dump.sheets.at(-1)!;
    const text = about.rows.map((r) => r.map((c) => c?.v ?? '').join(' | ')).join('\n');
    for (const m of report.measures) expect(text).toContain(m.description);
    expect(text).toContain('licenses (demo) | data as of 2026-10-31, loaded by run 3');
    expect(text).toContain('Filters | Customer: all customers');
    expect(text).toContain('Period | 2026-10-01 to 2026-10-31');
  });

  it('gives the same workbook for the same data (golden dump)', async () => {
    const { file } = await writeSample('golden.xlsx');
    const again = await writeSample('golden-again.xlsx');
    const dump = JSON.stringify(await dumpWorkbook(file), null, 1);
    expect(JSON.stringify(await dumpWorkbook(again.file), null, 1)).toBe(dump);
    expect(unzip(file).get('xl/worksheets/sheet2.xml')!.equals(unzip(again.file).get('xl/worksheets/sheet2.xml')!)).toBe(true);
    expectGolden(join(import.meta.dirname, 'golden/reports/sample-report.xlsx.json'), dump + '\n');
  });
});

describe('RELIABILITY 20: formula injection', () => {
  it('keeps formula-looking text as text, numbers as numbers, and sanitises headers without collisions', async () => {
    const file = join(dir, 'formula.xlsx');
    const writer = new XlsxWriter(file);
    const hostile = ['=HYPERLINK("http://x","a")', '+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', '\u0000=1', '=evil'];
    await writer.addSheet({
      name: 'Injection',
      columns: [
        { header: 'Text', format: 'text' },
        { header: 'Number', format: 'integer' },
        { header: '=evil', format: 'text' },
        { header: 'evil', format: 'text' },
        { header: '@evil', format: 'text' },
        { header: '\tTab', format: 'text' },
      ],
      rows: hostile.map((text, i) => [text, i === 0 ? -5 : i, 'x', 'y', 'z', 't']),
    });
    await writer.finish();

    const entries = unzip(file);
    const sheet = part(entries, 'xl/worksheets/sheet1.xml');
    expect(sheet).not.toMatch(/<f[ >]/);
    expect(sheet).not.toContain('t="str"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const ws = workbook.worksheets[0]!;
    const read = hostile.map((_, i) => ws.getRow(i + 2).getCell(1));
    for (const [i, cell] of read.entries()) {
      expect(cell.type, `row ${i + 2}`).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
    // NUL cannot travel in XML: it is stored as Excel's escape _x0000_ (exceljs leaves that undecoded).
    expect(read.map((c) => c.value)).toEqual(['=HYPERLINK("http://x","a")', '+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', '_x0000_=1', '=evil']);
    expect(sheet).toContain('>_x0000_=1</t>');
    // Excel keeps such text as text even when a user edits the cell.
    const styles = part(entries, 'xl/styles.xml');
    const xfs = [...styles.matchAll(/<xf [^>]*?(\/>|>.*?<\/xf>)/gs)].map((m) => m[0]).slice(1);
    const styleOf = (ref: string) => Number(new RegExp(`<c r="${ref}" s="(\\d+)"`).exec(sheet)?.[1]);
    expect(xfs[styleOf('A2')]).toContain('quotePrefix="1"');
    const minusFive = ws.getRow(2).getCell(2);
    expect(minusFive.type).toBe(ExcelJS.ValueType.Number);
    expect(minusFive.value).toBe(-5);
    const headers = ws.getRow(1).values as unknown[];
    expect(headers.slice(1)).toEqual(['Text', 'Number', 'evil', 'evil (2)', 'evil (3)', 'Tab']);
    const table = part(entries, 'xl/tables/table1.xml');
    expect([...table.matchAll(/<tableColumn [^>]*name="([^"]*)"/g)].map((m) => m[1])).toEqual(['Text', 'Number', 'evil', 'evil (2)', 'evil (3)', 'Tab']);
  });

  it('keeps hostile names in a report as text cells', async () => {
    const { file } = await writeSample('hostile.xlsx');
    const dump = await dumpWorkbook(file);
    const cells = dump.sheets.flatMap((s) => s.rows.flat()).filter((c) => c && typeof c.v === 'string');
    const formula = cells.find((c) => c!.v === formulaName);
    expect(formula).toMatchObject({ t: 'string', quotePrefix: true });
    expect(cells.find((c) => c!.v === hostileName)).toMatchObject({ t: 'string' });
    expect(cells.find((c) => c!.v === '@SUM(A1)')).toMatchObject({ t: 'string', quotePrefix: true });
  });
});

describe('sheets larger than Excel allows', () => {
  it('continue on further sheets, each a table, and the About sheet says where every row went', async () => {
    const file = join(dir, 'split.xlsx');
    const writer = new XlsxWriter(file, { maxRowsPerSheet: 11 });
    const rows = Array.from({ length: 25 }, (_, i) => [`row ${i + 1}`, i + 1]);
    const written = await writer.addSheet({ name: 'Details', columns: [{ header: 'Name', format: 'text' }, { header: 'N', format: 'integer' }], rows });
    await writer.finish();
    expect(written).toEqual([
      { name: 'Details', rows: 10, firstRow: 1 },
      { name: 'Details (2)', rows: 10, firstRow: 11, continues: 'Details' },
      { name: 'Details (3)', rows: 5, firstRow: 21, continues: 'Details' },
    ]);
    const dump = await dumpWorkbook(file);
    const values = dump.sheets.flatMap((s) => s.rows.slice(1).map((r) => r[1]?.v));
    expect(values).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(dump.sheets.map((s) => s.table?.ref)).toEqual(['A1:B11', 'A1:B11', 'A1:B6']);
  });

  it('an exact multiple of the limit does not leave an empty extra sheet', async () => {
    const file = join(dir, 'exact.xlsx');
    const writer = new XlsxWriter(file, { maxRowsPerSheet: 6 });
    const written = await writer.addSheet({ name: 'T', columns: [{ header: 'N', format: 'integer' }], rows: (async function* () { for (let i = 0; i < 10; i++) yield [i]; })() });
    await writer.finish();
    expect(written.map((w) => w.rows)).toEqual([5, 5]);
  });
});

describe('cell text', () => {
  it('reads back exactly: markup, ampersands, control characters and literal _x0000_ escapes', async () => {
    const file = join(dir, 'text.xlsx');
    const writer = new XlsxWriter(file);
    const texts = ['a & b <c>', 'tab\there', 'line\nbreak', 'bell\u0007', 'literal _x0041_ stays', '  spaces  ', 'emoji 🎉', 'RTL עברית'];
    await writer.addSheet({ name: 'Text', columns: [{ header: 'T', format: 'text' }], rows: texts.map((t) => [t]) });
    await writer.finish();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const ws = workbook.worksheets[0]!;
    const back = texts.map((_, i) => ws.getRow(i + 2).getCell(1).value);
    // exceljs decodes _xHHHH_ escapes except the protected literal, which it leaves as Excel shows it.
    expect(back[0]).toBe('a & b <c>');
    expect(back[1]).toBe('tab\there');
    expect(back[2]).toBe('line\nbreak');
    expect(back[5]).toBe('  spaces  ');
    expect(back[6]).toBe('emoji 🎉');
    expect(back[7]).toBe('RTL עברית');
    const xml = part(unzip(file), 'xl/worksheets/sheet1.xml');
    expect(xml).toContain('bell_x0007_');
    expect(xml).toContain('literal _x005F_x0041_ stays');
  });
});
