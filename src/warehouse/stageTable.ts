import type { TableLoad } from '../jobs/defineJob.js';
import { timed } from '../util/timed.js';
import { ident, type Database } from './database.js';

/** The staging table of a published table: `stage_azure_usage` for `azure_usage`. */
export function stageName(table: string): string {
  return `stage_${table}`;
}

/**
 * Creates the empty stage a batch is read into: the published table's columns (no constraints, so that rows
 * missing a required value can be read and rejected by line) and `_line`. A slices batch — Azure lines, up to
 * millions of rows — is staged in the warehouse, where DuckDB writes it as it reads and the publish adopts it
 * as the new table (`publish`); in memory it would be written twice and held whole (1 M reconciliation rows:
 * 860 MB). Merge batches are small, and their publish reads the stage in order: a TEMP table.
 */
export async function createStage(db: Database, table: string, load: TableLoad['load']): Promise<string> {
  const name = stageName(table);
  const create = load.kind === 'slices' ? `CREATE OR REPLACE TABLE main.${ident(name)}` : `CREATE OR REPLACE TEMP TABLE ${ident(name)}`;
  await db.run(`${create} AS SELECT *, NULL::BIGINT AS _line FROM main.${ident(table)} LIMIT 0`);
  return name;
}

/** Gives every staged row the run's id. Sources that already wrote it (the files source does) cost a scan, not a rewrite. */
export async function stampRunId(db: Database, name: string, runId: number): Promise<void> {
  await timed('stage.run-id', () => db.run(`UPDATE ${ident(name)} SET run_id = ? WHERE run_id IS DISTINCT FROM ?`, [runId, runId]));
}

/** Drops a batch's stage (gone already when the publish adopted it). */
export async function dropStage(db: Database, name: string): Promise<void> {
  await db.run(`DROP TABLE IF EXISTS ${ident(name)}`);
}

/** Stages in the warehouse left by a process that died mid-load (nothing of them was published): the writer drops them at open. */
export async function dropLeftoverStages(db: Database): Promise<void> {
  const left = await db.all<{ table_name: string }>(
    `SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary AND table_name LIKE 'stage\\_%' ESCAPE '\\'`,
  );
  for (const { table_name } of left) await db.run(`DROP TABLE IF EXISTS main.${ident(table_name)}`);
}
