import { z } from 'zod';
import { jobNames } from '../jobs/defineJob.js';
import { sourceNames } from '../sources/source.js';

// The service's schedules (SPEC §7). Kept apart from config.ts so that the scheduler's settings read as one
// block; the cron expressions and zones are checked when the scheduler is built (`resolveSchedules`), where
// the error can name the job.

/** Per job, overriding the job definition's `schedule` and `timeZone`; `enabled: false` leaves it unscheduled. */
export const schedulesSchema = z
  .partialRecord(
    z.enum(jobNames),
    z.object({ cron: z.string().min(1).optional(), timeZone: z.string().min(1).optional(), enabled: z.boolean().default(true) }).strict(),
  )
  .default({});

export const schedulerSchema = z
  .object({
    /** Where scheduled runs pull from. */
    source: z.enum(sourceNames).default('partner-center'),
    /** Missed periods (service down, DST gap) run at start, newest first kept: at most this many per job. */
    catchUpPeriods: z.number().int().min(0).max(366).default(3),
    /** Attempts per period before it is given up (and operators told). */
    maxAttempts: z.number().int().min(1).max(20).default(5),
    /** Exponential backoff between attempts: base × 2^(attempt−1), capped, with jitter. */
    retryBaseSeconds: z.number().min(0).default(60),
    retryMaxSeconds: z.number().min(0).default(3600),
    /** A run longer than this is aborted, so that a hung source cannot hold the writer forever. */
    runTimeoutMinutes: z.number().positive().default(120),
  })
  .strict()
  .default({ source: 'partner-center', catchUpPeriods: 3, maxAttempts: 5, retryBaseSeconds: 60, retryMaxSeconds: 3600, runTimeoutMinutes: 120 });
