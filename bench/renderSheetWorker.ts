// One big detail sheet written by one writer, in a process of its own so that bench/render.ts can
// measure its time and peak memory alone. argv: <writer> <rows> <file>
//   floor        sheet XML as text through a zip stream (yazl, deflate 1): the least any writer can do
//   floor-native the same with yazl's checksum in native code, as our writer runs it (see nativeCrc.ts)
//   exceljs      exceljs's streaming WorkbookWriter (no table, no picture: it has neither)
//   partnerlens  our XlsxWriter: Excel table, number formats (currency per row), frozen header, a chart picture
//   partnerlens-shared  the same with a shared-strings table instead of inline strings
import { statSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import yazl from 'yazl';
import { chartPng } from '../src/render/charts/chartPng.js';
import { renderChart } from '../src/render/charts/renderChart.js';
import { localizerFor } from '../src/locale/catalogue.js';
import type { ChartSpec } from '../src/reports/defineReport.js';
import { useNativeCrc } from '../src/render/xlsx/nativeCrc.js';
import { XlsxWriter, type SheetColumn } from '../src/render/xlsx/xlsxWriter.js';

const [writer = 'partnerlens', rowsText = '1000000', file = 'sheet.xlsx'] = process.argv.slice(2);
const total = Number(rowsText);
const regions = ['West Europe', 'North Europe', 'East US', 'UK South', 'Germany West Central'];
const meters = ['D2s v5', 'P10 Disks', 'Hot LRS Data Stored', 'Standard Data Transfer Out', 'vCore', 'gpt-4o Tokens'];

/** Ten columns of a daily usage detail: text, dates, money in two currencies, a rate, counts. */
function* rows(): Generator<(string | number | null)[]> {
  for (let i = 0; i < total; i++) {
    const day = 1 + (i % 28);
    yield [
      `Customer ${i % 5000} & Co`,
      `2026-10-${String(day).padStart(2, '0')}`,
      `sub-${(i * 7919) % 20000}`,
      meters[i % meters.length]!,
      regions[i % regions.length]!,
      i % 9 === 0 ? 'EUR' : 'USD',
      (i % 1000) / 7,
      Math.round(((i * 31) % 100000) * 0.0137 * 100) / 100,
      (i % 101) / 100,
      i % 17 === 0 ? '=looks like a formula' : `rg-${i % 300}`,
    ];
  }
}

const columns: SheetColumn[] = [
  { header: 'Customer', format: 'text' },
  { header: 'Date', format: 'date' },
  { header: 'Subscription', format: 'text' },
  { header: 'Meter', format: 'text' },
  { header: 'Region', format: 'text' },
  { header: 'Currency', format: 'text' },
  { header: 'Quantity', format: 'number' },
  { header: 'Cost', format: 'currency', currency: { index: 5 } },
  { header: 'Usage rate', format: 'percent' },
  { header: 'Resource group', format: 'text' },
];

async function floor(): Promise<void> {
  const zip = new yazl.ZipFile();
  const out = createWriteStream(file);
  zip.outputStream.pipe(out);
  const parts: Record<string, string> = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Detail" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  };
  for (const [name, xml] of Object.entries(parts)) zip.addBuffer(Buffer.from(xml), name);
  const sheet = new PassThrough();
  zip.addReadStream(sheet, 'xl/worksheets/sheet1.xml', { compressionLevel: 1 });
  const esc = (s: string) => s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
  let buffer = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  for (const row of rows()) {
    buffer += '<row>';
    for (const v of row) buffer += typeof v === 'number' ? `<c><v>${v}</v></c>` : `<c t="inlineStr"><is><t>${esc(String(v))}</t></is></c>`;
    buffer += '</row>';
    if (buffer.length > 65_536) {
      if (!sheet.write(buffer)) await once(sheet, 'drain');
      buffer = '';
    }
  }
  sheet.end(buffer + '</sheetData></worksheet>');
  zip.end();
  await once(out, 'close');
}

async function exceljs(): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const sheet = book.addWorksheet('Detail', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: 16, style: c.format === 'percent' ? { numFmt: '0.0%' } : c.format === 'number' ? { numFmt: '#,##0.00' } : {} }));
  for (const row of rows()) {
    const values: unknown[] = [...row];
    values[1] = new Date(`${row[1]}T00:00:00Z`);
    sheet.addRow(values).commit();
  }
  sheet.commit();
  await book.commit();
}

async function partnerlens(strings: 'inline' | 'shared'): Promise<void> {
  const spec = { id: 'c', kind: 'bar', x: 'region', y: ['cost'], query: { model: 'azure', measures: ['cost'], by: ['region'], where: [], window: 'period', orderBy: [] } } as ChartSpec;
  const chart = renderChart({
    id: 'c', title: 'Cost by region', spec,
    data: { columns: [{ name: 'region', label: 'Region', role: 'dimension', format: 'text' }, { name: 'cost', label: 'Cost', role: 'measure', format: 'currency', currency: { code: 'USD' } }], rows: regions.map((r, i) => ({ region: r, cost: 1000 * (i + 1) })) },
  }, { l: localizerFor() });
  const book = new XlsxWriter(file, { strings });
  await book.addSheet({ name: 'Detail', tableName: 'Daily usage', columns, rows: rows(), images: [{ png: chartPng(chart.titled.svg), widthPx: chart.width, heightPx: chart.titled.height, name: 'Cost by region', description: chart.alt }] });
  await book.finish();
}

if (writer === 'floor') await floor();
else if (writer === 'floor-native') {
  useNativeCrc();
  await floor();
}
else if (writer === 'exceljs') await exceljs();
else if (writer === 'partnerlens') await partnerlens('inline');
else if (writer === 'partnerlens-shared') await partnerlens('shared');
else throw new Error(`invalid writer: ${writer}`);
process.stdout.write(JSON.stringify({ rows: total, bytes: statSync(file).size }) + '\n');
