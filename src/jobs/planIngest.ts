import type { Config, Secrets } from '../config/config.js';
import { loadSecrets } from '../config/config.js';
import { UsageError } from '../errors.js';
import { jobs } from '../../jobs/index.js';
import { expandPaths } from '../sources/files/expandPaths.js';
import { createFilesSource, parseFamily } from '../sources/files/filesSource.js';
import { planFiles, type PlannedFile } from '../sources/files/planFiles.js';
import { isoDate } from '../util/dates.js';
import type { ProgressFactory } from '../util/progress.js';
import type { Database } from '../warehouse/database.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';
import { runJob, type BatchOutcome, type RunOutcome } from './runJob.js';

// Loading export files: which job each file feeds (planIngest), then one run per job (runIngest). The CLI's
// `ingest` and `rebuild`, the service and tests call these.

export interface FileReport {
  path: string;
  format: string | null;
  job: string | null;
  status: 'loaded' | 'partial' | 'skipped' | 'refused' | 'failed';
  read: number;
  loaded: number;
  rejected: number;
  duplicates: number;
  superseded: number;
  cause: string | null;
  /** The first rejected rows: line, field, reason. */
  examples: { line: number | null; field: string | null; reason: string }[];
}

export interface IngestPlan {
  files: string[];
  planned: PlannedFile[];
  reports: Map<string, FileReport>;
}

export interface IngestResult {
  files: FileReport[];
  runs: RunOutcome[];
}

/** Expands the paths and tells each file's format; a path that does not exist is a usage error. */
export async function planIngest(paths: readonly string[], format = 'auto'): Promise<IngestPlan> {
  const family = parseFamily(format);
  const { files, missing } = await expandPaths(paths);
  if (missing.length) throw new UsageError(`not found: ${missing.join(', ')} (no such file or folder)`);
  const { planned, refused } = await planFiles(files, { family });
  const reports = new Map<string, FileReport>();
  for (const r of refused) reports.set(r.path, blank(r.path, null, null, 'refused', withoutPath(r.error.message, r.path)));
  for (const p of planned) reports.set(p.path, blank(p.path, p.format.name, p.job, 'failed', null));
  return { files, planned, reports };
}

/** One run per job the files feed (in the jobs' order), one batch per file; a report per file. */
export async function runIngest(
  warehouse: Warehouse,
  config: Config,
  plan: IngestPlan,
  { format = 'auto', customer, secrets = loadSecrets(), progress, signal }: { format?: string; customer?: string; secrets?: Secrets; progress?: ProgressFactory; signal?: AbortSignal } = {},
): Promise<IngestResult> {
  const runs: RunOutcome[] = [];
  const today = isoDate(new Date());
  for (const job of jobs) {
    const mine = plan.planned.filter((p) => p.job === job.name).map((p) => p.path);
    if (!mine.length) continue;
    signal?.throwIfAborted();
    const source = createFilesSource({ config, secrets, paths: mine, format, customer });
    const outcome = await runJob({ warehouse, config, job, source, period: { from: today, to: today }, progress, signal });
    runs.push(outcome);
    for (const batch of outcome.batches) {
      const report = plan.reports.get(batch.label);
      if (report) Object.assign(report, fromBatch(batch), { examples: await examples(warehouse.db, outcome.runId, batch) });
    }
    // A run that failed outright (not file by file) leaves its files with the run's cause.
    for (const path of mine) {
      const report = plan.reports.get(path)!;
      if (report.status === 'failed' && !report.cause) report.cause = outcome.cause ?? 'not read';
    }
  }
  return { files: plan.files.map((f) => plan.reports.get(f)!), runs };
}

/**
 * A bulk load keeps the whole process within `warehouse.memoryLimit`, not only DuckDB's buffers: Node's heap
 * and DuckDB's allocations outside its buffer pool take more (measured: 250–370 MB over a 1 GB
 * limit while a 10 M-row file loads), so DuckDB gets 70 % and spills the rest to `<db>.tmp`.
 */
export async function keepWithinBudget(warehouse: Warehouse, budget: string): Promise<void> {
  const m = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.exec(budget.trim());
  if (!m) return;
  const unit = m[2]!.toUpperCase().replace('I', '');
  const megabytes = Number(m[1]) * ({ KB: 1 / 1000, MB: 1, GB: 1000, TB: 1_000_000 } as Record<string, number>)[unit]!;
  await warehouse.db.run(`SET memory_limit = '${Math.max(64, Math.floor(megabytes * 0.7))}MB'`);
}

function blank(path: string, format: string | null, job: string | null, status: FileReport['status'], cause: string | null): FileReport {
  return { path, format, job, status, read: 0, loaded: 0, rejected: 0, duplicates: 0, superseded: 0, cause, examples: [] };
}

function fromBatch(b: BatchOutcome): Partial<FileReport> {
  const status: FileReport['status'] = b.status === 'loaded' ? (b.rejected > 0 ? 'partial' : 'loaded') : b.status;
  return {
    status,
    read: b.read,
    loaded: b.loaded,
    rejected: b.rejected,
    duplicates: b.duplicate,
    superseded: b.superseded,
    cause: b.cause ? withoutPath(b.cause, b.label) : status === 'skipped' ? 'already loaded: a file with the same content was loaded before' : null,
  };
}

/** The report names the file already: its causes start after the path (`path:3, field X: …` → `line 3, field X: …`). */
function withoutPath(cause: string, path: string): string {
  if (!cause.startsWith(path)) return cause;
  const rest = cause.slice(path.length);
  const line = /^:(\d+)(, |: )/.exec(rest);
  if (line) return `line ${line[1]}${line[2]}${rest.slice(line[0].length)}`;
  return rest.replace(/^(, )?:?\s*/, '');
}

async function examples(db: Database, runId: number, batch: BatchOutcome): Promise<FileReport['examples']> {
  if (!batch.rejected) return [];
  return db.all<{ line: number | null; field: string | null; reason: string }>(
    'SELECT line, field, reason FROM rejected_rows WHERE run_id = ? AND source = ? ORDER BY line NULLS LAST LIMIT 3',
    [runId, batch.label],
  );
}

