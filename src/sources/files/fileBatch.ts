import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { jobs } from '../../../jobs/index.js';
import type { Rejection } from '../../runs/runHistory.js';
import { log } from '../../util/log.js';
import { timed } from '../../util/timed.js';
import { ident, type Database } from '../../warehouse/database.js';
import type { Progress } from '../../util/progress.js';
import type { Batch, BatchResult, StageContext } from '../source.js';
import { dateStyle } from './csv/dateStyle.js';
import { lineMap } from './csv/lineMap.js';
import { normaliseLineEnds } from './csv/normaliseLineEnds.js';
import { stageCsv } from './csv/stageCsv.js';
import type { FormatDefinition } from './defineFormat.js';
import { fileFacts, type FileFacts } from './fileFacts.js';
import { stagePcJson } from './json/stagePcJson.js';
import { parquetSchema, stageParquet } from './parquet/stageParquet.js';
import type { PlannedFile } from './planFiles.js';
import { resolveColumns } from './resolveColumns.js';

/**
 * One file as one batch, versioned by its modification time (a newer file restates a day, an older one never
 * overwrites it), read into the staging tables by its format's reader. Its content hash — the runner skips a
 * file whose bytes were loaded before, under any name — is taken while DuckDB reads the file, not in a pass
 * of its own before: the runner discards the stage when the hash turns out to be known (and, when the same
 * path, size and time were loaded before, waits for the hash before staging anything).
 */
export async function fileBatch(
  file: PlannedFile,
  { customer, signal, progress }: { customer?: string; signal?: AbortSignal; progress?: Progress },
): Promise<Batch> {
  const size = file.sniffed.size;
  const before = await stat(file.path);
  const started = { size: before.size, modifiedAt: before.mtime.toISOString() };
  const facts = timed('hash', () => fileFacts(file.path, { signal, onBytes: (bytes) => progress?.update(bytes, `of ${size.toLocaleString('en-US')} bytes hashed: ${file.path}`) }));
  const hash = facts.then((f) => f.hash);
  // Awaited by whoever needs it; a batch abandoned early must not leave a rejection unhandled.
  facts.catch(() => undefined);
  hash.catch(() => undefined);
  return {
    label: file.path,
    version: started.modifiedAt,
    file: { hash, path: file.path, format: file.format.name, size: started.size, modifiedAt: started.modifiedAt },
    async fill(stage) {
      const table = file.format.table;
      const stageName = stage.stages[table];
      if (!stageName) throw new Error(`invalid format: ${file.format.name} writes ${table}, which job ${file.job} does not publish`);
      if (file.format.needsCustomer && !customer && file.kind !== 'json') {
        throw new InputError(`a ${file.format.description} names no customer: say whose it is with --customer <tenant id>`, { file: file.path });
      }
      await stage.db.run('SET VARIABLE partnerlens_customer = ?::VARCHAR', [customer ?? null]);

      let result: BatchResult;
      if (file.kind === 'json') {
        if (!('matches' in file.format)) throw new Error(`invalid format for JSON: ${file.format.name}`);
        const day = started.modifiedAt.slice(0, 10);
        result = await stagePcJson(stage, { file: file.path, format: file.format, customer, day });
      } else {
        if ('matches' in file.format) throw new Error(`invalid format for ${file.kind}: ${file.format.name}`);
        result = await fillTabular(file, file.format, facts, stage, stageName);
      }
      await unchanged(file.path, started, await facts);
      const newest = await timed('newest-day', () => newestDay(stage.db, stageName, table));
      return { ...result, asOf: newest ?? undefined };
    },
  };
}

async function fillTabular(file: PlannedFile, format: FormatDefinition, facts: Promise<FileFacts>, stage: StageContext, stageName: string): Promise<BatchResult> {
  const warn = (unknown: string[]) =>
    log.warn('files.extra_columns', { file: file.path, format: format.name, ignored: unknown.slice(0, 20), count: unknown.length });

  if (file.kind === 'parquet') {
    const schema = await parquetSchema(stage.db, file.path);
    const read = await stageParquet(stage.db, { format, file: file.path, schema, stage: stageName, runId: stage.runId, warn });
    await report(stage, read.rejections, read.unlisted, file.path);
    return { read: read.read, rejected: read.rejections.length + read.unlisted };
  }

  const columns = resolveColumns(format, file.sniffed.header, file.path);
  if (columns.unknown.length) warn(columns.unknown);
  const dateColumns = Object.entries(format.columns).filter(([, s]) => s.type === 'DATE' || s.type === 'TIMESTAMP').map(([n]) => n);
  const samples = columns.positions
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => dateColumns.includes(p.name))
    .flatMap(({ i }) => file.sniffed.sample.map((r) => r[i] ?? ''));
  const dates = dateStyle(samples);

  // The line ends of the file's start decide how DuckDB reads it while the whole file is hashed. Should
  // the whole file end its lines otherwise (CRLF and LF mixed past the first 256 KB), what was staged is
  // dropped unseen and the file read again as the whole file's line ends say.
  const guessed = file.sniffed.lineEnds ?? (await facts).lineEnds;
  const first = await readCsv(file, format, columns, dates, guessed, facts, stage, stageName).then(
    (read) => ({ read }),
    (error: unknown) => ({ error }),
  );
  const { lineEnds } = await facts;
  if (lineEnds === guessed) {
    if ('error' in first) throw first.error;
    return first.read;
  }
  log.info('files.line_ends_changed', { file: file.path, start: guessed, whole: lineEnds, note: 'read again' });
  await stage.db.run(`DELETE FROM ${ident(stageName)}`);
  return await readCsv(file, format, columns, dates, lineEnds, facts, stage, stageName);
}

/** Reads the CSV into the stage and reports what it rejected: one read, for the line ends given. */
async function readCsv(
  file: PlannedFile, format: FormatDefinition, columns: ReturnType<typeof resolveColumns>, dates: ReturnType<typeof dateStyle>,
  lineEnds: FileFacts['lineEnds'], facts: Promise<FileFacts>, stage: StageContext, stageName: string,
): Promise<BatchResult> {
  // DuckDB's strict mode refuses a file mixing CRLF and LF: such a file is read from a normalised copy.
  let readPath = file.path;
  let scratch: string | undefined;
  if (lineEnds === 'mixed') {
    scratch = await mkdtemp(join(tmpdir(), 'partnerlens-lineends-'));
    readPath = join(scratch, 'normalised.csv');
    await normaliseLineEnds(file.path, readPath, { signal: stage.signal });
    log.info('files.mixed_line_ends', { file: file.path, note: 'read from a copy with CRLF turned into LF' });
  }
  try {
    const newLine = lineEnds === 'crlf' ? '\r\n' : lineEnds === 'none' ? undefined : '\n';
    const read = await timed('stage', () => stageCsv(stage.db, {
      format, columns, file: file.path, readPath, delimiter: file.sniffed.delimiter, newLine, dates, stage: stageName, runId: stage.runId,
    }));
    // A guard against a reader that silently reads nothing (see the new_line note in stageCsv): the sample
    // saw data rows, so the scan must have seen some too.
    if (read.read === 0 && file.sniffed.sample.length > 0) {
      throw new Error(`invalid read: DuckDB read no rows from ${file.path}, whose first lines hold ${file.sniffed.sample.length} data row(s)`);
    }
    // A read with the wrong line ends is dropped by the caller: nothing of it is reported.
    if (lineEnds !== (await facts).lineEnds) return { read: 0, rejected: 0 };
    await report(stage, read.rejections, read.unlisted, file.path);
    const incomplete = await timed('incomplete', () => rejectIncompleteRows(stage, stageName, format, file, readPath, read.relation, read.rejectedLines));
    return { read: read.read, rejected: read.rejections.length + read.unlisted + incomplete };
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

/** Hands rejected rows to the runner: the itemised ones, then the rest as a count in bounded chunks. */
async function report(stage: StageContext, rejections: Rejection[], unlisted: number, file: string): Promise<void> {
  if (rejections.length) await stage.reject(rejections);
  for (let left = unlisted; left > 0; left -= 10_000) {
    const n = Math.min(left, 10_000);
    await stage.reject(Array.from({ length: n }, () => ({ source: file, line: null, field: null, reason: 'rejected (beyond the first 10,000 listed)', raw: null })));
  }
}

/**
 * Rows lacking a required value (an empty CustomerId, say) are rejected here rather than by the runner, so
 * that each names the line an editor shows. The stage need not keep the file's order (azure rows are read
 * in parallel, unordered), so the file is read once more, in order, to count the incomplete rows' positions
 * among the rows DuckDB accepted; a walk of the file turns positions into lines. Only when such rows exist.
 */
async function rejectIncompleteRows(stage: StageContext, stageName: string, format: FormatDefinition, file: PlannedFile, readPath: string, relation: string, rejectedLines: Set<number>): Promise<number> {
  const job = jobs.find((j) => j.name === file.job);
  const required = (job?.tables.find((t) => t.table === format.table)?.required ?? []).filter((c) => c in format.rows);
  if (!required.length) return 0;
  const stageTable = ident(stageName);
  const missingAny = required.map((c) => `${ident(c)} IS NULL`).join(' OR ');
  const count = await stage.db.value<number>(`SELECT count(*) FROM ${stageTable} WHERE ${missingAny}`);
  if (!count) return 0;

  const flags = required.map((c, i) => `(${format.rows[c]}) IS NULL AS m${i}`).join(', ');
  const rows = await stage.db.all<Record<string, unknown> & { ord: number }>(
    `SELECT * FROM (SELECT row_number() OVER () - 1 AS ord, ${flags} FROM (${relation}))
     WHERE ${required.map((_, i) => `m${i}`).join(' OR ')} ORDER BY ord LIMIT 10000`,
  );
  const { ordinalToPhysical } = await lineMap(readPath, { duckLines: [], ordinals: rows.map((r) => r.ord), rejectedDuckLines: rejectedLines });
  const rejections: Rejection[] = rows.map((r) => {
    const missing = required.filter((_, i) => r[`m${i}`] === true);
    return {
      source: file.path,
      line: ordinalToPhysical.get(r.ord) ?? null,
      field: missing[0] ?? null,
      reason: missing.map((m) => `${m} is required`).join('; '),
      raw: null,
    };
  });
  await report(stage, rejections, count - rejections.length, file.path);
  await stage.db.run(`DELETE FROM ${stageTable} WHERE ${missingAny}`);
  return count;
}

/** A file that changed while it was read was still being written: it is refused, and loads once complete. */
async function unchanged(path: string, started: { size: number; modifiedAt: string }, hashed: FileFacts): Promise<void> {
  const now = await stat(path).catch(() => undefined);
  const same = (facts: { size: number; modifiedAt: string }) => !!now && now.size === facts.size && now.mtime.toISOString() === facts.modifiedAt;
  if (!same(started) || !same(hashed)) {
    throw new InputError('the file changed while it was being read (still being written?): it was not loaded; ingest it again once complete', { file: path });
  }
}

async function newestDay(db: Database, stageName: string, table: string): Promise<string | null> {
  // A dated table's date column is the one its rows are written in the order of.
  const column = jobs.flatMap((j) => j.tables).find((t) => t.table === table)?.clusterBy;
  if (!column) return null;
  const newest = await db.value<string | null>(`SELECT max(${ident(column)})::VARCHAR FROM ${ident(stageName)}`);
  return newest ? newest.replace(' ', 'T') : null;
}
