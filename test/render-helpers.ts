import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
export { expectGolden } from './helpers/golden.js';

// Reading what the renderers wrote, independently of the code that wrote it: a zip reader for the raw
// parts, exceljs for cells, and a normalised JSON dump for golden comparisons.

/** The entries of a zip file (stored or deflated; what xlsx writers produce), by name. */
export function unzip(file: string): Map<string, Buffer> {
  const zip = readFileSync(file);
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file}: not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(p + 10);
    const checksum = zip.readUInt32LE(p + 16);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extra = zip.readUInt16LE(p + 30);
    const comment = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(dataStart, dataStart + compressed);
    const data = method === 0 ? Buffer.from(raw) : inflateRawSync(raw);
    if (crc32(data) !== checksum) throw new Error(`${file}: ${name}: CRC-32 ${crc32(data)} does not match the recorded ${checksum}`);
    entries.set(name, data);
    p += 46 + nameLength + extra + comment;
  }
  return entries;
}

export function part(entries: Map<string, Buffer>, name: string): string {
  const buffer = entries.get(name);
  if (!buffer) throw new Error(`missing part ${name} (parts: ${[...entries.keys()].join(', ')})`);
  return buffer.toString('utf8');
}

function attr(xml: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(xml)?.[1];
}

export interface WorkbookDump {
  sheets: {
    name: string;
    frozen: { rows: number } | null;
    widths: number[];
    table: { name: string; ref: string; columns: string[]; autoFilter: string | null } | null;
    images: { col: number; row: number; widthPx: number; heightPx: number; description: string; pngSha256: string; pngWidth: number; pngHeight: number }[];
    rows: (null | { v: string | number | boolean; t: string; fmt?: string; quotePrefix?: true })[][];
  }[];
  definedNames: string[];
}

/** A normalised, deterministic picture of a workbook: values with types and formats, tables, pictures. */
export async function dumpWorkbook(file: string): Promise<WorkbookDump> {
  const entries = unzip(file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const workbookXml = part(entries, 'xl/workbook.xml');
  const definedNames = [...workbookXml.matchAll(/<definedName ([^>]*)>([^<]*)<\/definedName>/g)].map((m) => `${attr(m[1]!, 'name')}@${attr(m[1]!, 'localSheetId')}=${m[2]}`);
  const styles = part(entries, 'xl/styles.xml');
  const customFormats = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [Number(m[1]), decodeXml(m[2]!)]));
  const xfs = [...(/<cellXfs[^>]*>(.*?)<\/cellXfs>/s.exec(styles)?.[1] ?? '').matchAll(/<xf [^>]*?(\/>|>.*?<\/xf>)/gs)].map((m) => m[0]);
  const sheets: WorkbookDump['sheets'] = [];
  workbook.worksheets.forEach((ws, i) => {
    const index = i + 1;
    const xml = part(entries, `xl/worksheets/sheet${index}.xml`);
    const rels = entries.has(`xl/worksheets/_rels/sheet${index}.xml.rels`) ? part(entries, `xl/worksheets/_rels/sheet${index}.xml.rels`) : '';
    const tableTarget = /Target="\.\.\/tables\/(table\d+\.xml)"/.exec(rels)?.[1];
    let table: WorkbookDump['sheets'][number]['table'] = null;
    if (tableTarget) {
      const t = part(entries, `xl/tables/${tableTarget}`);
      table = {
        name: attr(t, 'displayName') ?? '',
        ref: attr(t, 'ref') ?? '',
        columns: [...t.matchAll(/<tableColumn [^>]*name="([^"]*)"/g)].map((m) => m[1]!),
        autoFilter: /<autoFilter ref="([^"]*)"/.exec(t)?.[1] ?? null,
      };
    }
    const drawingTarget = /Target="\.\.\/drawings\/(drawing\d+\.xml)"/.exec(rels)?.[1];
    const images: WorkbookDump['sheets'][number]['images'] = [];
    if (drawingTarget) {
      const d = part(entries, `xl/drawings/${drawingTarget}`);
      const dRels = part(entries, `xl/drawings/_rels/${drawingTarget}.rels`);
      for (const anchor of d.matchAll(/<xdr:oneCellAnchor>(.*?)<\/xdr:oneCellAnchor>/gs)) {
        const a = anchor[1]!;
        const embed = /r:embed="([^"]*)"/.exec(a)?.[1];
        const target = new RegExp(`Id="${embed}"[^>]*Target="\\.\\./media/([^"]*)"`).exec(dRels)?.[1] ?? '';
        const png = entries.get(`xl/media/${target}`) ?? Buffer.alloc(0);
        images.push({
          col: Number(/<xdr:col>(\d+)<\/xdr:col>/.exec(a)?.[1]),
          row: Number(/<xdr:row>(\d+)<\/xdr:row>/.exec(a)?.[1]),
          widthPx: Math.round(Number(/<xdr:ext cx="(\d+)"/.exec(a)?.[1]) / 9525),
          heightPx: Math.round(Number(/<xdr:ext cx="\d+" cy="(\d+)"/.exec(a)?.[1]) / 9525),
          description: decodeXml(attr(a, 'descr') ?? ''),
          pngSha256: createHash('sha256').update(png).digest('hex').slice(0, 16),
          pngWidth: png.length > 24 ? png.readUInt32BE(16) : 0,
          pngHeight: png.length > 24 ? png.readUInt32BE(20) : 0,
        });
      }
    }
    const pane = /<pane [^>]*ySplit="(\d+)"[^>]*state="frozen"/.exec(xml);
    const widths = [...xml.matchAll(/<col [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    const rows: WorkbookDump['sheets'][number]['rows'] = [];
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      const cells: WorkbookDump['sheets'][number]['rows'][number] = [];
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        const value = cell.value;
        if (value === null || value === undefined) {
          cells[c - 1] = null;
          return;
        }
        const styleIndex = Number(new RegExp(`<c r="${cell.address}" s="(\\d+)"`).exec(xml)?.[1] ?? 0);
        const xf = xfs[styleIndex] ?? '';
        const out: NonNullable<WorkbookDump['sheets'][number]['rows'][number][number]> =
          value instanceof Date ? { v: value.toISOString().slice(0, 10), t: 'date' } : typeof value === 'object' ? { v: JSON.stringify(value), t: 'object' } : { v: value, t: typeof value };
        const numFmtId = Number(/numFmtId="(\d+)"/.exec(xf)?.[1] ?? 0);
        if (numFmtId) out.fmt = customFormats.get(numFmtId) ?? `builtin:${numFmtId}`;
        if (/quotePrefix="1"/.test(xf)) out.quotePrefix = true;
        cells[c - 1] = out;
      });
      rows[r - 1] = cells;
    });
    for (let r = 0; r < rows.length; r++) rows[r] ??= [];
    sheets.push({ name: ws.name, frozen: pane ? { rows: Number(pane[1]) } : null, widths, table, images, rows });
  });
  return { sheets, definedNames };
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|amp|#(\d+));/g, (_, name: string, code?: string) => (code ? String.fromCharCode(Number(code)) : ({ lt: '<', gt: '>', quot: '"', amp: '&' } as Record<string, string>)[name] ?? _));
}

