import type { Config } from '../config/config.js';
import { InputError, oneLine } from '../errors.js';
import { finishRun, recordRejections, startRun, type RunCounts, type Rejection, type RunStatus } from '../runs/runHistory.js';
import type { Batch, BatchResult, Period, Source } from '../sources/source.js';
import { log } from '../util/log.js';
import { timed } from '../util/timed.js';
import { progress as defaultProgress, type Progress, type ProgressFactory } from '../util/progress.js';
import { ident, type Database } from '../warehouse/database.js';
import { publish, settleSlices, type Settled } from '../warehouse/publish.js';
import { createStage, dropStage, stampRunId } from '../warehouse/stageTable.js';
import { refreshAggregates } from '../models/aggregates.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';
import type { JobDefinition } from './defineJob.js';

export interface RunOutcome {
  runId: number;
  job: string;
  source: string;
  period: string;
  status: Exclude<RunStatus, 'running'>;
  counts: RunCounts;
  cause: string | null;
  batches: BatchOutcome[];
}

export interface BatchOutcome {
  label: string;
  status: 'loaded' | 'skipped' | 'refused';
  read: number;
  loaded: number;
  rejected: number;
  duplicate: number;
  superseded: number;
  cause?: string;
  note?: string;
}

export interface RunJobOptions {
  warehouse: Warehouse;
  config: Config;
  job: JobDefinition;
  source: Source;
  period: Period;
  trigger?: 'cli' | 'schedule' | 'api';
  signal?: AbortSignal;
  /** A run already recorded as started (the service answers a run's id before the writer is free). */
  runId?: number;
  /** Test hook: a named point where the process is killed (RELIABILITY crash tests). */
  faultAt?: string;
  /** Where progress is drawn (the CLI passes its command's stream); the process's stderr by default. */
  progress?: ProgressFactory;
}

const inFlight = new Map<string, Promise<RunOutcome>>();

/**
 * Runs one job for one period from one source. The same job and period asked twice at once (scheduler
 * and API) is one run: the second caller gets the first one's outcome.
 */
export function runJob(options: RunJobOptions): Promise<RunOutcome> {
  const key = `${options.warehouse.path}|${options.job.name}|${options.source.name}|${periodLabel(options.period)}`;
  const running = inFlight.get(key);
  if (running) return running;
  const promise = execute(options).finally(() => inFlight.delete(key));
  inFlight.set(key, promise);
  return promise;
}

export function periodLabel(period: Period): string {
  return period.from === period.to ? period.from : `${period.from}..${period.to}`;
}

async function execute({ warehouse, config, job, source, period, trigger = 'cli', signal = new AbortController().signal, runId: recorded, faultAt = process.env.FAULT_AT, progress: makeProgress = defaultProgress }: RunJobOptions): Promise<RunOutcome> {
  const db = warehouse.db;
  const label = periodLabel(period);
  const runId = recorded ?? (await startRun(db, { job: job.name, source: source.name, period: label, trigger }));
  const counts: RunCounts = { read: 0, loaded: 0, rejected: 0, duplicate: 0 };
  const batches: BatchOutcome[] = [];
  const bar = makeProgress(`${job.name} ← ${source.name}`);
  let failure: unknown;
  log.info('run.start', { runId, job: job.name, source: source.name, period: label });
  try {
    for await (const batch of source.batches(job.name, { config, db, period, signal, progress: bar })) {
      signal.throwIfAborted();
      const outcome = await loadBatch({ db, job, batch, sourceName: source.name, runId, signal, bar, faultAt, threshold: batch.file ? config.files.rejectThreshold : job.rejectThreshold });
      batches.push(outcome);
      counts.read += outcome.read;
      counts.loaded += outcome.loaded;
      counts.rejected += outcome.rejected;
      counts.duplicate += outcome.duplicate;
    }
  } catch (error) {
    failure = error;
  }
  bar.finish();
  // The pre-aggregations follow what this run published (a no-op when nothing changed). Never fails the
  // run: a stale one is simply not read (see models/aggregates.ts).
  await timed('aggregates', () => refreshAggregates(db)).catch((error: unknown) => log.warn('aggregates.failed', { cause: oneLine(error) }));

  const refused = batches.filter((b) => b.status === 'refused');
  let status: RunOutcome['status'];
  let cause: string | null = null;
  if (failure !== undefined) {
    status = 'failed';
    // Stopped on purpose: say why, not what the interrupted statement threw ("INTERRUPT Error: Interrupted!").
    cause = oneLine(signal.aborted ? signal.reason : failure);
  } else if (refused.length && refused.length === batches.filter((b) => b.status !== 'skipped').length) {
    status = 'failed';
    cause = refused.map((b) => b.cause).join('; ');
  } else if (refused.length || counts.rejected > 0) {
    status = 'partial';
    cause = refused.length ? refused.map((b) => b.cause).join('; ') : `${counts.rejected} row(s) rejected: see \`partnerlens runs\` and rejected_rows`;
  } else {
    status = 'succeeded';
  }
  const notes = batches.flatMap((b) => (b.note ? [b.note] : []));
  if (notes.length && status !== 'failed') cause = [cause, ...notes].filter(Boolean).join('; ');
  await finishRun(db, runId, { status, counts, cause });
  log[status === 'failed' ? 'error' : status === 'partial' ? 'warn' : 'info']('run.finish', { runId, job: job.name, status, ...counts, cause });
  return { runId, job: job.name, source: source.name, period: label, status, counts, cause, batches };
}

async function loadBatch({
  db, job, batch, sourceName, runId, signal, bar, faultAt, threshold,
}: { db: Database; job: JobDefinition; batch: Batch; sourceName: string; runId: number; signal: AbortSignal; bar: Progress; faultAt: string | undefined; threshold: number }): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { label: batch.label, status: 'loaded', read: 0, loaded: 0, rejected: 0, duplicate: 0, superseded: 0 };
  const skipped = (seen: LoadedFile) => {
    log.info('batch.skip', { file: batch.label, reason: `same content already loaded from ${seen.path} by run ${seen.run_id}` });
    return { ...outcome, status: 'skipped' as const };
  };
  // A file whose content hash is still being taken is staged meanwhile, and its stage dropped if the bytes
  // turn out to be loaded already; unless the same path, size and time were loaded before (a re-ingest of
  // the same file, the usual no-op), when the hash is awaited first and nothing is read.
  let hashChecked = false;
  if (batch.file && (typeof batch.file.hash === 'string' || (await loadedBefore(db, batch.file)))) {
    const seen = await alreadyLoaded(db, await batch.file.hash);
    if (seen) return skipped(seen);
    hashChecked = true;
  }

  const stages: Record<string, string> = {};
  for (const { table, load } of job.tables) {
    stages[table] = await createStage(db, table, load);
  }
  const rejections: Rejection[] = [];
  let rejectedCount = 0;
  const keepRejections = 10_000;
  try {
    let filled: BatchResult;
    try {
      filled = await batch.fill({
        db,
        runId,
        stages,
        signal,
        progress: bar,
        async reject(rows) {
          rejectedCount += rows.length;
          for (const row of rows) if (rejections.length < keepRejections) rejections.push(row);
        },
      });
    } catch (error) {
      // Bytes loaded before are skipped, never refused, as they were when hashed before any read.
      const seen = batch.file && !hashChecked && error instanceof InputError ? await alreadyLoaded(db, await batch.file.hash) : undefined;
      if (seen) return skipped(seen);
      throw error;
    }
    if (batch.file && !hashChecked) {
      const seen = await alreadyLoaded(db, await batch.file.hash);
      if (seen) return skipped(seen);
    }
    outcome.read = filled.read;
    if (filled.note) outcome.note = filled.note;
    const asOf = filled.asOf ?? batch.version;
    fault(faultAt, 'after-stage');

    // Required columns: a row missing one is rejected, naming the column.
    const requiredStarted = performance.now();
    for (const { table, required } of job.tables) {
      const stage = ident(stages[table]!);
      for (const column of required) {
        const missing = await db.all<{ _line: number | null }>(`SELECT _line FROM ${stage} WHERE ${ident(column)} IS NULL ORDER BY _line`);
        if (!missing.length) continue;
        rejectedCount += missing.length;
        for (const m of missing) {
          if (rejections.length < keepRejections) rejections.push({ source: batch.label, line: m._line, field: column, reason: `${column} is required`, raw: null });
        }
        await db.run(`DELETE FROM ${stage} WHERE ${ident(column)} IS NULL`);
      }
    }
    log.debug('step.timed', { step: 'required', ms: Math.round(performance.now() - requiredStarted) });
    outcome.rejected = rejectedCount;
    await recordRejections(db, runId, rejections);

    const seen = Math.max(outcome.read, 1);
    if (rejectedCount / seen > threshold) {
      const first = rejections[0];
      const example = first ? `; first: ${first.line !== null ? `line ${first.line}, ` : ''}${first.field ? `field ${first.field}: ` : ''}${first.reason}` : '';
      throw new InputError(`refused: ${rejectedCount} of ${outcome.read} row(s) rejected, above the ${(threshold * 100).toFixed(1)}% threshold${example}`, { file: batch.label });
    }
    signal.throwIfAborted();

    const settled = new Map<string, Settled>();
    for (const { table, load } of job.tables) {
      await stampRunId(db, stages[table]!, runId);
      if (load.kind === 'slices') settled.set(table, await timed('settle', () => settleSlices(db, { table, stage: stages[table]!, version: batch.version })));
    }
    signal.throwIfAborted();

    let commitStarted = 0;
    await db.transaction(async () => {
      for (const { table, load, clusterBy } of job.tables) {
        const result = await timed('publish', () => publish(db, { load, table, stage: stages[table]!, version: batch.version, runId, clusterBy, fault: (point) => fault(faultAt, point) }), { table });
        outcome.loaded += result.loaded;
        outcome.duplicate += result.duplicate + (settled.get(table)?.duplicate ?? 0);
        outcome.superseded += settled.get(table)?.superseded ?? 0;
        fault(faultAt, `after-publish-${table}`);
      }
      if (batch.file) {
        const f = batch.file;
        await db.run(
          'INSERT INTO loaded_files (content_hash, path, format, size, modified_at, run_id, rows_loaded) VALUES (?, ?, ?, ?, ?::TIMESTAMP, ?, ?)',
          [await f.hash, f.path, f.format, f.size, f.modifiedAt, runId, outcome.loaded],
        );
      }
      await batch.commit?.(db, runId);
      for (const { table } of job.tables) {
        await db.run(
          `INSERT OR REPLACE INTO freshness (dataset, source, as_of, run_id)
           SELECT ?, ?, max_as_of, ? FROM (SELECT greatest(?::TIMESTAMP, (SELECT as_of FROM freshness WHERE dataset = ? AND source = ?)) AS max_as_of)`,
          [table, sourceName, runId, asOf, table, sourceName],
        );
      }
      fault(faultAt, 'before-commit');
      commitStarted = performance.now();
    });
    log.debug('step.timed', { step: 'commit', ms: Math.round(performance.now() - commitStarted) });
    fault(faultAt, 'after-commit');
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    outcome.status = 'refused';
    outcome.cause = oneLine(error);
    log.warn('batch.refused', { label: batch.label, cause: outcome.cause });
  } finally {
    for (const stage of Object.values(stages)) await dropStage(db, stage).catch(() => undefined);
  }
  return outcome;
}

interface LoadedFile {
  path: string;
  run_id: number;
}

/** The load that published these bytes already, if any (the content hash is the file's identity). */
async function alreadyLoaded(db: Database, hash: string): Promise<LoadedFile | undefined> {
  return await db.one<LoadedFile & Record<string, unknown>>('SELECT path, run_id FROM loaded_files WHERE content_hash = ?', [hash]);
}

/** Whether a file of this path, size and modification time was loaded before: then its hash is likely known. */
async function loadedBefore(db: Database, file: NonNullable<Batch['file']>): Promise<boolean> {
  const row = await db.one('SELECT 1 AS yes FROM loaded_files WHERE path = ? AND size = ? AND modified_at = ?::TIMESTAMP LIMIT 1', [file.path, file.size, file.modifiedAt]);
  return row !== undefined;
}

/** Kills the process at a named point when FAULT_AT names it: the crash tests' hook. */
function fault(faultAt: string | undefined, point: string): void {
  if (faultAt === point) process.kill(process.pid, 'SIGKILL');
}
