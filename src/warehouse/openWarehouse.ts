import { mkdirSync, existsSync, renameSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { hostname } from 'node:os';
import { BusyError, InputError } from '../errors.js';
import { dropLeftoverStages } from './stageTable.js';
import { Database } from './database.js';
import { DuckDBInstance } from './duckdb.js';
import { migrate } from './migrate.js';
import { log } from '../util/log.js';

export interface Warehouse {
  readonly path: string;
  readonly readOnly: boolean;
  readonly db: Database;
  /** Opens another connection on the same instance (the server's readers use their own). */
  connect(): Promise<Database>;
  close(): Promise<void>;
}

export interface OpenOptions {
  path: string;
  readOnly?: boolean;
  /** DuckDB's memory limit; bulk loads spill to `<path>.tmp` beyond it. */
  memoryLimit?: string;
  threads?: number;
  /** What the writer is doing, shown to a second writer that finds the warehouse busy. */
  purpose?: string;
}

const owners = new Map<string, Warehouse>();

/**
 * Opens the warehouse file, once per process and path (two DuckDB instances on one file would diverge).
 * A writer records who it is in `<path>.owner`, so that a second process gets a useful "busy" answer
 * instead of DuckDB's lock error; it migrates the schema and closes the books of runs a crash left open.
 */
export async function openWarehouse({
  path,
  readOnly = false,
  memoryLimit = '1GB',
  threads,
  purpose = process.argv.slice(2, 4).join(' ') || 'partnerlens',
}: OpenOptions): Promise<Warehouse> {
  const file = resolve(path);
  const cached = owners.get(file);
  if (cached && (readOnly || !cached.readOnly)) return cached;
  if (!readOnly) mkdirSync(dirname(file), { recursive: true });
  else if (!existsSync(file)) throw new InputError('no warehouse here yet: run a job or `partnerlens demo` first', { file });

  const settings: Record<string, string> = {
    access_mode: readOnly ? 'READ_ONLY' : 'READ_WRITE',
    memory_limit: memoryLimit,
    temp_directory: `${file}.tmp`,
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  };
  if (threads) settings.threads = String(threads);
  // A reader (query, render, runs) never needs DuckDB to reach a file or load an extension: turned off for
  // the whole instance, so no SQL run on it — a compiled query, or a view planted in a tampered file — can
  // read beyond the warehouse. Set last: DuckDB refuses file settings (temp_directory) once it is off.
  // Spilling to the temp directory still works (measured: a 60 MB limit sorting 3 M rows).
  if (readOnly) settings.enable_external_access = 'false';

  const instance = await createInstance(file, settings);
  const connection = await instance.connect();
  const db = new Database(connection);
  if (!readOnly) {
    writeFileSync(`${file}.owner`, JSON.stringify({ pid: process.pid, host: hostname(), purpose, since: new Date().toISOString() }));
    await migrate(db);
    await closeAbandonedRuns(db);
  }

  const warehouse: Warehouse = {
    path: file,
    readOnly,
    db,
    async connect() {
      return new Database(await instance.connect());
    },
    async close() {
      owners.delete(file);
      if (!readOnly) {
        await db.run('CHECKPOINT').catch(() => undefined);
        rmSync(`${file}.owner`, { force: true });
      }
      connection.closeSync();
      instance.closeSync();
    },
  };
  owners.set(file, warehouse);
  return warehouse;
}

async function createInstance(file: string, settings: Record<string, string>): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(file, settings);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/Could not set lock|Conflicting lock/i.test(message)) throw busy(file);
    // A garbled write-ahead log must not keep the product from starting: move it aside (never delete it),
    // say so loudly, and open what the last checkpoint holds. `partnerlens rebuild` restores the rest.
    const wal = `${file}.wal`;
    if (existsSync(wal) && /WAL|replay|checksum|corrupt|serializ/i.test(message)) {
      const aside = `${wal}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(wal, aside);
      log.error('warehouse.wal_corrupt', { file, movedTo: aside, cause: message.split('\n')[0] });
      process.stderr.write(`partnerlens: the warehouse log ${wal} was damaged and was moved to ${aside}; ` +
        `data since the last checkpoint is missing until \`partnerlens rebuild\` reloads it\n`);
      return DuckDBInstance.create(file, settings);
    }
    throw error;
  }
}

function busy(file: string): BusyError {
  let holder: string | undefined;
  try {
    const owner = JSON.parse(readFileSync(`${file}.owner`, 'utf8')) as { pid?: number; purpose?: string; since?: string };
    holder = `pid ${owner.pid} (${owner.purpose ?? 'unknown'}, since ${owner.since ?? '?'})`;
  } catch {
    holder = undefined;
  }
  return new BusyError(`warehouse ${file} is busy: another PartnerLens process is writing to it${holder ? `: ${holder}` : ''}; try again when it finishes`, { holder });
}

/** A run still "running" when the single writer opens the file belonged to a process that died; so did its stage. */
async function closeAbandonedRuns(db: Database): Promise<void> {
  await dropLeftoverStages(db);
  await db.run(
    `UPDATE runs SET status = 'interrupted', finished_at = COALESCE(finished_at, now()::TIMESTAMP),
       cause = COALESCE(cause, 'the process ended before the run finished; nothing from it was published')
     WHERE status = 'running'`,
  );
}
