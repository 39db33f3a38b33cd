import { ident, type Database } from '../../../warehouse/database.js';

export type Cell = string | number | boolean | null;

/**
 * Loads rows into a TEMP table with typed columns: through the Appender as text (a data chunk at a
 * time), then cast once in SQL. Used for the generator's dimension tables, which facts are derived from.
 */
export async function createTempTable(
  db: Database,
  name: string,
  columns: Readonly<Record<string, string>>,
  rows: Iterable<readonly Cell[]>,
): Promise<number> {
  const names = Object.keys(columns);
  const text = `${name}_text`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(text)} (${names.map((c) => `${ident(c)} VARCHAR`).join(', ')})`);
  const count = await db.appendText(text, names, mapRows(rows));
  const casts = names.map((c) => `CAST(${ident(c)} AS ${columns[c]}) AS ${ident(c)}`).join(', ');
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(name)} AS SELECT ${casts} FROM ${ident(text)}`);
  await db.run(`DROP TABLE ${ident(text)}`);
  return count;
}

function* mapRows(rows: Iterable<readonly Cell[]>): Generator<(string | null)[]> {
  for (const row of rows) yield row.map((v) => (v === null ? null : String(v)));
}
