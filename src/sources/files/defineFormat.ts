import { z } from 'zod';
import { jobNames } from '../../jobs/defineJob.js';

/** The names `--format` accepts: each is a family of one or more definitions. */
export const formatFamilies = ['recon', 'cost-export', 'focus', 'm365-usage', 'pc-json'] as const;
export type FormatFamily = (typeof formatFamilies)[number];

export const fileKinds = ['csv', 'parquet', 'json'] as const;
export type FileKind = (typeof fileKinds)[number];

/**
 * How a column is read. MONEY is DECIMAL(38,12), cast from the text exactly (never through DOUBLE);
 * DATE and TIMESTAMP use the date style detected per file (ISO or the US `MM/DD/YYYY` of EA exports).
 */
export const columnTypes = ['VARCHAR', 'DATE', 'TIMESTAMP', 'MONEY', 'DOUBLE', 'BIGINT', 'BOOLEAN'] as const;
export type ColumnType = (typeof columnTypes)[number];

const columnSpec = z
  .object({
    type: z.enum(columnTypes).default('VARCHAR'),
    /** Other header names the same column goes by (MCA's `CostInBillingCurrency` for EA's `Cost`). */
    aliases: z.array(z.string().min(1)).default([]),
    /** The file may lack it; the mapping then sees NULL. Required columns missing refuse the file. */
    optional: z.boolean().default(false),
  })
  .strict();

const formatSchema = z
  .object({
    /** Unique id of this definition, e.g. `recon`, `m365-active-user-detail`, `pc-customers`. */
    name: z.string().regex(/^[a-z0-9-]+$/),
    family: z.enum(formatFamilies),
    description: z.string().min(1),
    /** The job whose tables the rows feed. */
    job: z.enum(jobNames),
    kinds: z.array(z.enum(fileKinds)).min(1),
    /**
     * Header columns that together identify the format. Detection picks a definition whose signature is
     * all present; a header holding most of one (but not all) is that format with a missing column.
     */
    signature: z.array(z.string().min(1)).min(1),
    /** The columns read, by the names the mapping uses. Every other header column is read as text and dropped. */
    columns: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), columnSpec),
    /** Every column the format is known to carry; a header column outside this list is warned about. */
    known: z.array(z.string()).default([]),
    /** Header columns starting with one of these are extensions, never warned about (FOCUS `x_`). */
    extensionPrefixes: z.array(z.string()).default([]),
    /**
     * Rows carry `line_hash`, a hash of every value on their source line. Two lines are the same charge
     * reported twice only when all their values are equal, so lines that look alike once mapped (a FOCUS
     * file's hourly rows of one day, a recon row differing only in AdditionalInfo) are both kept.
     */
    lineHash: z.boolean().default(false),
    /** The file names no customer: `--customer` must (Graph reports name users, not their tenant). */
    needsCustomer: z.boolean().default(false),
    /** Strings that mean "no value" (FOCUS exports write `NULL`). */
    nulls: z.array(z.string()).default(['']),
    /** The published table the rows go to, and each of its columns as a SQL expression over `columns`. */
    table: z.string().regex(/^[a-z_]+$/),
    rows: z.record(z.string().regex(/^[a-z_]+$/), z.string().min(1)),
  })
  .strict()
  .superRefine((f, ctx) => {
    for (const s of f.signature) {
      if (!(s in f.columns)) ctx.addIssue({ code: 'custom', path: ['signature'], message: `signature column "${s}" is not among columns` });
    }
  });

export type FormatDefinition = z.output<typeof formatSchema>;
export type ColumnSpec = FormatDefinition['columns'][string];

/** Validates a format definition; every problem at once, each with its path. */
export function defineFormat(definition: z.input<typeof formatSchema>): FormatDefinition {
  const parsed = formatSchema.safeParse(definition);
  if (!parsed.success) {
    const name = (definition as { name?: unknown }).name;
    const problems = parsed.error.issues.map((i) => `${String(name)} → ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid format definition:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
