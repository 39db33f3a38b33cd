import type { Config } from '../config/config.js';
import type { JobName } from '../jobs/defineJob.js';
import type { Rejection } from '../runs/runHistory.js';
import type { Database } from '../warehouse/database.js';
import type { Progress } from '../util/progress.js';

export const sourceNames = ['demo', 'partner-center', 'files'] as const;
export type SourceName = (typeof sourceNames)[number];

/** The logical period a run covers, inclusive dates 'YYYY-MM-DD'. */
export interface Period {
  from: string;
  to: string;
}

/**
 * What a batch writes into: one staging table per published table of the job, with the published table's
 * columns, no constraints, and `_line` (`createStage`: in the warehouse for Azure lines, TEMP otherwise;
 * a crash leaves nothing published, and the writer drops a leftover stage at open). Refer to it by the
 * name given, unqualified. `run_id` must be filled with `runId`.
 */
export interface StageContext {
  db: Database;
  runId: number;
  /** Staging table name by published table name, e.g. `{ azure_usage: 'stage_azure_usage' }`. */
  stages: Readonly<Record<string, string>>;
  reject(rejections: readonly Rejection[]): Promise<void>;
  progress: Progress;
  signal: AbortSignal;
}

export interface BatchResult {
  /** Data rows the batch saw (file lines after the header, API items). */
  read: number;
  /** Rows the batch itself rejected (already passed to `reject`). */
  rejected: number;
  /** Newest data time this batch vouches for, per published table (freshness). */
  asOf?: string;
  /** Something a user should know about a batch that still loaded (customers skipped): added to the run's cause. */
  note?: string;
}

/** A unit that is staged, validated and published in one transaction: a file, or one pull from an API. */
export interface Batch {
  /** What to call it in errors and rejected rows: the file path or the API resource. */
  label: string;
  /** When the data was produced (file modification time, pull time): decides which of two loads of a slice wins. */
  version: string;
  /**
   * For files: recorded in `loaded_files` in the same transaction, so a file is processed exactly once.
   * The content hash may still be being computed while the batch fills (the files source hashes the bytes
   * while DuckDB reads them): the runner then settles whether the bytes were loaded before once it is known.
   */
  file?: { hash: string | Promise<string>; path: string; format: string; size: number; modifiedAt: string };
  /** The period the batch covers, when it can tell (files: min and max date). */
  period?: Period;
  fill(stage: StageContext): Promise<BatchResult>;
  /** Bookkeeping written in the publishing transaction (which export blobs were loaded), after the tables. */
  commit?(db: Database, runId: number): Promise<void>;
}

export interface SourceContext {
  config: Config;
  db: Database;
  period: Period;
  signal: AbortSignal;
  progress: Progress;
}

/** A source: where one job's data comes from, as a sequence of batches. */
export interface Source {
  readonly name: SourceName;
  batches(job: JobName, context: SourceContext): AsyncIterable<Batch>;
}
