import { z } from 'zod';

export const jobNames = ['customers', 'subscriptions', 'licenses', 'workload-usage', 'azure-usage', 'activity-log'] as const;
export type JobName = (typeof jobNames)[number];

/**
 * How a staged batch reaches its published table:
 * - `merge`: rows whose natural key is in the batch are replaced by the batch's rows (duplicates inside the
 *   batch counted, the last one kept);
 * - `slices`: the batch owns whole (customer, day) slices; a slice is replaced only by a batch at least as
 *   new as the one that wrote it (restatements win, a late older file does not).
 */
const mergeLoad = z.object({ kind: z.literal('merge'), key: z.array(z.string()).min(1) });
const slicesLoad = z.object({ kind: z.literal('slices'), slice: z.tuple([z.literal('customer_id'), z.literal('date')]) });

const tableLoad = z.object({
  table: z.string().regex(/^[a-z_]+$/),
  load: z.discriminatedUnion('kind', [mergeLoad, slicesLoad]),
  /** Columns that must be present on every row; a row without one is rejected naming the column. */
  required: z.array(z.string()).default([]),
  /**
   * The date column rows are written in the order of. Reports read a period's days: DuckDB skips every
   * row group whose days lie outside (its zone maps), which it can only do if a group holds few days.
   */
  clusterBy: z.string().optional(),
});

export const jobSchema = z
  .object({
    name: z.enum(jobNames),
    description: z.string().min(1),
    /** The published tables this job writes, the first being its main one. */
    tables: z.array(tableLoad).min(1),
    /** Days before the period's start pulled again on every run, for late and restated data. */
    trailingDays: z.number().int().min(0).default(0),
    /** Default schedule (cron, minute precision) and its time zone. */
    schedule: z.string().default('0 3 * * *'),
    timeZone: z.string().default('UTC'),
    /** Share of rejected rows above which a batch is refused whole and not marked processed. */
    rejectThreshold: z.number().min(0).max(1).default(0.05),
  })
  .strict();

export type JobDefinition = z.output<typeof jobSchema>;
export type TableLoad = JobDefinition['tables'][number];

export function defineJob(definition: z.input<typeof jobSchema>): JobDefinition {
  const parsed = jobSchema.safeParse(definition);
  if (!parsed.success) {
    const name = (definition as { name?: unknown }).name;
    const problems = parsed.error.issues.map((i) => `${String(name)} → ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid job definition:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
