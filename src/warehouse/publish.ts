import type { TableLoad } from '../jobs/defineJob.js';
import { timed } from '../util/timed.js';
import { ident, type Database } from './database.js';

// Publishing a staged batch into its table. Runs inside the caller's transaction: a reader sees the
// table before or after, never half of it. Identifiers come from job definitions only.

export interface PublishResult {
  loaded: number;
  duplicate: number;
  /** Rows dropped because a newer load already owns their (customer, day) slice. */
  superseded: number;
}

export async function tableColumns(db: Database, table: string): Promise<string[]> {
  const rows = await db.all<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position`,
    [table],
  );
  if (!rows.length) throw new Error(`invalid table: ${table}`);
  return rows.map((r) => r.column_name);
}

/** Called at named points of the swap; the crash tests kill the process there (see runJob's FAULT_AT). */
export type FaultPoint = (point: string) => void;

export async function publish(
  db: Database,
  { load, table, stage, version, runId, clusterBy, fault = () => undefined }: {
    load: TableLoad['load']; table: string; stage: string; version: string; runId: number; clusterBy?: string | undefined; fault?: FaultPoint;
  },
): Promise<PublishResult> {
  const order = clusterBy ? ` ORDER BY ${ident(clusterBy)}` : '';
  const columns = await tableColumns(db, table);
  const list = columns.map(ident).join(', ');
  const target = `main.${ident(table)}`;
  const staged = ident(stage);
  // Sources that already wrote the run id (the files source does) cost a scan here, not a rewrite.
  await timed('publish.run-id', () => db.run(`UPDATE ${staged} SET run_id = ? WHERE run_id IS DISTINCT FROM ?`, [runId, runId]));

  if (load.kind === 'merge') {
    const key = load.key.map(ident);
    const total = await db.value<number>(`SELECT count(*) FROM ${staged}`);
    const distinct = await db.value<number>(`SELECT count(*) FROM (SELECT DISTINCT ${key.join(', ')} FROM ${staged})`);
    const match = key.map((k) => `t.${k} IS NOT DISTINCT FROM s.${k}`).join(' AND ');
    await db.run(`DELETE FROM ${target} t USING (SELECT DISTINCT ${key.join(', ')} FROM ${staged}) s WHERE ${match}`);
    // The last row for a key wins: a later line of a file restates an earlier one.
    await db.run(
      `INSERT INTO ${target} (${list})
       SELECT ${list} FROM (SELECT *, row_number() OVER (PARTITION BY ${key.join(', ')} ORDER BY _line DESC NULLS LAST, rowid DESC) AS _rank FROM ${staged})
       WHERE _rank = 1${order}`,
    );
    return { loaded: distinct, duplicate: total - distinct, superseded: 0 };
  }

  // Slices: drop what an equal-or-newer load already owns, then replace the remaining slices whole.
  const superseded = await db.value<number>(
    `SELECT count(*) FROM ${staged} s JOIN main.azure_slices o ON o.customer_id = s.customer_id AND o.date = s.date
     WHERE o.version > ?::TIMESTAMP`,
    [version],
  );
  if (superseded) {
    await db.run(
      `DELETE FROM ${staged} s USING main.azure_slices o
       WHERE o.customer_id = s.customer_id AND o.date = s.date AND o.version > ?::TIMESTAMP`,
      [version],
    );
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE _slices AS SELECT DISTINCT customer_id, date FROM ${staged}`);
  const duplicate = await timed('publish.duplicates', () => dropDuplicateLines(db, staged, columns));
  // What goes in is what the slices will hold: no scan of the published table afterwards.
  const loaded = await db.value<number>(`SELECT count(*) FROM ${staged}`);
  const inSlices = `EXISTS (SELECT 1 FROM _slices s WHERE s.customer_id = t.customer_id AND s.date = t.date)`;
  const replaced = await db.value<number>(`SELECT count(*) FROM ${target} t WHERE ${inSlices}`);
  const total = await db.value<number>(`SELECT count(*) FROM ${target}`);
  const rebuilt = ident(`${table}__rebuilt`);
  const ddl = total - replaced < 2 * loaded ? await rebuildDdl(db, table, `main.${rebuilt}`) : null;
  if (ddl) {
    // The batch is large next to what stays of the table (a first load, a full re-pull): building the table
    // anew from the rows that stay and the batch, then swapping it in, is cheaper than deleting and appending.
    // DuckDB writes a table created in this transaction straight to its file (measured: a third of the time
    // of an append of 1 M rows to the existing table), and dropped rows cost nothing, where deleted ones are
    // tracked row by row until a checkpoint. Small batches into a large table (a daily file) delete and
    // append instead: rebuilding would copy the whole table every day. Same definition, constraints included.
    fault(`before-rebuild-${table}`);
    await db.run(`DROP TABLE IF EXISTS main.${rebuilt}`);
    await db.run(ddl);
    await timed('publish.keep-rows', () => db.run(`INSERT INTO main.${rebuilt} (${list}) SELECT ${list} FROM ${target} t WHERE NOT ${inSlices}`));
    await timed('publish.write-batch', () => db.run(`INSERT INTO main.${rebuilt} (${list}) SELECT ${list} FROM ${staged}${order}`));
    fault(`after-build-${table}`);
    await db.run(`DROP TABLE ${target}`);
    fault(`after-drop-${table}`);
    await db.run(`ALTER TABLE main.${rebuilt} RENAME TO ${ident(table)}`);
    fault(`after-rename-${table}`);
  } else {
    if (replaced) await db.run(`DELETE FROM ${target} t WHERE ${inSlices}`);
    await db.run(`INSERT INTO ${target} (${list}) SELECT ${list} FROM ${staged}${order}`);
  }
  await db.run(
    `INSERT OR REPLACE INTO main.azure_slices (customer_id, date, version, run_id)
     SELECT customer_id, date, ?::TIMESTAMP, ? FROM _slices`,
    [version, runId],
  );
  await db.run('DROP TABLE _slices');
  return { loaded, duplicate, superseded };
}

/**
 * The table's own definition (constraints included) under another name, or null when the table cannot be
 * rebuilt and swapped: something else hangs on it (an index, a view) and would be lost or broken.
 */
async function rebuildDdl(db: Database, table: string, name: string): Promise<string | null> {
  const indexes = await db.value<number>(`SELECT count(*) FROM duckdb_indexes() WHERE database_name = current_database() AND table_name = ?`, [table]);
  const views = await db.value<number>(`SELECT count(*) FROM duckdb_views() WHERE NOT internal AND sql ILIKE '%' || ? || '%'`, [table]);
  if (indexes || views) return null;
  const ddl = await db.value<string | null>(
    `SELECT sql FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?`,
    [table],
  );
  const pattern = /^CREATE TABLE\s+(?:main\.)?"?[a-z_]+"?\s*\(/i;
  return ddl && pattern.test(ddl) ? ddl.replace(pattern, `CREATE TABLE ${name}(`) : null;
}

/**
 * Removes from the stage the second and later copies of a line: one charge reported twice. Rows from files
 * carry `line_hash`, a hash of every value on their source line, so a duplicate is found by grouping on it
 * (with the slice and the cost, so that a hash collision alone never drops a charge) — a small aggregate,
 * where comparing every column would hold the whole batch in a hash table. Rows without it (API pulls)
 * are compared on every column. Returns how many were removed.
 */
async function dropDuplicateLines(db: Database, staged: string, columns: readonly string[]): Promise<number> {
  const hashed = columns.includes('line_hash') && (await db.value<number>(`SELECT count(*) FROM ${staged} WHERE line_hash IS NULL`)) === 0;
  const key = hashed ? ['customer_id', 'date', 'line_hash', 'cost'] : columns.filter((c) => c !== 'run_id');
  const keyList = key.map(ident).join(', ');
  // Group on one hash (NULLs hash alike, as DISTINCT treats them); the window below compares exactly.
  const grouping = hashed ? 'line_hash' : `hash(${keyList})`;
  await db.run(`CREATE OR REPLACE TEMP TABLE _repeated AS SELECT ${grouping} AS h FROM ${staged} GROUP BY 1 HAVING count(*) > 1`);
  let removed = 0;
  if ((await db.value<number>('SELECT count(*) FROM _repeated')) > 0) {
    const match = `${grouping} IN (SELECT h FROM _repeated)`;
    const before = await db.value<number>(`SELECT count(*) FROM ${staged}`);
    await db.run(
      `DELETE FROM ${staged} WHERE rowid IN (
         SELECT r FROM (SELECT rowid AS r, row_number() OVER (PARTITION BY ${keyList} ORDER BY rowid) AS n
                        FROM ${staged} WHERE ${match})
         WHERE n > 1)`,
    );
    removed = before - (await db.value<number>(`SELECT count(*) FROM ${staged}`));
  }
  await db.run('DROP TABLE _repeated');
  return removed;
}
