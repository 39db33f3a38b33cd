import type { Config } from '../config/config.js';
import type { Period, Source } from '../sources/source.js';
import type { ProgressFactory } from '../util/progress.js';
import { ident } from '../warehouse/database.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';
import type { JobDefinition } from './defineJob.js';
import { runJob, type RunOutcome } from './runJob.js';

export interface JobRun {
  outcome: RunOutcome;
  seconds: number;
  /** Rows each of the job's tables holds from this run. */
  tables: Record<string, number>;
}

/**
 * Runs the jobs one after the other from one source, each for its own period: what `run all`, `demo`, the
 * scheduler and tests share. A failed job does not stop the next (each run is recorded on its own).
 */
export async function runJobs({
  warehouse, config, jobs, source, periodOf, progress, trigger, signal,
}: {
  warehouse: Warehouse;
  config: Config;
  jobs: readonly JobDefinition[];
  source: Source;
  periodOf: (job: JobDefinition) => Period;
  progress?: ProgressFactory;
  trigger?: 'cli' | 'schedule' | 'api';
  signal?: AbortSignal;
}): Promise<JobRun[]> {
  const runs: JobRun[] = [];
  for (const job of jobs) {
    // Stopped by the user: the jobs not yet started are not started, and the command goes no further.
    signal?.throwIfAborted();
    const started = Date.now();
    const outcome = await runJob({ warehouse, config, job, source, period: periodOf(job), progress, trigger, signal });
    const tables: Record<string, number> = {};
    for (const { table } of job.tables) {
      tables[table] = await warehouse.db.value<number>(`SELECT count(*) FROM main.${ident(table)} WHERE run_id = ?`, [outcome.runId]);
    }
    runs.push({ outcome, seconds: (Date.now() - started) / 1000, tables });
  }
  return runs;
}
