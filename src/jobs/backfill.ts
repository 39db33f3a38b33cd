import type { Config } from '../config/config.js';
import type { Source } from '../sources/source.js';
import { addDays } from '../util/dates.js';
import type { ProgressFactory } from '../util/progress.js';
import type { Database } from '../warehouse/database.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';
import type { JobDefinition } from './defineJob.js';
import { periodLabel, runJob, type RunOutcome } from './runJob.js';

export interface BackfillResult {
  outcomes: RunOutcome[];
  /** Periods a run had already loaded (succeeded or partial), left alone without `force`. */
  skipped: { job: string; period: string }[];
  /** The period that failed and ended the backfill: a re-run resumes there. */
  stoppedAt: { job: string; period: string } | null;
}

const quiet: ProgressFactory = () => ({ update: () => undefined, finish: () => undefined });

/**
 * Loads `from`..`to` one logical date at a time, oldest first, each date's period shaped as the scheduler
 * shapes it (the date and the job's trailing days), so that a backfill and the schedule agree on what is
 * done. Resumable: a period some run already loaded is skipped unless `force`; the first failure stops it,
 * so that the dates stay loaded in order.
 */
export async function backfill({
  warehouse, config, jobs, source, from, to, force = false, progress = quiet, trigger = 'cli', signal,
}: {
  warehouse: Warehouse;
  config: Config;
  jobs: readonly JobDefinition[];
  source: Source;
  from: string;
  to: string;
  force?: boolean;
  progress?: ProgressFactory;
  trigger?: 'cli' | 'schedule' | 'api';
  signal?: AbortSignal;
}): Promise<BackfillResult> {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  const bar = progress(`backfill ${from}..${to}`, { total: days.length * jobs.length });
  const result: BackfillResult = { outcomes: [], skipped: [], stoppedAt: null };
  let done = 0;
  for (const day of days) {
    for (const job of jobs) {
      const period = { from: addDays(day, -job.trailingDays), to: day };
      const label = periodLabel(period);
      if (!force && (await loaded(warehouse.db, job.name, label))) {
        result.skipped.push({ job: job.name, period: label });
      } else {
        const outcome = await runJob({ warehouse, config, job, source, period, trigger, signal, progress: quiet });
        result.outcomes.push(outcome);
        if (outcome.status === 'failed') {
          result.stoppedAt = { job: job.name, period: label };
          bar.finish(`stopped: ${job.name} ${label} failed`);
          return result;
        }
      }
      bar.update(++done, `${job.name} ${day}`);
    }
  }
  bar.finish(`${result.outcomes.length} run(s), ${result.skipped.length} already loaded`);
  return result;
}

async function loaded(db: Database, job: string, period: string): Promise<boolean> {
  const n = await db.value<number>("SELECT count(*) FROM runs WHERE job = ? AND period = ? AND status IN ('succeeded', 'partial')", [job, period]);
  return n > 0;
}
