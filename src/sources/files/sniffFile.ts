import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { InputError } from '../../errors.js';
import { parseCsvText } from './csv/parseCsvText.js';
import type { FileKind } from './defineFormat.js';
import { lineEndScanner, type FileFacts } from './fileFacts.js';

export interface Sniffed {
  kind: FileKind;
  /** CSV only: header names (BOM stripped, quotes removed), the delimiter, and the first data records. */
  header: string[];
  delimiter: string;
  sample: string[][];
  size: number;
  /**
   * CSV only: the line ends of the bytes looked at — the whole file's when it is that small, else a guess
   * that the full pass (fileFacts) confirms or corrects.
   */
  lineEnds?: FileFacts['lineEnds'];
}

const sniffBytes = 256 * 1024;
const sampleRows = 200;

/**
 * Looks at the start of a file — never more than 256 KB — to tell its kind and, for CSV, its header row
 * and a sample of rows (for the date style). Parquet and JSON are recognised by their first bytes too,
 * so a misnamed file is still read the right way.
 */
export async function sniffFile(path: string): Promise<Sniffed> {
  const handle = await open(path, 'r');
  let bytes: Buffer;
  let size: number;
  try {
    size = (await handle.stat()).size;
    const buffer = Buffer.alloc(Math.min(sniffBytes, size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    bytes = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const extension = extname(path).toLowerCase();
  if (bytes.subarray(0, 4).toString('latin1') === 'PAR1' || extension === '.parquet') {
    return { kind: 'parquet', header: [], delimiter: ',', sample: [], size };
  }
  if (size === 0) throw new InputError('the file is empty: expected at least a header row', { file: path });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError('the file is UTF-16 encoded: save it as UTF-8 (CSV UTF-8) and ingest it again', { file: path });
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = bytes.subarray(hasBom ? 3 : 0).toString('utf8');
  const firstChar = /\S/.exec(text)?.[0];
  if (extension === '.json' || firstChar === '{' || firstChar === '[') {
    return { kind: 'json', header: [], delimiter: ',', sample: [], size };
  }

  const whole = bytes.length >= size;
  const lineEnd = text.search(/\r?\n/);
  if (lineEnd < 0 && !whole) throw new InputError('no line end in the first 256 KB: this is not a CSV file with a header row', { file: path });
  const firstLine = lineEnd < 0 ? text : text.slice(0, lineEnd);
  const delimiter = pickDelimiter(firstLine);
  const records = parseCsvText(text, { delimiter, final: whole });
  const header = (records[0] ?? []).map((h) => h.trim());
  if (!header.length || header.every((h) => h === '')) throw new InputError('the first line is empty: expected a header row', { file: path, line: 1 });
  const ends = lineEndScanner();
  ends.update(bytes);
  return { kind: 'csv', header, delimiter, sample: records.slice(1, 1 + sampleRows), size, lineEnds: ends.result() };
}

/** Comma unless the header plainly uses another separator (semicolon exports from a European Excel, tabs). */
function pickDelimiter(line: string): string {
  const count = (c: string) => line.split(c).length - 1;
  const candidates = [',', ';', '\t', '|'].map((c) => ({ c, n: count(c) }));
  const best = candidates.reduce((a, b) => (b.n > a.n ? b : a));
  return best.n > 0 ? best.c : ',';
}
