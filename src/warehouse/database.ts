import type { DuckDBConnection, DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';
import { DuckDBDataChunk, DuckDBTypeId, VARCHAR } from './duckdb.js';

/** A value a query can bind: identifiers never travel this way, only values. */
export type Param = string | number | boolean | null | bigint;
export type Row = Record<string, unknown>;

/**
 * A thin layer over one DuckDB connection: bound parameters only, rows as plain JS values
 * (DATE → 'YYYY-MM-DD', TIMESTAMP → ISO string, integers and decimals → number), transactions that
 * always end.
 */
export class Database {
  constructor(readonly connection: DuckDBConnection) {}

  async run(sql: string, params: readonly Param[] = []): Promise<void> {
    await this.connection.run(sql, params.length ? (params as DuckDBValue[]) : undefined);
  }

  async all<T extends Row = Row>(sql: string, params: readonly Param[] = []): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params.length ? (params as DuckDBValue[]) : undefined);
    return toRows(reader) as T[];
  }

  async one<T extends Row = Row>(sql: string, params: readonly Param[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async value<T = unknown>(sql: string, params: readonly Param[] = []): Promise<T> {
    const row = await this.one(sql, params);
    return (row ? Object.values(row)[0] : undefined) as T;
  }

  /** Runs `work` in one transaction: committed if it returns, rolled back if it throws. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.run('COMMIT');
      return result;
    } catch (error) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * Appends rows to `table` through the Appender, a data chunk of up to 2,048 rows at a time — never row
   * by row. Every column of `table` must be VARCHAR (a staging table): values are cast by the SQL that
   * reads the staging table, where a bad value can become a rejected row instead of an exception.
   */
  async appendText(table: string, columns: readonly string[], rows: Iterable<readonly (string | null)[]>): Promise<number> {
    const appender = await this.connection.createAppender(table);
    const types = columns.map(() => VARCHAR);
    let chunkRows: (readonly (string | null)[])[] = [];
    let count = 0;
    const flush = () => {
      if (!chunkRows.length) return;
      const chunk = DuckDBDataChunk.create(types, chunkRows.length);
      for (let c = 0; c < columns.length; c++) {
        chunk.setColumnValues(c, chunkRows.map((row) => row[c] ?? null));
      }
      appender.appendDataChunk(chunk);
      count += chunkRows.length;
      chunkRows = [];
    };
    for (const row of rows) {
      chunkRows.push(row);
      if (chunkRows.length === 2048) flush();
    }
    flush();
    appender.closeSync();
    return count;
  }
}

function toRows(reader: DuckDBResultReader): Row[] {
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const raw = reader.getRowsJS();
  return raw.map((values) => {
    const row: Row = {};
    names.forEach((name, i) => {
      row[name] = toPlain(values[i], types[i]?.typeId);
    });
    return row;
  });
}

function toPlain(value: unknown, typeId: DuckDBTypeId | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return typeId === DuckDBTypeId.DATE ? value.toISOString().slice(0, 10) : value.toISOString();
  }
  if (Array.isArray(value)) return value.map((v) => toPlain(v, undefined));
  return value;
}

/** Quotes an identifier that comes from a definition (never from user input). */
export function ident(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** A string literal for the few places DuckDB takes no parameter (file paths in table functions). */
export function literal(text: string): string {
  if (text.includes('\0')) throw new Error('invalid literal: contains NUL');
  return `'${text.replaceAll("'", "''")}'`;
}
