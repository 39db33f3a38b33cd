import { InputError } from '../../../errors.js';
import { log } from '../../../util/log.js';
import type { Rejection } from '../../../runs/runHistory.js';
import { ident, literal, type Database } from '../../../warehouse/database.js';
import type { ColumnType, FormatDefinition } from '../defineFormat.js';
import type { ResolvedColumns } from '../resolveColumns.js';
import { sqlType, typeWords } from '../sqlTypes.js';
import { stageRows } from '../stageRows.js';
import type { DateStyle } from './dateStyle.js';
import { lineMap } from './lineMap.js';

export interface CsvRead {
  /** Rows DuckDB accepted and the mapping staged. */
  staged: number;
  /** Rows DuckDB rejected (one per bad line, whatever the number of problems on it), the first 10,000 itemised. */
  rejections: Rejection[];
  /** Rejected rows beyond those itemised: counted, not listed. */
  unlisted: number;
  /** DuckDB's line numbers of every rejected row (to place accepted rows by their position). */
  rejectedLines: Set<number>;
  /** Data rows seen: staged + rejected. */
  read: number;
  /** The scan, as a SELECT of the format's columns, without keeping rejects: to read the file again. */
  relation: string;
}

const itemised = 10_000;

export interface CsvOptions {
  format: FormatDefinition;
  columns: ResolvedColumns;
  /** The file named in errors and rejected rows. */
  file: string;
  /** The bytes actually read: the file, or its copy with normalised line ends. */
  readPath: string;
  delimiter: string;
  newLine: '\n' | '\r\n' | undefined;
  dates: DateStyle;
  stage: string;
  runId: number;
}

let scans = 0;

/**
 * Reads a CSV file into the staging table in one DuckDB scan: every header column declared (the ones the
 * format uses typed, the rest text), no auto-detection, strict RFC 4180 parsing. Lines DuckDB cannot read —
 * too many or too few columns, an unclosed quote, invalid UTF-8, a value that is not of its column's type
 * (a date in another style, `1.234,56`) — are rejected with their line, field and raw text instead of
 * failing the file; the runner then decides, against the reject threshold, whether to publish.
 */
export async function stageCsv(db: Database, o: CsvOptions): Promise<CsvRead> {
  const narrow = await scan(db, o, 'narrow');
  if (!narrow.wideAmounts) return narrow.read;
  // An amount of a million or more (a day of Azure in yen, say) does not fit the fast read: the file is
  // read again with every amount exact at full width. Rare, and correct either way.
  log.info('files.wide_amounts', { file: o.file, note: 'amounts of 1,000,000 or more: read again at full width' });
  await db.run(`DELETE FROM ${ident(o.stage)} WHERE run_id = ?`, [o.runId]);
  return (await scan(db, o, 'wide')).read;
}

/**
 * How amounts are read. DuckDB parses text into a DECIMAL wider than 18 digits about six times slower than
 * into one of 18 (measured on 1 M FOCUS rows: the typed read took 7× the time of the same read with amounts
 * as DECIMAL(18,12)), so amounts are read as DECIMAL(18,12) — the same twelve decimals, rounded alike — and
 * widened to MONEY's DECIMAL(38,12) in the projection, which costs nothing. A value of a million or more does
 * not fit: DuckDB rejects it as a cast error, and the file is read again wide (`stageCsv`).
 */
type AmountWidth = 'narrow' | 'wide';
const narrowMoney = 'DECIMAL(18,12)';

async function scan(db: Database, o: CsvOptions, width: AmountWidth): Promise<{ read: CsvRead; wideAmounts: boolean }> {
  const scanName = `_rejects_${process.pid}_${++scans}`;
  const rejectsTable = `${scanName}_errors`;
  const rejectsScan = `${scanName}_scans`;
  const readType = (type: ColumnType): string => (type === 'MONEY' && width === 'narrow' ? narrowMoney : sqlType[type]);
  const declared = o.columns.positions.map(({ name, spec }) => {
    const type = spec?.type ?? 'VARCHAR';
    const read = type === 'DATE' && o.dates.datesAsTimestamps ? 'TIMESTAMP' : readType(type);
    return `${literal(name)}: ${literal(read)}`;
  });
  const options = [
    `columns = {${declared.join(', ')}}`,
    'auto_detect = false',
    'header = true',
    `delim = ${literal(o.delimiter)}`,
    `quote = '"'`,
    `escape = '"'`,
    // Strict RFC 4180 parsing is DuckDB's default, and what rejects a row with too many columns. It must not
    // be set explicitly: DuckDB 1.5 with `strict_mode = true` and `new_line` both given reads a CRLF file as
    // zero rows, without an error. `new_line` is given, since without it a quoted last field followed by CR
    // is taken for an unquoted value.
    `nullstr = [${o.format.nulls.map(literal).join(', ')}]`,
    `store_rejects = true`,
    `rejects_table = ${literal(rejectsTable)}`,
    `rejects_scan = ${literal(rejectsScan)}`,
    'ignore_errors = true',
  ];
  if (o.newLine) options.push(`new_line = ${literal(o.newLine === '\n' ? '\\n' : '\\r\\n')}`);
  if (o.dates.dateformat) options.push(`dateformat = ${literal(o.dates.dateformat)}`);
  if (o.dates.timestampformat) options.push(`timestampformat = ${literal(o.dates.timestampformat)}`);

  const present = new Set(o.columns.positions.filter((p) => p.spec).map((p) => p.name));
  const projection = Object.entries(o.format.columns).map(([name, spec]) => {
    if (!present.has(name)) return `NULL::${sqlType[spec.type]} AS ${ident(name)}`;
    if (spec.type === 'DATE' && o.dates.datesAsTimestamps) return `CAST(${ident(name)} AS DATE) AS ${ident(name)}`;
    if (spec.type === 'MONEY' && width === 'narrow') return `CAST(${ident(name)} AS ${sqlType.MONEY}) AS ${ident(name)}`;
    return ident(name);
  });
  const extra: string[] = [];
  if (o.format.lineHash) {
    projection.push(`hash(${o.columns.positions.map((p) => ident(p.name)).join(', ')}) AS line_hash`);
    extra.push('line_hash');
  }
  const relation = `SELECT ${projection.join(', ')} FROM read_csv(${literal(o.readPath)}, ${options.join(', ')})`;
  const relationWithoutRejects = `SELECT ${projection.join(', ')} FROM read_csv(${literal(o.readPath)}, ${options.filter((x) => !/^(store_rejects|rejects_table|rejects_scan)/.test(x)).join(', ')})`;

  await dropRejects(db, rejectsTable, rejectsScan);
  // Azure rows (slices) need no file order — duplicates are equal whichever is kept — and the parallel scan
  // is faster without it. Rows of merge loads keep it: there the last line for a key wins.
  const unordered = o.format.lineHash;
  const ordered = await db.value<boolean>(`SELECT current_setting('preserve_insertion_order')`);
  try {
    let staged: number;
    try {
      if (unordered) await db.run('SET preserve_insertion_order = false');
      staged = await stageRows(db, { format: o.format, relation, stage: o.stage, runId: o.runId, extra });
    } catch (error) {
      throw asInputError(error, o.file);
    } finally {
      if (unordered) await db.run(`SET preserve_insertion_order = ${ordered ? 'true' : 'false'}`);
    }
    if (width === 'narrow' && (await wideAmountRejected(db, rejectsTable, o))) {
      return { read: { staged, rejections: [], unlisted: 0, rejectedLines: new Set(), read: 0, relation: relationWithoutRejects }, wideAmounts: true };
    }
    const rejectedLines = new Set(
      (await db.all<{ line: number }>(`SELECT DISTINCT line FROM temp.${ident(rejectsTable)}`)).map((r) => r.line),
    );
    const rejections = await collectRejections(db, rejectsTable, o);
    return {
      read: { staged, rejections, unlisted: rejectedLines.size - rejections.length, rejectedLines, read: staged + rejectedLines.size, relation: relationWithoutRejects },
      wideAmounts: false,
    };
  } finally {
    await dropRejects(db, rejectsTable, rejectsScan);
  }
}

/** Whether the narrow read rejected an amount that is a valid one at full width (a million or more). */
async function wideAmountRejected(db: Database, rejectsTable: string, o: CsvOptions): Promise<boolean> {
  const money = o.columns.positions.filter((p) => p.spec?.type === 'MONEY').map((p) => p.name);
  if (!money.length) return false;
  const value = `regexp_extract(error_message, 'Could not convert string "(.*)" to', 1)`;
  return (await db.value<number>(
    `SELECT count(*) FROM temp.${ident(rejectsTable)}
     WHERE error_type = 'CAST' AND column_name IN (${money.map(literal).join(', ')}) AND TRY_CAST(${value} AS ${sqlType.MONEY}) IS NOT NULL`,
  )) > 0;
}

async function dropRejects(db: Database, table: string, scan: string): Promise<void> {
  await db.run(`DROP TABLE IF EXISTS temp.${ident(table)}`);
  await db.run(`DROP TABLE IF EXISTS temp.${ident(scan)}`);
}

type RejectRow = {
  line: number;
  column_name: string | null;
  error_type: string;
  csv_line: string | null;
  error_message: string | null;
};

async function collectRejections(db: Database, table: string, o: CsvOptions): Promise<Rejection[]> {
  const rows = await db.all<RejectRow>(
    `SELECT line, column_name, error_type::VARCHAR AS error_type, csv_line, error_message FROM temp.${ident(table)}
     WHERE line IN (SELECT DISTINCT line FROM temp.${ident(table)} ORDER BY line LIMIT ${itemised}) ORDER BY line, column_idx`,
  );
  if (!rows.length) return [];
  const headerOf = new Map(o.columns.positions.map((p) => [p.name, p]));
  const byLine = new Map<number, { problems: { field: string | null; reason: string }[]; raw: string | null }>();
  for (const row of rows) {
    const entry = byLine.get(row.line) ?? { problems: [], raw: row.csv_line?.replace(/^\r?\n/, '').replace(/\r?\n$/, '') ?? null };
    byLine.set(row.line, entry);
    const position = row.column_name ? headerOf.get(row.column_name) : undefined;
    // A row too long or too short names its last column: not a field the user got wrong.
    const structural = row.error_type === 'TOO MANY COLUMNS' || row.error_type === 'MISSING COLUMNS' || row.error_type === 'UNQUOTED VALUE';
    const field = structural ? null : (position?.header ?? null);
    const reason = describe(row, position?.spec?.type, o);
    if (!entry.problems.some((p) => p.reason === reason && p.field === field)) entry.problems.push({ field, reason });
  }
  // DuckDB counts a record with embedded line breaks as one line: translate to the lines an editor shows.
  const lines = [...byLine.keys()];
  const { duckToPhysical } = await lineMap(o.readPath, { duckLines: lines, ordinals: [], rejectedDuckLines: new Set(lines) });
  return lines.map((line) => {
    const { problems, raw } = byLine.get(line)!;
    return {
      source: o.file,
      line: duckToPhysical.get(line) ?? line,
      field: problems.find((p) => p.field)?.field ?? null,
      reason: problems.length === 1 ? problems[0]!.reason : problems.map((p) => (p.field ? `${p.field}: ${p.reason}` : p.reason)).join('; '),
      raw,
    };
  });
}

function describe(row: RejectRow, type: keyof typeof typeWords | undefined, o: CsvOptions): string {
  const expected = o.columns.positions.length;
  const found = /Found:\s*(\d+)/.exec(row.error_message ?? '')?.[1];
  switch (row.error_type) {
    case 'CAST': {
      const value = /Could not convert string "(.*)" to/s.exec(row.error_message ?? '')?.[1] ?? '';
      if (value === '') return `empty value, expected ${typeWords[type ?? 'VARCHAR']}`;
      const style = type === 'DATE' || type === 'TIMESTAMP' ? ` in this file's style ${o.dates.label}` : '';
      return `"${value}" is not ${typeWords[type ?? 'VARCHAR']}${style}`;
    }
    case 'TOO MANY COLUMNS':
      return `too many columns: expected ${expected}, found ${found ?? 'more'} (an unquoted delimiter inside a value?)`;
    case 'MISSING COLUMNS':
      return `too few columns: expected ${expected}, found ${found ?? 'fewer'}`;
    case 'UNQUOTED VALUE':
      return 'a quote is not closed, or text follows a closing quote';
    case 'INVALID ENCODING':
    case 'INVALID UNICODE':
      return 'not valid UTF-8 text (save the file as UTF-8)';
    case 'LINE SIZE OVER MAXIMUM':
      return 'the line is longer than the 2 MB a row may take';
    default:
      return `${row.error_type.toLowerCase()}: ${(row.error_message ?? '').split('\n')[0]}`;
  }
}

/** A DuckDB error while scanning the file is the file's fault: refuse it with a readable cause. */
function asInputError(error: unknown, file: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (!/^(Invalid Input|Conversion|IO|Invalid) Error/.test(message)) return error;
  const first = message.split('\n')[0]!.replace(/^[A-Za-z ]+Error:\s*/, '');
  return new InputError(`cannot read the file as CSV: ${first}`, { file, cause: error });
}
