import { ident } from '../../warehouse/database.js';
import type { CompiledQuery } from './compileQuery.js';

/**
 * The rows of a compiled query with their values typed for a columnar reader (Arrow): date columns as
 * DATE rather than their 'YYYY-MM-DD' text, and measures that are not finite as NULL, as in the JSON
 * answer (which has no NaN). Same rows, same order as `sql`: a plain projection keeps the order DuckDB
 * produced (insertion order is preserved).
 */
export function typedSql(compiled: Pick<CompiledQuery, 'sql' | 'outputNames' | 'columns'>): string {
  const byName = new Map(compiled.columns.map((c) => [c.name, c]));
  const outputs = compiled.outputNames.map((name) => {
    const column = byName.get(name);
    const ref = `r.${ident(name)}`;
    if (column?.role === 'measure') return `CASE WHEN isfinite(${ref}) THEN ${ref} END AS ${ident(name)}`;
    if (column?.format === 'date' && !column.list) return `CAST(${ref} AS DATE) AS ${ident(name)}`;
    return ref;
  });
  return `SELECT ${outputs.join(', ')} FROM (\n${compiled.sql}\n) r`;
}
