import { ident, type Database } from '../../warehouse/database.js';

export type TextRow = Readonly<Record<string, string | null>>;

/**
 * Rows of one table on their way to its staging table: appended in data chunks (Database.appendText) to a
 * TEMP all-VARCHAR table, then moved into the stage with one INSERT … SELECT that casts each column to its
 * type. Rows belong to a "part" (one collection, e.g. one customer's subscriptions), so a collection that
 * starts over can take its rows back; memory holds at most one chunk.
 */
export interface TextSink {
  add(part: string, row: TextRow): void;
  /** Forgets every row of `part`: the collection starts over from its first page. */
  discard(part: string): Promise<void>;
  /** Moves every row into the stage, with `run_id`; returns how many. */
  finish(runId: number): Promise<number>;
  /** Removes the TEMP table (also after a failure). */
  drop(): Promise<void>;
}

const chunkRows = 2048;

export async function createTextSink(db: Database, { table, stage }: { table: string; stage: string }): Promise<TextSink> {
  const columns = await db.all<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_catalog IN ('temp', current_database()) AND table_schema = 'main' AND table_name = ? AND column_name NOT IN ('run_id', '_line')
     ORDER BY ordinal_position`,
    [stage],
  );
  if (!columns.length) throw new Error(`invalid stage: ${stage}`);
  for (const c of columns) if (!/^[A-Z][A-Z0-9_]*(\(\d+(,\s*\d+)?\))?$/.test(c.data_type)) throw new Error(`invalid column type: ${c.data_type}`);
  const names = columns.map((c) => c.column_name);
  const text = ident(`pc_text_${table}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${text} (_part VARCHAR, ${names.map((n) => `${ident(n)} VARCHAR`).join(', ')})`);

  let buffer: (string | null)[][] = [];
  // Appends and deletes run one after the other, in the order they were asked for.
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = (work: () => Promise<unknown>) => {
    queue = queue.then(work);
    return queue;
  };
  const flush = () => {
    if (!buffer.length) return queue;
    const rows = buffer;
    buffer = [];
    return enqueue(() => db.appendText(`pc_text_${table}`, ['_part', ...names], rows));
  };

  return {
    add(part, row) {
      buffer.push([part, ...names.map((n) => row[n] ?? null)]);
      if (buffer.length >= chunkRows) void flush().catch(() => undefined);
    },
    async discard(part) {
      buffer = buffer.filter((r) => r[0] !== part);
      await enqueue(() => db.run(`DELETE FROM ${text} WHERE _part = ?`, [part]));
    },
    async finish(runId) {
      await flush();
      const casts = columns.map((c) => `CAST(${ident(c.column_name)} AS ${c.data_type})`).join(', ');
      await db.run(
        `INSERT INTO ${ident(stage)} (${names.map(ident).join(', ')}, run_id) SELECT ${casts}, ? FROM ${text}`,
        [runId],
      );
      return db.value<number>(`SELECT count(*) FROM ${text}`);
    },
    async drop() {
      await queue.catch(() => undefined);
      await db.run(`DROP TABLE IF EXISTS ${text}`);
    },
  };
}
