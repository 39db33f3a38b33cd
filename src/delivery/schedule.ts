import { Cron } from 'croner';
import { UsageError } from '../errors.js';

// Deliveries fire on a cron expression in an IANA zone (croner handles daylight saving; see COMMON notes).

export function validateZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new UsageError(`--tz "${zone}": not an IANA time zone (like Europe/London or America/New_York)`);
  }
  return zone;
}

function cronOf(expression: string, zone: string): Cron {
  validateZone(zone);
  try {
    const cron = new Cron(expression, { timezone: zone, paused: true });
    // A pattern that never fires (30 February) is as useless as a malformed one.
    if (!cron.nextRun(new Date())) throw new Error('it never fires');
    return cron;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--schedule "${expression}": not a usable cron expression (${(error as Error).message}); e.g. "0 7 * * 1" is Mondays at 07:00`);
  }
}

export function validateSchedule(expression: string, zone: string): void {
  cronOf(expression, zone);
}

/** The logical period a delivery sends now: its last firing at or before `now`, or null before the first. */
export function latestFiring(expression: string, zone: string, now: Date): Date | null {
  const cron = cronOf(expression, zone);
  // previousRuns looks strictly before its reference: a millisecond later includes a firing exactly at `now`.
  return cron.previousRuns(1, new Date(now.getTime() + 1))[0] ?? null;
}
