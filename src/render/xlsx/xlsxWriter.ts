import { createWriteStream, type WriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import yazl from 'yazl';
import { escapeCellText } from '../escape.js';
import { CellEncoder, measureWidth, type SheetCell, type SheetColumn } from './cellEncoder.js';
import { localizerFor } from '../../locale/catalogue.js';
import type { Locale } from '../../locale/locales.js';
import type { Localizer } from '../../locale/localizer.js';
import { Chunked, iterate } from './chunked.js';
import { columnLetters, sanitiseHeaders, SheetNames, TableNames } from './names.js';
import { useNativeCrc } from './nativeCrc.js';
import * as parts from './parts.js';
import { Styles, type FontStyle } from './styles.js';

export type { FormattedCell, SheetCell, SheetColumn } from './cellEncoder.js';

// A streaming xlsx writer. Sheet XML is written as text, row by row, through a zip stream (yazl), so a
// million-row sheet never sits in memory; the parts that need the whole picture (table ranges, styles,
// workbook, content types) are small and written once the rows are done. It writes what exceljs's
// streaming writer cannot: real Excel tables (autofilter), the hidden filter-database names LibreOffice
// needs, and pictures — at several times its speed (see bench/render.ts).

/** Excel's hard limit of rows per sheet, header included. */
export const excelMaxRows = 1_048_576;

export interface SheetImage {
  png: Uint8Array;
  widthPx: number;
  heightPx: number;
  name: string;
  /** Alternative text for screen readers. */
  description: string;
}

export interface SheetInput {
  name: string;
  /** Lines above the table (title, period, notes), one per row in column A. */
  preamble?: { text: string; style?: FontStyle }[];
  columns: readonly SheetColumn[];
  rows: Iterable<readonly SheetCell[]> | AsyncIterable<readonly SheetCell[]>;
  images?: readonly SheetImage[];
  /** false: plain rows, no Excel table (the About sheet). */
  table?: boolean;
  /** What formulas call the table (made valid and unique); the sheet name when absent. */
  tableName?: string;
}

export interface WrittenSheet {
  name: string;
  /** Data rows on this sheet (header and preamble excluded). */
  rows: number;
  /** For the second and later parts of a split sheet: the first part's name. */
  continues?: string;
  /** 1-based number of the first data row of this part within the whole table. */
  firstRow: number;
}

export interface XlsxWriterOptions {
  /** Strings in cells: `inline` keeps memory flat; `shared` dedupes into one table held in memory. */
  strings?: 'inline' | 'shared';
  /** Deflate level for sheets (1 = fastest); small parts always use 6. */
  compressionLevel?: number;
  /** Rows per sheet before a table continues on a new sheet; Excel's limit unless a test lowers it. */
  maxRowsPerSheet?: number;
  title?: string;
  subject?: string;
  /** ISO timestamp for the document properties: the data's as-of stamp, never the wall clock. */
  modified?: string;
  /** The reader's locale: number format codes and column widths follow it. */
  locale?: Locale;
}

// Fixed zip timestamps (local-time fields, so every time zone writes the same bytes): same data, same file.
const zipTime = new Date(2000, 0, 1);

export class XlsxWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly file: WriteStream;
  private readonly done: Promise<void>;
  private readonly styles = new Styles();
  private readonly sheetNames = new SheetNames();
  private readonly tableNames = new TableNames();
  private readonly sheets: parts.SheetPart[] = [];
  private readonly cells: CellEncoder;
  private readonly l: Localizer;
  private tables = 0;
  private drawings = 0;
  private images = 0;
  private readonly level: number;
  private readonly maxRows: number;

  constructor(
    readonly path: string,
    private readonly options: XlsxWriterOptions = {},
  ) {
    useNativeCrc();
    this.l = localizerFor(options.locale);
    this.cells = new CellEncoder(this.styles, options.strings ?? 'inline', this.l);
    this.level = options.compressionLevel ?? 1;
    this.maxRows = options.maxRowsPerSheet ?? excelMaxRows;
    this.file = createWriteStream(path);
    this.zip.outputStream.pipe(this.file);
    this.done = new Promise((resolve, reject) => {
      this.file.on('close', resolve);
      this.file.on('error', reject);
      this.zip.on('error', reject);
    });
    // Surfaced by finish(); without a listener an early failure would crash the process instead.
    this.done.catch(() => undefined);
  }

  /** Writes a sheet (or several, when the rows exceed a sheet) and returns what was written where. */
  async addSheet(input: SheetInput): Promise<WrittenSheet[]> {
    const iterator = iterate(input.rows);
    // The first rows size the columns; they are written from this buffer, then the rest streams.
    const sample: (readonly SheetCell[])[] = [];
    let finished = false;
    while (sample.length < 100) {
      let r = iterator.next();
      if (r instanceof Promise) r = await r;
      if (r.done) {
        finished = true;
        break;
      }
      sample.push(r.value);
    }
    let sampled = 0;
    let lookahead: readonly SheetCell[] | undefined;
    const pull = (): IteratorResult<readonly SheetCell[]> | Promise<IteratorResult<readonly SheetCell[]>> => {
      if (lookahead) {
        const value = lookahead;
        lookahead = undefined;
        return { done: false, value };
      }
      if (sampled < sample.length) return { done: false, value: sample[sampled++]! };
      return finished ? { done: true, value: undefined } : iterator.next();
    };

    const withTable = input.table !== false && input.columns.length > 0;
    const headers = sanitiseHeaders(input.columns.map((c) => c.header));
    const widths = input.columns.map((c, i) => c.width ?? measureWidth(headers[i] ?? '', c, sample, i, this.l));
    const columns = input.columns.map((c, i) => this.cells.prepare(c, columnLetters(i)));
    const wrapped = input.columns.flatMap((c, i) => (c.wrap ? [{ index: i, width: widths[i] ?? 10 }] : []));

    const written: WrittenSheet[] = [];
    let more = true;
    let firstRow = 1;
    const baseName = this.sheetNames.take(input.name);
    while (more) {
      const part = written.length;
      const name = part === 0 ? baseName : this.sheetNames.take(`${baseName} (${part + 1})`);
      const preamble = part === 0 ? (input.preamble ?? []) : [];
      const headerRow = preamble.length ? preamble.length + 2 : 1;
      const capacity = this.maxRows - headerRow;
      const index = this.sheets.length + 1;
      const stream = new PassThrough();
      this.zip.addReadStream(stream, `xl/worksheets/sheet${index}.xml`, { mtime: zipTime, forceDosTimestamp: true, compressionLevel: this.level });
      const out = new Chunked(stream);
      out.push(parts.worksheetHead({ frozenRows: headerRow, widths, first: index === 1 }));
      for (let i = 0; i < preamble.length; i++) {
        const line = preamble[i]!;
        out.push(`<row r="${i + 1}"><c r="A${i + 1}" s="${this.styles.id({ font: line.style ?? 'regular' })}" t="s"><v>${this.cells.sharedIndex(line.text)}</v></c></row>`);
      }
      const headerStyle = this.styles.id({ font: 'bold' });
      out.push(`<row r="${headerRow}">${headers.map((h, i) => `<c r="${columns[i]!.letter}${headerRow}" s="${headerStyle}" t="s"><v>${this.cells.sharedIndex(h)}</v></c>`).join('')}</row>`);

      let rowNumber = headerRow;
      let count = 0;
      let ended = false;
      while (count < capacity) {
        let r = pull();
        if (r instanceof Promise) r = await r;
        if (r.done) {
          ended = true;
          break;
        }
        rowNumber++;
        count++;
        const cells = r.value;
        let xml = wrapped.length ? `<row r="${rowNumber}"${rowHeight(cells, wrapped)}>` : `<row r="${rowNumber}">`;
        for (let c = 0; c < columns.length; c++) xml += this.cells.cell(columns[c]!, cells[c], cells, rowNumber);
        if (out.push(xml + '</row>')) await out.flush();
      }
      if (!ended) {
        // The sheet is full: one more row decides whether the table continues on another sheet.
        let r = pull();
        if (r instanceof Promise) r = await r;
        if (r.done) ended = true;
        else lookahead = r.value;
      }
      finished = finished || ended;
      more = !ended;

      const lastRow = Math.max(rowNumber, headerRow + 1);
      const lastLetter = columns.at(-1)?.letter ?? 'A';
      const rels: parts.Relationship[] = [];
      const sheet: parts.SheetPart = { index, name };
      if (withTable) {
        const tableIndex = ++this.tables;
        const ref = `A${headerRow}:${lastLetter}${lastRow}`;
        this.addPart(`xl/tables/table${tableIndex}.xml`, parts.table({ index: tableIndex, name: this.tableNames.take(part === 0 ? (input.tableName ?? name) : `${input.tableName ?? baseName} ${part + 1}`), ref, headers }));
        rels.push({ id: 'rId1', type: 'table', target: `../tables/table${tableIndex}.xml` });
        sheet.table = { index: tableIndex };
        sheet.filterRange = `$A$${headerRow}:$${lastLetter}$${lastRow}`;
        sheet.printTitles = `$${headerRow}:$${headerRow}`;
      }
      const images = part === 0 ? (input.images ?? []) : [];
      if (images.length) {
        const drawingIndex = ++this.drawings;
        const placed: parts.PlacedImage[] = [];
        const imageRels: parts.Relationship[] = [];
        let row = headerRow - 1;
        for (const image of images) {
          const n = ++this.images;
          this.zip.addBuffer(Buffer.from(image.png), `xl/media/image${n}.png`, { mtime: zipTime, forceDosTimestamp: true, compress: false });
          placed.push({ col: columns.length + 1, row, widthPx: image.widthPx, heightPx: image.heightPx, name: image.name, description: image.description });
          imageRels.push({ id: `rId${placed.length}`, type: 'image', target: `../media/image${n}.png` });
          row += Math.ceil(image.heightPx / 20) + 1;
        }
        this.addPart(`xl/drawings/drawing${drawingIndex}.xml`, parts.drawing(placed));
        this.addPart(`xl/drawings/_rels/drawing${drawingIndex}.xml.rels`, parts.relationships(imageRels));
        rels.push({ id: 'rId2', type: 'drawing', target: `../drawings/drawing${drawingIndex}.xml` });
        sheet.drawing = { index: drawingIndex };
      }
      out.push(parts.worksheetTail({ tableRel: sheet.table ? 'rId1' : undefined, drawingRel: sheet.drawing ? 'rId2' : undefined }));
      await out.end();
      if (rels.length) this.addPart(`xl/worksheets/_rels/sheet${index}.xml.rels`, parts.relationships(rels));
      this.sheets.push(sheet);
      written.push({ name, rows: count, firstRow, ...(part ? { continues: baseName } : {}) });
      firstRow += count;
    }
    return written;
  }

  /** Writes the package's remaining parts and closes the file. */
  async finish(): Promise<void> {
    const hasShared = this.cells.sharedList.length > 0;
    if (hasShared) {
      const stream = new PassThrough();
      this.zip.addReadStream(stream, 'xl/sharedStrings.xml', { mtime: zipTime, forceDosTimestamp: true, compressionLevel: this.level });
      const out = new Chunked(stream);
      out.push(parts.sharedStringsHead(this.cells.sharedList.length));
      for (const s of this.cells.sharedList) {
        if (out.push(`<si><t${/^\s|\s$/.test(s) ? ' xml:space="preserve"' : ''}>${escapeCellText(s)}</t></si>`)) await out.flush();
      }
      out.push('</sst>');
      await out.end();
    }
    this.addPart('xl/styles.xml', this.styles.xml());
    this.addPart('xl/workbook.xml', parts.workbook(this.sheets));
    this.addPart('xl/_rels/workbook.xml.rels', parts.workbookRelationships(this.sheets.length, hasShared));
    this.addPart('docProps/core.xml', parts.coreProperties({ title: this.options.title ?? '', subject: this.options.subject ?? '', modified: this.options.modified }));
    this.addPart('docProps/app.xml', parts.appProperties());
    this.addPart('_rels/.rels', parts.rootRelationships());
    this.addPart('[Content_Types].xml', parts.contentTypes({ sheets: this.sheets.length, tables: this.tables, drawings: this.drawings, sharedStrings: hasShared }));
    this.zip.end();
    await this.done;
  }

  /** Stops writing after a failure; the caller removes the partial file. */
  async abort(): Promise<void> {
    this.zip.outputStream.unpipe(this.file);
    this.file.destroy();
    await this.done.catch(() => undefined);
  }

  private addPart(name: string, xml: string): void {
    this.zip.addBuffer(Buffer.from(xml, 'utf8'), name, { mtime: zipTime, forceDosTimestamp: true, compressionLevel: 6 });
  }
}

/**
 * Height of a row holding wrapped text, from its length against the column width. Spreadsheet apps do
 * not all size such rows when opening a file (LibreOffice does not): without a height the lines overlap.
 */
function rowHeight(cells: readonly SheetCell[], wrapped: readonly { index: number; width: number }[]): string {
  let lines = 1;
  for (const { index, width } of wrapped) {
    const value = cells[index];
    const text = typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : '';
    const needed = text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil((line.length * 1.1) / Math.max(1, width - 2))), 0);
    if (needed > lines) lines = needed;
  }
  return lines > 1 ? ` ht="${lines * 15}" customHeight="1"` : '';
}
