import type { Config, Secrets } from '../config/config.js';
import { BusyError, UsageError, oneLine } from '../errors.js';
import { jobs as allJobs } from '../../jobs/index.js';
import type { JobDefinition, JobName } from '../jobs/defineJob.js';
import { periodLabel, runJob, type RunOutcome } from '../jobs/runJob.js';
import { startRun as recordRunStart } from '../runs/runHistory.js';
import { createSource } from '../sources/index.js';
import type { Period, Source, SourceName } from '../sources/source.js';
import { addDays, lastCompleteDay, parseDay } from '../util/dates.js';
import { log } from '../util/log.js';
import type { Database } from '../warehouse/database.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';
import type { RunRequest } from './runtime.js';

export interface RunHandle {
  id: number;
  job: JobName;
  period: Period;
  trigger: RunRequest['trigger'];
  done: Promise<RunOutcome>;
}

export interface CoordinatorOptions {
  warehouse: Warehouse;
  config: Config;
  secrets: Secrets;
  /** Bookkeeping connection (run records); never the writer's, whose transaction it would join. */
  books: Database;
  jobs?: readonly JobDefinition[];
  /** How a source is made; tests pass their own. */
  sourceFor?: (name: SourceName) => Source;
  defaultSource?: SourceName;
  runTimeoutMs?: number;
  today?: () => Date;
  /** What follows a load that published data (the alerts), still alone on the writer; its failure is logged, never the run's. */
  afterLoad?: (outcome: RunOutcome) => Promise<void>;
}

/**
 * The one writer inside the service. Runs start in the background and are answered with their id at once;
 * their writes (and any other writer's, see `exclusive`) go one at a time through a single queue, so that
 * two transactions never interleave on the writer's connection. Reads use their own connections meanwhile.
 */
export class RunCoordinator {
  readonly #options: Required<Omit<CoordinatorOptions, 'runTimeoutMs'>> & { runTimeoutMs: number };
  readonly #active = new Map<string, Promise<RunHandle>>();
  readonly #aborts = new Set<AbortController>();
  #queue: Promise<unknown> = Promise.resolve();
  #stopping = false;

  constructor(options: CoordinatorOptions) {
    this.#options = {
      jobs: allJobs,
      sourceFor: (name) => createSource(name, { config: options.config, secrets: options.secrets }),
      defaultSource: options.config.scheduler.source,
      runTimeoutMs: options.config.scheduler.runTimeoutMinutes * 60_000,
      today: () => new Date(),
      afterLoad: async () => undefined,
      ...options,
    };
  }

  /** The job's default period: up to yesterday (UTC), with its trailing days. */
  periodOf(request: Pick<RunRequest, 'job' | 'from' | 'to'>): Period {
    const job = this.#job(request.job);
    const to = request.to ? day(request.to, 'to') : lastCompleteDay(this.#options.today());
    const from = request.from ? day(request.from, 'from') : addDays(to, -job.trailingDays);
    if (from > to) throw new UsageError(`from ${from} is after to ${to}`);
    return { from, to };
  }

  /** The run doing this job and period now (queued or running), if any. */
  active(job: JobName, period: Period): Promise<RunHandle> | undefined {
    return this.#active.get(key(job, period));
  }

  /**
   * Queues a run and answers once it is recorded. The same job and period already queued or running is a
   * BusyError naming that run (HTTP 409): one effective run, never two loading the same rows.
   */
  async submit(request: RunRequest): Promise<RunHandle> {
    if (this.#stopping) throw new BusyError('the service is stopping: it takes no new runs');
    const job = this.#job(request.job);
    const period = this.periodOf(request);
    const k = key(job.name, period);
    const existing = this.#active.get(k);
    if (existing) {
      const { id } = await existing;
      throw new BusyError(`${job.name} ${periodLabel(period)} is already running as run ${id}`, { runId: id });
    }
    const source = this.#options.sourceFor(request.source ?? this.#options.defaultSource);
    // Reserved before the first await, so that two callers in the same tick cannot both pass the check.
    const reserved = this.#start(job, period, source, request.trigger);
    this.#active.set(k, reserved);
    reserved.catch(() => this.#active.delete(k));
    return reserved;
  }

  async #start(job: JobDefinition, period: Period, source: Source, trigger: RunRequest['trigger']): Promise<RunHandle> {
    const k = key(job.name, period);
    const id = await recordRunStart(this.#options.books, { job: job.name, source: source.name, period: periodLabel(period), trigger });
    const abort = new AbortController();
    const done = this.exclusive(async () => {
      if (abort.signal.aborted) throw abort.signal.reason;
      const timeout = AbortSignal.timeout(this.#options.runTimeoutMs);
      const outcome = await runJob({
        warehouse: this.#options.warehouse, config: this.#options.config, job, source, period, trigger,
        runId: id, signal: AbortSignal.any([abort.signal, timeout]),
      });
      if (outcome.status === 'succeeded' || outcome.status === 'partial') {
        await this.#options.afterLoad(outcome).catch((error: unknown) => log.warn('service.after_load_failed', { runId: id, cause: oneLine(error) }));
      }
      return outcome;
    }).then(
      async (outcome) => {
        if (abort.signal.aborted && outcome.status === 'failed') await this.#markInterrupted(id);
        return abort.signal.aborted && outcome.status === 'failed' ? { ...outcome, status: 'interrupted' as const } : outcome;
      },
      async (error: unknown): Promise<RunOutcome> => {
        // Stopped before it reached the writer, or the runner itself failed: the record must not stay "running".
        if (!abort.signal.aborted) throw error;
        await this.#markInterrupted(id, `the service stopped before the run started: ${oneLine(error)}`);
        const counts = { read: 0, loaded: 0, rejected: 0, duplicate: 0 };
        return { runId: id, job: job.name, source: source.name, period: periodLabel(period), status: 'interrupted', counts, cause: oneLine(error), batches: [] };
      },
    ).finally(() => {
      this.#aborts.delete(abort);
      this.#active.delete(k);
    });
    this.#aborts.add(abort);
    done.catch(() => undefined);
    log.info('service.run_queued', { runId: id, job: job.name, period: periodLabel(period), trigger });
    return { id, job: job.name, period, trigger, done };
  }

  /** Runs `work` alone on the writer: after every queued write, before any later one. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work, work);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Waits for the writer slot and holds it until the returned function is called (a forwarded CLI writer). */
  async acquireWriter(): Promise<() => void> {
    if (this.#stopping) throw new BusyError('the service is stopping: it takes no new work');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await new Promise<void>((granted) => {
      void this.exclusive(async () => {
        granted();
        await held;
      });
    });
    return release;
  }

  /** Stops taking runs, aborts the ones in flight and waits until the writer is idle. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#aborts.size) {
      for (const abort of this.#aborts) abort.abort(new Error('the service is stopping'));
      // A long DuckDB statement does not look at the signal: interrupt it (the transaction rolls back).
      this.#options.warehouse.db.connection.interrupt();
    }
    await this.#queue;
    await Promise.allSettled([...this.#active.values()].map(async (h) => (await h).done));
  }

  #job(name: string): JobDefinition {
    const job = this.#options.jobs.find((j) => j.name === name);
    if (!job) throw new UsageError(`unknown job "${name}": expected one of ${this.#options.jobs.map((j) => j.name).join(', ')}`);
    return job;
  }

  async #markInterrupted(id: number, cause = 'the service stopped during the run; nothing from its unfinished batch was published'): Promise<void> {
    await this.#options.books
      .run(`UPDATE runs SET status = 'interrupted', finished_at = COALESCE(finished_at, now()::TIMESTAMP), cause = ? WHERE id = ?`, [cause, id])
      .catch((error: unknown) => log.warn('service.run_mark_failed', { runId: id, cause: oneLine(error) }));
  }
}

function key(job: string, period: Period): string {
  return `${job}|${period.from}|${period.to}`;
}

function day(text: string, field: string): string {
  try {
    return parseDay(text, field);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
