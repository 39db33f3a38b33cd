import { ident, type Database } from '../warehouse/database.js';
import type { Rollup } from './relations/relation.js';
import { log } from '../util/log.js';

// The monthly pre-aggregations of a connection: built on first use, rebuilt when the data they come from
// has changed (their version query answers differently), shared by concurrent queries on the connection.

const built = new WeakMap<Database, Map<string, { version: string; ready: Promise<boolean> }>>();

/** Makes sure each rollup is current on this connection; returns the tables ready to read. */
export async function ensureRollups(db: Database, rollups: readonly Rollup[]): Promise<Set<string>> {
  const tables = built.get(db) ?? new Map<string, { version: string; ready: Promise<boolean> }>();
  built.set(db, tables);
  const ready = new Set<string>();
  for (const rollup of rollups) {
    const version = String(await db.value(rollup.version));
    let entry = tables.get(rollup.table);
    if (!entry || entry.version !== version) {
      const started = performance.now();
      entry = {
        version,
        ready: db.run(`CREATE OR REPLACE TEMP TABLE ${ident(rollup.table)} AS ${rollup.select}`).then(
          () => {
            log.debug('rollup.built', { table: rollup.table, ms: Math.round(performance.now() - started) });
            return true;
          },
          // Without it queries read the base table: slower, same answers.
          (error: unknown) => {
            log.warn('rollup.failed', { table: rollup.table, cause: error instanceof Error ? error.message : String(error) });
            tables.delete(rollup.table);
            return false;
          },
        ),
      };
      tables.set(rollup.table, entry);
    }
    if (await entry.ready) ready.add(rollup.table);
  }
  return ready;
}
