import type { TableLoad } from '../jobs/defineJob.js';
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

export async function publish(
  db: Database,
  { load, table, stage, version, runId }: { load: TableLoad['load']; table: string; stage: string; version: string; runId: number },
): Promise<PublishResult> {
  const columns = await tableColumns(db, table);
  const list = columns.map(ident).join(', ');
  const target = `main.${ident(table)}`;
  const staged = ident(stage);
  await db.run(`UPDATE ${staged} SET run_id = ?`, [runId]);

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
       WHERE _rank = 1`,
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
  await db.run(`DELETE FROM ${target} t USING _slices s WHERE t.customer_id = s.customer_id AND t.date = s.date`);
  const before = await db.value<number>(`SELECT count(*) FROM ${staged}`);
  // Exact duplicate lines (same values in every column) are one charge reported twice.
  const columnsNoRun = columns.filter((c) => c !== 'run_id').map(ident).join(', ');
  await db.run(`INSERT INTO ${target} (${list}) SELECT DISTINCT ON (${columnsNoRun}) ${list} FROM ${staged}`);
  const loaded = await db.value<number>(`SELECT count(*) FROM ${target} t JOIN _slices s USING (customer_id, date)`);
  await db.run(
    `INSERT OR REPLACE INTO main.azure_slices (customer_id, date, version, run_id)
     SELECT customer_id, date, ?::TIMESTAMP, ? FROM _slices`,
    [version, runId],
  );
  await db.run('DROP TABLE _slices');
  return { loaded, duplicate: before - loaded, superseded };
}
