import { ident, type Database, type Param } from '../../warehouse/database.js';
import type { FormatDefinition } from './defineFormat.js';

/**
 * Inserts the rows of `relation` — a SELECT giving the format's columns by their definition names — into
 * the staging table, through the format's mapping. One INSERT … SELECT: the scan streams into the stage.
 * `extra` names staging columns the relation provides as they are (`_line`, when the reader knows it).
 */
export async function stageRows(
  db: Database,
  { format, relation, stage, runId, params = [], extra = [] }: {
    format: FormatDefinition; relation: string; stage: string; runId: number; params?: readonly Param[]; extra?: readonly string[];
  },
): Promise<number> {
  const targets = Object.keys(format.rows);
  const exprs = [...targets.map((t) => `${format.rows[t]} AS ${ident(t)}`), ...extra.map(ident)];
  const before = await db.value<number>(`SELECT count(*) FROM ${ident(stage)}`);
  await db.run(
    `INSERT INTO ${ident(stage)} (${[...targets, ...extra, 'run_id'].map(ident).join(', ')})
     SELECT ${exprs.join(', ')}, ?::BIGINT FROM (${relation})`,
    [runId, ...params],
  );
  return (await db.value<number>(`SELECT count(*) FROM ${ident(stage)}`)) - before;
}
