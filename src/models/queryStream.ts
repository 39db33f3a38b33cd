import type { DuckDBResult, DuckDBValue } from '@duckdb/node-api';
import type { Database } from '../warehouse/database.js';
import { typedSql } from './compile/typedSql.js';
import { guardSql } from './compile/sqlGuard.js';
import { prepareQuery, type QueryColumn, type QueryOptions, type QueryRequest } from './query.js';

/**
 * The answer of `query` as a DuckDB result read chunk by chunk, typed for columnar readers (dates as
 * DATE): for Arrow streams, where a million rows must not become a million JS objects.
 *
 * The result is materialised inside DuckDB (compact columns, native memory), not streamed: with
 * `connection.stream()`, @duckdb/node-api 1.5.6 answers an error that happens part-way through (a failed
 * cast on row 300,000) with an empty chunk, indistinguishable from the end, so a client would get a
 * short answer that looks whole. Materialised, the error is thrown before the first byte is sent.
 */
export async function queryStream(db: Database, request: QueryRequest, options: QueryOptions = {}): Promise<{ columns: QueryColumn[]; result: DuckDBResult }> {
  const compiled = await prepareQuery(db, request, options);
  const sql = typedSql(compiled);
  await guardSql(db, sql, compiled.tables);
  const result = await db.connection.run(sql, compiled.params.length ? (compiled.params as DuckDBValue[]) : undefined);
  return { columns: compiled.columns, result };
}
