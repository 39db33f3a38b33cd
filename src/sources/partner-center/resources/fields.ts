import { z } from 'zod';

// Field types shared by the resource schemas. Each one turns the API's JSON value into the text the
// staging table casts: a value that cannot be read is a zod issue (a rejected item naming the field),
// never a silent 0 or NULL.

const trimmed = z.string().transform((s) => s.trim());

/** Optional text: absent, null and "" are all "not given". */
export const text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : String(v).trim() || null));

/** Required, non-empty text. */
export const requiredText = trimmed.pipe(z.string().min(1, 'must not be empty'));

/** A whole number, given as a JSON number or a numeric string. */
export const integer = z
  .union([z.number(), z.string().regex(/^\s*-?\d+\s*$/, 'expected a whole number').transform(Number)])
  .pipe(z.number().int('expected a whole number').safe());

export const optionalInteger = integer.nullish().transform((v) => v ?? null);

/** A decimal amount, kept as its decimal text (JSON numbers print back exactly as they were sent). */
export const decimal = z
  .union([z.number().finite(), z.string().regex(/^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/, 'expected a number like 12.34')])
  .transform((v) => String(v).trim());

export const optionalDecimal = decimal.nullish().transform((v) => v ?? null);

export const optionalBoolean = z
  .union([z.boolean(), z.enum(['true', 'false', 'True', 'False'])])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : String(v).toLowerCase()));

const instant = z.string().transform((s, context) => {
  const value = s.trim();
  // Partner Center writes UTC, sometimes without the zone ("2018-07-08T00:00:00"): read it as UTC.
  const zoned = /([zZ]|[+-]\d{2}:?\d{2})$/.test(value) || /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : `${value}Z`;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(zoned) : Number.NaN;
  if (Number.isNaN(ms)) {
    context.addIssue({ code: 'custom', message: `expected an ISO 8601 date-time, got ${JSON.stringify(s.slice(0, 40))}` });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

/** A date-time as 'YYYY-MM-DD HH:MM:SS.mmm' UTC (DuckDB TIMESTAMP text). */
export const timestamp = instant.transform((iso) => iso.slice(0, 23).replace('T', ' '));
export const optionalTimestamp = timestamp.nullish().transform((v) => v ?? null);

/** The calendar day of a date or date-time, 'YYYY-MM-DD'. */
export const day = instant.transform((iso) => iso.slice(0, 10));
export const optionalDay = day.nullish().transform((v) => v ?? null);

/** Lower-cased member of a fixed set (Partner Center capitalises enum values inconsistently). */
export function lowerEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.string().transform((s) => s.trim().toLowerCase()).pipe(z.enum(values));
}
