import type { Config, Secrets } from '../config/config.js';
import type { JobName } from '../jobs/defineJob.js';
import type { SourceName } from '../sources/source.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';

// The seam between the service's parts: the scheduler and run coordinator on one side, the HTTP API and the
// CLI forwarding on the other. Both sides code against these types; `partnerlens serve` builds the one
// runtime and hands it to each.

export interface RunRequest {
  job: JobName;
  /** Inclusive days, YYYY-MM-DD; the job's default period when absent. */
  from?: string;
  to?: string;
  source?: SourceName;
  trigger: 'cli' | 'schedule' | 'api';
}

export interface SchedulerState {
  state: 'starting' | 'running' | 'stopping';
  jobs: { job: JobName; schedule: string; timeZone: string; nextRun: string | null; lastRun: { id: number; status: string; finishedAt: string | null } | null }[];
}

export interface ServiceRuntime {
  readonly warehouse: Warehouse;
  readonly config: Config;
  readonly secrets: Secrets;
  /**
   * Starts a run in the background and answers its id at once. The same job and period already running
   * throws a BusyError carrying that run's id (HTTP 409).
   */
  startRun(request: RunRequest): Promise<{ id: number }>;
  schedulerState(): SchedulerState;
}
