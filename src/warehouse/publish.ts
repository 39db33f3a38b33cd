import type { TableLoad } from '../jobs/defineJob.js';
import { timed } from '../util/timed.js';
import { ident, type Database } from './database.js';

// Publishing a staged batch into its table. `publish` runs inside the caller's transaction: a reader sees
// the table before or after, never half of it; a slices batch is settled in its stage just before
// (`settleSlices`). Identifiers come from job definitions only.

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

export interface Settled {
  duplicate: number;
  /** Rows dropped because a newer load already owns their (customer, day) slice. */
  superseded: number;
}

/**
 * Settles a slices batch in its stage before the publishing transaction: rows whose (customer, day) slice a
 * newer load already owns, second copies of a line. Outside that transaction because DuckDB refuses to
 * commit one that both deletes from a table and alters it, and a stage in the warehouse is altered into the
 * published table (`publish`). Nothing else writes meanwhile:
 * the writer is this process's alone, and the stage is dropped if anything fails before the publish.
 */
export async function settleSlices(db: Database, { table, stage, version }: { table: string; stage: string; version: string }): Promise<Settled> {
  const staged = ident(stage);
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
  const duplicate = await timed('publish.duplicates', async () => dropDuplicateLines(db, staged, await tableColumns(db, table)));
  return { duplicate, superseded };
}

export async function publish(
  db: Database,
  { load, table, stage, version, runId, clusterBy, fault = () => undefined }: {
    load: TableLoad['load']; table: string; stage: string; version: string; runId: number; clusterBy?: string | undefined; fault?: FaultPoint;
  },
): Promise<{ loaded: number; duplicate: number }> {
  const order = clusterBy ? ` ORDER BY ${ident(clusterBy)}` : '';
  const columns = await tableColumns(db, table);
  const list = columns.map(ident).join(', ');
  const target = `main.${ident(table)}`;
  const staged = ident(stage);

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
    return { loaded: distinct, duplicate: total - distinct };
  }

  // Slices, settled in the stage (`settleSlices`): replace the batch's slices whole.
  await db.run(`CREATE OR REPLACE TEMP TABLE _slices AS SELECT DISTINCT customer_id, date FROM ${staged}`);
  // What goes in is what the slices will hold: no scan of the published table afterwards.
  const loaded = await db.value<number>(`SELECT count(*) FROM ${staged}`);
  const inSlices = `EXISTS (SELECT 1 FROM _slices s WHERE s.customer_id = t.customer_id AND s.date = t.date)`;
  const replaced = await db.value<number>(`SELECT count(*) FROM ${target} t WHERE ${inSlices}`);
  const total = await db.value<number>(`SELECT count(*) FROM ${target}`);
  const keepRows = (into: string) => timed('publish.keep-rows', () => db.run(`INSERT INTO ${into} (${list}) SELECT ${list} FROM ${target} t WHERE NOT ${inSlices}`));
  const swapIn = async (built: string) => {
    fault(`after-build-${table}`);
    await db.run(`DROP TABLE ${target}`);
    fault(`after-drop-${table}`);
    await db.run(`ALTER TABLE main.${ident(built)} RENAME TO ${ident(table)}`);
    fault(`after-rename-${table}`);
  };
  // The batch is large next to what stays of the table (a first load, a full re-pull): the table is built
  // anew from the batch and the rows that stay, then swapped in — cheaper than deleting and appending, since
  // dropped rows cost nothing where deleted ones are tracked row by row until a checkpoint. Small batches into
  // a large table (a daily file) delete and append instead: rebuilding would copy the whole table every day.
  let ddl: string | null = null;
  let adopted = false;
  if (total - replaced < 2 * loaded) {
    fault(`before-rebuild-${table}`);
    adopted = await adoptStage(db, table, stage);
    if (!adopted) ddl = await rebuildDdl(db, table, `main.${ident(`${table}__rebuilt`)}`);
  }
  if (adopted) {
    // The stage is a table in the warehouse with the published table's definition: it becomes the table.
    // The batch is written once, as DuckDB read it (measured on 1 M reconciliation rows: 5.4 s for stage
    // and swap, against 7.4 s to stage in memory and write a sorted copy; peak 450 MB against 860 MB).
    await keepRows(`main.${staged}`);
    await swapIn(stage);
  } else if (ddl) {
    const rebuilt = `${table}__rebuilt`;
    await db.run(`DROP TABLE IF EXISTS main.${ident(rebuilt)}`);
    await db.run(ddl);
    await keepRows(`main.${ident(rebuilt)}`);
    await timed('publish.write-batch', () => db.run(`INSERT INTO main.${ident(rebuilt)} (${list}) SELECT ${list} FROM ${staged}${order}`));
    await swapIn(rebuilt);
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
  return { loaded, duplicate: 0 };
}

/**
 * Turns a stage kept in the warehouse (`stageTable`) into a table of the published table's exact definition —
 * its staging-only column dropped, its NOT NULL constraints added (DuckDB checks them on the rows) — and says
 * whether it now is one: the definitions compared as DuckDB prints them. A TEMP stage, or a table that cannot
 * be swapped (an index or a view depends on it), is not adopted.
 */
async function adoptStage(db: Database, table: string, stage: string): Promise<boolean> {
  const inWarehouse = await db.value<number>(
    `SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ? AND NOT temporary`,
    [stage],
  );
  if (!inWarehouse) return false;
  const wanted = await rebuildDdl(db, table, `main.${ident(stage)}`);
  if (!wanted) return false;
  const staged = `main.${ident(stage)}`;
  if ((await tableColumns(db, stage)).includes('_line')) await db.run(`ALTER TABLE ${staged} DROP COLUMN _line`);
  const required = await db.all<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ? AND is_nullable = 'NO' ORDER BY ordinal_position`,
    [table],
  );
  for (const { column_name } of required) await db.run(`ALTER TABLE ${staged} ALTER COLUMN ${ident(column_name)} SET NOT NULL`);
  const made = await db.value<string | null>(
    `SELECT sql FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?`,
    [stage],
  );
  const normal = (sql: string) => sql.replace(/^CREATE TABLE\s+\S+?\(/i, 'CREATE TABLE t(').replace(/;\s*$/, '');
  return made !== null && normal(made) === normal(wanted);
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
export async function dropDuplicateLines(db: Database, staged: string, columns: readonly string[], { partRows = 2_000_000 } = {}): Promise<number> {
  const hashed = columns.includes('line_hash') && (await db.value<number>(`SELECT count(*) FROM ${staged} WHERE line_hash IS NULL`)) === 0;
  const key = hashed ? ['customer_id', 'date', 'line_hash', 'cost'] : columns.filter((c) => c !== 'run_id');
  const keyList = key.map(ident).join(', ');
  // Group on one hash (NULLs hash alike, as DISTINCT treats them); the window below compares exactly.
  const grouping = hashed ? 'line_hash' : `hash(${keyList})`;
  // In parts of about 2 M rows, each a small hash table: grouping 10 M lines at once raised the load's peak
  // memory by 170 MB, over its 1 GB budget. Each part reads one 8-byte column again, 0.2 s for 10 M lines
  // (the bound values typed: untyped, the modulo was taken in DOUBLE, 5 s).
  const parts = Math.max(1, Math.ceil((await db.value<number>(`SELECT count(*) FROM ${staged}`)) / partRows));
  await db.run('CREATE OR REPLACE TEMP TABLE _repeated (h UBIGINT)');
  for (let part = 0; part < parts; part++) {
    await db.run(`INSERT INTO _repeated SELECT ${grouping} FROM ${staged} WHERE ${grouping} % ?::UBIGINT = ?::UBIGINT GROUP BY 1 HAVING count(*) > 1`, [parts, part]);
  }
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
