import type { Config } from '../config/config.js';
import { BusyError, oneLine } from '../errors.js';
import type { JobName } from '../jobs/defineJob.js';
import type { RunOutcome } from '../jobs/runJob.js';
import { addDays } from '../util/dates.js';
import { log } from '../util/log.js';
import type { Database } from '../warehouse/database.js';
import { systemClock, type Clock } from './clock.js';
import type { RunCoordinator } from './coordinator.js';
import { duePeriods, enterPeriod, knownDates, nextAttemptAt, readCursor, reopenAbandoned, updatePeriod, writeCursor, type LedgerEntry } from './ledger.js';
import { tellOperators, type NotifyOperators } from './notifyOperators.js';
import type { SchedulerState } from './runtime.js';
import { logicalDateOf, type Schedule } from './schedules.js';

export interface SchedulerOptions {
  schedules: readonly Schedule[];
  coordinator: RunCoordinator;
  /** The bookkeeping connection: ledger, cursors, audit. */
  books: Database;
  settings: Config['scheduler'];
  clock?: Clock;
  /** Jitter's randomness, in [0, 1). */
  random?: () => number;
  notify?: NotifyOperators;
}

type LastRun = SchedulerState['jobs'][number]['lastRun'];

/**
 * Turns firings into logical periods in the ledger and runs each period once. Firings are found by croner
 * (DST-correct); the ledger, not the timer, decides what runs: a period already entered is never entered
 * again (a repeated hour), and firings between the last time a schedule was seen and now are entered at
 * start (downtime, a DST gap), at most `catchUpPeriods` of them besides the newest.
 */
export class Scheduler {
  readonly #o: Required<Omit<SchedulerOptions, 'notify'>> & Pick<SchedulerOptions, 'notify'>;
  readonly #inflight = new Map<string, Promise<void>>();
  readonly #lastRun = new Map<string, NonNullable<LastRun>>();
  readonly #stop = new AbortController();
  /** Per job, up to when firings are in the ledger (mirrors schedule_cursor; this process is its only writer). */
  readonly #seen = new Map<string, Date>();
  #state: SchedulerState['state'] = 'starting';
  #loop: Promise<void> | undefined;
  #ticks: Promise<unknown> = Promise.resolve();

  constructor(options: SchedulerOptions) {
    this.#o = { clock: systemClock, random: Math.random, ...options };
  }

  /** Catches up, then keeps firing until `stop`. */
  async start(): Promise<void> {
    await reopenAbandoned(this.#o.books);
    const last = await this.#o.books.all<{ job: string; id: number; status: string; finished_at: string | null }>(
      `SELECT job, id, status, finished_at FROM runs WHERE trigger = 'schedule' QUALIFY row_number() OVER (PARTITION BY job ORDER BY id DESC) = 1`,
    );
    for (const r of last) this.#lastRun.set(r.job, { id: r.id, status: r.status, finishedAt: r.finished_at });
    this.#state = 'running';
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#state = 'stopping';
    this.#stop.abort();
    await this.#loop;
    await this.settled();
  }

  /** Waits until no period is being worked on (tests; shutdown). */
  async settled(): Promise<void> {
    for (;;) {
      await this.#ticks;
      if (!this.#inflight.size) return;
      await Promise.allSettled([...this.#inflight.values()]);
    }
  }

  /** Enters every firing up to now in the ledger and starts the periods that are due; one pass at a time. */
  tick(): Promise<void> {
    const pass = this.#ticks.then(() => this.#tickOnce());
    this.#ticks = pass.catch(() => undefined);
    return pass;
  }

  async #tickOnce(): Promise<void> {
    const now = this.#o.clock.now();
    for (const schedule of this.#o.schedules) await this.#enterFirings(schedule, now);
    if (this.#state === 'stopping') return;
    for (const entry of await duePeriods(this.#o.books, now)) {
      // One period of a job at a time: no overlap of the same job.
      if (this.#inflight.has(entry.job)) continue;
      const schedule = this.#o.schedules.find((s) => s.job.name === entry.job);
      if (!schedule) continue;
      const work = this.#attempt(schedule, entry).catch((error: unknown) => log.error('schedule.attempt_failed', { job: entry.job, cause: oneLine(error) }));
      this.#inflight.set(entry.job, work.finally(() => {
        this.#inflight.delete(entry.job);
        // The job's next due period (a catch-up, a retry whose time came) starts now, not at the next firing.
        if (this.#state !== 'stopping') void this.tick().catch(() => undefined);
      }));
    }
  }

  state(): SchedulerState {
    const now = this.#o.clock.now();
    return {
      state: this.#state,
      jobs: this.#o.schedules.map((s) => ({
        job: s.job.name,
        schedule: s.cron,
        timeZone: s.timeZone,
        nextRun: s.nextFiring(now)?.toISOString() ?? null,
        lastRun: this.#lastRun.get(s.job.name) ?? null,
      })),
    };
  }

  async #run(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      try {
        await this.tick();
      } catch (error) {
        log.error('schedule.tick_failed', { cause: oneLine(error) });
      }
      const now = this.#o.clock.now();
      const next = [
        ...this.#o.schedules.map((s) => s.nextFiring(now)?.getTime()),
        (await nextAttemptAt(this.#o.books).catch(() => undefined))?.getTime(),
      ].filter((t): t is number => t !== undefined && t > now.getTime());
      const wait = Math.min(60_000, ...next.map((t) => t - now.getTime() + 5));
      await this.#o.clock.sleep(wait, this.#stop.signal);
    }
  }

  async #enterFirings(schedule: Schedule, now: Date): Promise<void> {
    const { books, settings } = this.#o;
    const job = schedule.job.name;
    const seen = this.#seen.get(job) ?? (await readCursor(books, job));
    if (!seen) {
      // First start: nothing was missed yet.
      await writeCursor(books, job, now);
      this.#seen.set(job, now);
      return;
    }
    this.#seen.set(job, seen);
    if (seen.getTime() >= now.getTime()) return;
    // Only the last days can hold periods still caught up: a long downtime under a frequent schedule must
    // not enumerate (or truncate at) millions of firings before reaching today's.
    const horizon = new Date(now.getTime() - (settings.catchUpPeriods + 2) * 86_400_000);
    const longDown = seen.getTime() < horizon.getTime();
    const firings = schedule.firingsBetween(longDown ? horizon : seen, now, 100_000);
    // No firing since: the stored cursor may stay behind (enumerating the same empty stretch again finds
    // nothing), unless it is beyond the horizon, where it would be found long-down at every pass.
    if (!firings.length) {
      if (longDown) await writeCursor(books, job, horizon);
      if (longDown) this.#seen.set(job, horizon);
      return;
    }
    const byDate = new Map<string, Date>();
    for (const firing of firings) {
      const date = logicalDateOf(firing, schedule.timeZone);
      if (!byDate.has(date)) byDate.set(date, firing);
    }
    const known = await knownDates(books, job, [...byDate.keys()]);
    const fresh = [...byDate].filter(([date]) => !known.has(date)).sort(([a], [b]) => (a < b ? -1 : 1));
    const keep = fresh.slice(-(settings.catchUpPeriods + 1));
    const dropped = fresh.slice(0, fresh.length - keep.length);
    if (dropped.length || longDown) {
      const first = longDown ? logicalDateOf(seen, schedule.timeZone) : dropped[0]![0];
      const last = dropped.length ? dropped.at(-1)![0] : addDays(keep[0]?.[0] ?? logicalDateOf(now, schedule.timeZone), -1);
      await tellOperators(books, {
        kind: 'skipped', job, logicalDate: `${first}..${last}`, runId: null, attempt: 0,
        cause: `missed periods beyond the catch-up limit of ${settings.catchUpPeriods}${longDown ? ` (schedule last seen ${seen.toISOString()})` : ''}: load them with \`partnerlens run ${job} --from ${first} --to ${last}\``,
      }, this.#o.notify);
    }
    for (const [date, firing] of keep) await enterPeriod(books, job, date, firing);
    await writeCursor(books, job, now);
    this.#seen.set(job, now);
  }

  async #attempt(schedule: Schedule, entry: LedgerEntry): Promise<void> {
    const { books, coordinator, settings, clock } = this.#o;
    const job = schedule.job.name as JobName;
    const attempt = entry.attempts + 1;
    const period = { from: addDays(entry.logicalDate, -schedule.job.trailingDays), to: entry.logicalDate };
    await updatePeriod(books, job, entry.logicalDate, { state: 'running', attempts: attempt, runId: entry.runId, cause: entry.cause });

    let outcome: Pick<RunOutcome, 'runId' | 'status' | 'cause'>;
    try {
      outcome = await this.#runOrJoin(job, period);
    } catch (error) {
      // Refused because the service is stopping: not an attempt (handled as interrupted below).
      outcome = { runId: entry.runId ?? -1, status: this.#state === 'stopping' ? 'interrupted' : 'failed', cause: oneLine(error) };
    }
    const runId = outcome.runId >= 0 ? outcome.runId : null;
    if (runId !== null) this.#lastRun.set(job, { id: runId, status: outcome.status, finishedAt: clock.now().toISOString() });

    if (outcome.status === 'interrupted') {
      // The service stopped under it: not the period's fault, so not an attempt; the next start runs it.
      await updatePeriod(books, job, entry.logicalDate, { state: 'due', attempts: entry.attempts, nextAttemptAt: entry.nextAttemptAt ?? clock.now(), runId, cause: outcome.cause });
      return;
    }
    if (outcome.status === 'succeeded' || outcome.status === 'partial') {
      await updatePeriod(books, job, entry.logicalDate, { state: outcome.status, attempts: attempt, runId, cause: outcome.cause });
      if (attempt > 1) await tellOperators(books, { kind: 'recovery', job, logicalDate: entry.logicalDate, runId, attempt, cause: outcome.cause }, this.#o.notify);
      return;
    }
    if (attempt >= settings.maxAttempts) {
      await updatePeriod(books, job, entry.logicalDate, { state: 'failed', attempts: attempt, runId, cause: outcome.cause });
      await tellOperators(books, { kind: 'gave-up', job, logicalDate: entry.logicalDate, runId, attempt, cause: outcome.cause }, this.#o.notify);
      return;
    }
    const retryAt = new Date(clock.now().getTime() + this.backoffMs(attempt));
    await updatePeriod(books, job, entry.logicalDate, { state: 'retry', attempts: attempt, nextAttemptAt: retryAt, runId, cause: outcome.cause });
    await tellOperators(books, { kind: 'failure', job, logicalDate: entry.logicalDate, runId, attempt, cause: outcome.cause, retryAt: retryAt.toISOString() }, this.#o.notify);
  }

  /** Exponential, capped, with "equal jitter": half the delay fixed, half random, so retries of many jobs spread out. */
  backoffMs(attempt: number): number {
    const { retryBaseSeconds, retryMaxSeconds } = this.#o.settings;
    const delay = Math.min(retryMaxSeconds, retryBaseSeconds * 2 ** (attempt - 1)) * 1000;
    return Math.round(delay / 2 + (delay / 2) * this.#o.random());
  }

  /** Starts the period's run, or, when the same job and period is already running (an API call), waits for that one. */
  async #runOrJoin(job: JobName, period: { from: string; to: string }): Promise<Pick<RunOutcome, 'runId' | 'status' | 'cause'>> {
    try {
      const handle = await this.#o.coordinator.submit({ job, from: period.from, to: period.to, trigger: 'schedule' });
      return await handle.done;
    } catch (error) {
      if (!(error instanceof BusyError) || error.runId === undefined) throw error;
      const running = this.#o.coordinator.active(job, period);
      if (!running) throw error;
      log.info('schedule.joined', { job, period: `${period.from}..${period.to}`, runId: error.runId });
      return await (await running).done;
    }
  }
}
