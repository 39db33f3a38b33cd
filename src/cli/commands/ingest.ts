import type { Command } from 'commander';
import { Option } from 'commander';
import { jobs } from '../../../jobs/index.js';
import { loadSecrets, type Config } from '../../config/config.js';
import { UsageError } from '../../errors.js';
import { runJob, type BatchOutcome, type RunOutcome } from '../../jobs/runJob.js';
import { formatFamilies } from '../../sources/files/defineFormat.js';
import { expandPaths } from '../../sources/files/expandPaths.js';
import { createFilesSource, parseFamily } from '../../sources/files/filesSource.js';
import { planFiles, type PlannedFile } from '../../sources/files/planFiles.js';
import { isoDate } from '../../util/dates.js';
import type { Database } from '../../warehouse/database.js';
import type { Warehouse } from '../../warehouse/openWarehouse.js';
import { commandContext, withWarehouse, type GlobalOptions } from '../context.js';

interface IngestOptions extends GlobalOptions {
  format: string;
  customer?: string;
}

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

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('load export files: daily-rated usage reconciliation, Azure cost exports, FOCUS, Microsoft 365 usage reports, saved Partner Center pages')
    .argument('<paths...>', 'files or folders')
    .addOption(new Option('--format <format>', 'the files\' format (default: detected from each header)').choices(['auto', ...formatFamilies]).default('auto'))
    .option('--customer <id>', 'the customer (tenant id) rows belong to, for files that name none (cost exports, Microsoft 365 reports)')
    .option('--db <path>', 'warehouse file')
    .option('--json', 'machine-readable summary on stdout')
    .action(async (paths: string[], options: IngestOptions) => {
      const context = commandContext(options);
      const plan = await planIngest(paths, options.format);
      let result: IngestResult = { files: plan.files.map((f) => plan.reports.get(f)!), runs: [] };
      if (plan.planned.length) {
        result = await withWarehouse(context, { purpose: `ingest ${paths.join(' ')}`.slice(0, 200) }, async (warehouse) => {
          await keepWithinBudget(warehouse, context.config.warehouse.memoryLimit);
          return runIngest(warehouse, context.config, plan, { format: options.format, customer: options.customer });
        });
      }
      context.print(describe(result.files, result.runs), {
        files: result.files,
        runs: result.runs.map((o) => ({ id: o.runId, job: o.job, status: o.status, rowsRead: o.counts.read, rowsLoaded: o.counts.loaded, rowsRejected: o.counts.rejected, cause: o.cause })),
      });
      if (result.files.some((r) => r.status === 'refused' || r.status === 'failed') || result.runs.some((o) => o.status === 'failed')) process.exitCode = 1;
    });
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
  { format = 'auto', customer }: { format?: string; customer?: string } = {},
): Promise<IngestResult> {
  const runs: RunOutcome[] = [];
  const today = isoDate(new Date());
  for (const job of jobs) {
    const mine = plan.planned.filter((p) => p.job === job.name).map((p) => p.path);
    if (!mine.length) continue;
    const source = createFilesSource({ config, secrets: loadSecrets(), paths: mine, format, customer });
    const outcome = await runJob({ warehouse, config, job, source, period: { from: today, to: today } });
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
async function keepWithinBudget(warehouse: Warehouse, budget: string): Promise<void> {
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

function describe(reports: FileReport[], outcomes: RunOutcome[]): string {
  if (!reports.length) return 'no data files found: nothing to ingest';
  const lines: string[] = [];
  for (const r of reports) {
    const what = r.format ? ` (${r.format} → ${r.job})` : '';
    const counts = `read ${r.read}, loaded ${r.loaded}, rejected ${r.rejected}, duplicates ${r.duplicates}` + (r.superseded ? `, superseded by newer data ${r.superseded}` : '');
    if (r.status === 'skipped') lines.push(`skipped   ${r.path}${what}: ${r.cause}`);
    else if (r.status === 'refused' || r.status === 'failed') lines.push(`${r.status.padEnd(9)} ${r.path}${what}: ${r.cause}${r.read ? ` — ${counts}` : ''}`);
    else lines.push(`${r.status.padEnd(9)} ${r.path}${what}: ${counts}`);
    if (r.status !== 'refused' || r.rejected) {
      for (const e of r.examples) lines.push(`          ${e.line !== null ? `line ${e.line}` : 'row'}${e.field ? `, ${e.field}` : ''}: ${e.reason}`);
      if (r.rejected > r.examples.length && r.examples.length) lines.push(`          … ${r.rejected - r.examples.length} more: see \`partnerlens runs\` and the rejected_rows table`);
    }
  }
  for (const o of outcomes) lines.push(`run ${o.runId} ${o.job}: ${o.status}`);
  return lines.join('\n');
}
