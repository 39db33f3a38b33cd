import { Cron } from 'croner';
import type { Config } from '../config/config.js';
import { ConfigError } from '../errors.js';
import type { JobDefinition, JobName } from '../jobs/defineJob.js';
import { addDays } from '../util/dates.js';

export interface Schedule {
  job: JobDefinition;
  cron: string;
  timeZone: string;
  /** Firings strictly after `after`, up to and including `until`, oldest first (at most `limit`). */
  firingsBetween(after: Date, until: Date, limit?: number): Date[];
  nextFiring(after: Date): Date | null;
}

/**
 * Each job's schedule: the configuration's `schedules.<job>` over the job definition's defaults. A bad
 * expression or zone is a ConfigError naming the job and the key, raised at start rather than at 2 a.m.
 */
export function resolveSchedules(config: Config, jobs: readonly JobDefinition[]): Schedule[] {
  const schedules: Schedule[] = [];
  for (const job of jobs) {
    const override = config.schedules[job.name as JobName];
    if (override && !override.enabled) continue;
    const cron = override?.cron ?? job.schedule;
    const timeZone = override?.timeZone ?? job.timeZone;
    const where = override?.cron || override?.timeZone ? `schedules.${job.name}` : `jobs/${job.name}.ts`;
    if (!isTimeZone(timeZone)) throw new ConfigError(`${where}.timeZone: unknown IANA time zone "${timeZone}" (e.g. "Europe/London")`);
    let pattern: Cron;
    try {
      pattern = new Cron(cron, { timezone: timeZone, paused: true });
    } catch (error) {
      throw new ConfigError(`${where}.cron: invalid cron expression "${cron}": ${(error as Error).message}`);
    }
    schedules.push({
      job,
      cron,
      timeZone,
      firingsBetween(after, until, limit = 10_000) {
        const out: Date[] = [];
        let cursor = after;
        while (out.length < limit) {
          const next = pattern.nextRun(cursor);
          if (!next || next.getTime() > until.getTime()) break;
          out.push(next);
          cursor = next;
        }
        return out;
      },
      nextFiring: (after) => pattern.nextRun(after),
    });
  }
  return schedules;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The calendar date, in `timeZone`, that the instant falls on. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The logical period a firing loads: the job's period ending the day before the firing's local date
 * (a 02:30 run on the 29th loads the 28th and its trailing days). Keyed by that day, a firing the clock
 * shows twice (DST fall-back) or one moved by a DST gap still loads each day exactly once.
 */
export function logicalDateOf(firing: Date, timeZone: string): string {
  return addDays(localDate(firing, timeZone), -1);
}
