import { InputError } from '../../../errors.js';
import type { Rejection } from '../../../runs/runHistory.js';
import { ident, literal, type Database } from '../../../warehouse/database.js';
import type { ColumnType, FormatDefinition } from '../defineFormat.js';
import { resolveColumns } from '../resolveColumns.js';
import { sqlType, typeWords } from '../sqlTypes.js';
import { stageRows } from '../stageRows.js';

export interface ParquetSchema {
  names: string[];
  types: string[];
}

/** The columns of a Parquet file, from its footer. A file without a valid footer is truncated or still being written. */
export async function parquetSchema(db: Database, file: string): Promise<ParquetSchema> {
  try {
    const rows = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${literal(file)})`);
    return { names: rows.map((r) => r.column_name), types: rows.map((r) => r.column_type) };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    throw new InputError(`not a complete Parquet file (truncated, or still being written?): ${message.replace(/^[A-Za-z ]+Error:\s*/, '')}`, { file, cause: error });
  }
}

type Family = 'text' | 'number' | 'time' | 'boolean' | 'other';

function familyOfSql(type: string): Family {
  const t = type.toUpperCase();
  if (t === 'VARCHAR' || t.startsWith('VARCHAR') || t === 'BLOB') return 'text';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/.test(t)) return 'number';
  if (/^(DATE|TIMESTAMP)/.test(t)) return 'time';
  if (t === 'BOOLEAN') return 'boolean';
  return 'other';
}

const familyOfType: Record<ColumnType, Family> = {
  VARCHAR: 'text', DATE: 'time', TIMESTAMP: 'time', MONEY: 'number', DOUBLE: 'number', BIGINT: 'number', BOOLEAN: 'boolean',
};

/**
 * Reads a Parquet file into the staging table. Columns are matched by name like a CSV header. A column
 * stored as text where a number or date is expected is cast row by row (a value that does not cast is a
 * rejected row, numbered by its row in the file); a column whose stored type can never hold the expected
 * one (a date stored as a number, say) refuses the file, naming the column and both types.
 */
export async function stageParquet(
  db: Database,
  { format, file, schema, stage, runId, warn }: { format: FormatDefinition; file: string; schema: ParquetSchema; stage: string; runId: number; warn(unknown: string[]): void },
): Promise<{ staged: number; rejections: Rejection[]; unlisted: number; read: number }> {
  const resolved = resolveColumns(format, schema.names, file);
  if (resolved.unknown.length) warn(resolved.unknown);
  // Columns are renamed by position to names of our own: a file's column names never enter the SQL.
  const source = new Map(resolved.positions.map((p, i) => [p.name, { ...p, stored: schema.types[i] ?? 'VARCHAR' }]));
  const nullMarkers = format.nulls.filter((n) => n !== '');

  const checks: { name: string; header: string; type: ColumnType; test: string }[] = [];
  const projection = Object.entries(format.columns).map(([name, spec]) => {
    const position = source.get(name);
    const target = sqlType[spec.type];
    if (!position) return `NULL::${target} AS ${ident(name)}`;
    const stored = position.stored;
    const from = familyOfSql(stored);
    const want = familyOfType[spec.type];
    let column = ident(position.name);
    if (from === 'text' && nullMarkers.length) {
      column = `CASE WHEN ${column} IN (${nullMarkers.map(literal).join(', ')}) THEN NULL ELSE ${column} END`;
    }
    // Times with a zone are taken in UTC whatever the session's zone.
    if (/WITH TIME ZONE|TIMESTAMPTZ/i.test(stored)) column = `(${column} AT TIME ZONE 'UTC')`;
    // Nested values (FOCUS 1.2 Parquet may store Tags as a MAP) are kept as JSON text.
    if (want === 'text' && /^(MAP|STRUCT|UNION)\(|\[\]$/.test(stored.toUpperCase())) return `to_json(${column})::VARCHAR AS ${ident(name)}`;
    if (from === want || want === 'text') return `CAST(${column} AS ${target}) AS ${ident(name)}`;
    if (from === 'text') {
      checks.push({ name, header: position.header, type: spec.type, test: `(${column}) IS NOT NULL AND TRY_CAST(${column} AS ${target}) IS NULL` });
      return `TRY_CAST(${column} AS ${target}) AS ${ident(name)}`;
    }
    throw new InputError(`column ${position.header} is stored as ${stored} in this file, where ${typeWords[spec.type]} is expected; the file was not loaded`, {
      file,
      field: position.header,
    });
  });

  const scan = `read_parquet(${literal(file)}, file_row_number = true) AS t(${resolved.positions.map((p) => ident(p.name)).join(', ')})`;
  const rejections: Rejection[] = [];
  const bad = checks.length ? checks.map((c) => `(${c.test})`).join(' OR ') : 'false';
  try {
    if (checks.length) {
      const rows = await db.all<{ row: number; raw: string } & Record<string, unknown>>(
        `SELECT file_row_number + 1 AS row, ${checks.map((c, i) => `(${c.test}) AS b${i}, CAST(${ident(c.name)} AS VARCHAR) AS v${i}`).join(', ')}
         FROM ${scan} WHERE ${bad} ORDER BY file_row_number LIMIT 10000`,
      );
      for (const row of rows) {
        const failed = checks.map((c, i) => ({ c, hit: row[`b${i}`] === true, value: row[`v${i}`] })).filter((x) => x.hit);
        rejections.push({
          source: file,
          line: row.row,
          field: failed[0]?.c.header ?? null,
          reason: failed.length === 1
            ? `"${String(failed[0]!.value)}" is not ${typeWords[failed[0]!.c.type]} (row ${row.row})`
            : failed.map((f) => `${f.c.header}: "${String(f.value)}" is not ${typeWords[f.c.type]}`).join('; ') + ` (row ${row.row})`,
          raw: null,
        });
      }
    }
    const rejected = checks.length ? await db.value<number>(`SELECT count(*) FROM ${scan} WHERE ${bad}`) : 0;
    const lineHash = format.lineHash ? `, hash(${resolved.positions.map((p) => ident(p.name)).join(', ')}) AS line_hash` : '';
    const relation = `SELECT ${projection.join(', ')}${lineHash}, file_row_number + 1 AS _line FROM ${scan} WHERE NOT (${bad})`;
    const staged = await stageRows(db, { format, relation, stage, runId, extra: format.lineHash ? ['_line', 'line_hash'] : ['_line'] });
    return { staged, rejections, unlisted: rejected - rejections.length, read: staged + rejected };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/^(Invalid Input|IO|Invalid) Error/.test(message)) {
      throw new InputError(`cannot read the Parquet file (truncated, or still being written?): ${message.split('\n')[0]!.replace(/^[A-Za-z ]+Error:\s*/, '')}`, { file, cause: error });
    }
    throw error;
  }
}
