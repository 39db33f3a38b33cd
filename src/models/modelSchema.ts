import { z } from 'zod';
import { valueFormats, type ValueFormat } from '../locale/valueFormats.js';

// The shape of a model definition (models/*.ts). Plain data: names, columns of named relations, and
// measure kinds from a fixed list. Cross-references (a measure naming another, a column its relation
// lacks) are checked by `validateModel`, which reports every problem at once.

export const grains = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Grain = (typeof grains)[number];

/** A measure's format: the value formats of the locale module (src/locale/valueFormats.ts). */
export const formats = valueFormats;
export type Format = ValueFormat;

const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a name made of letters, digits and _');
const column = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a column name (lower case, digits, _)');
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A condition on a row of the measure's relation; values are bound as parameters, never spliced. */
export const conditionSchema = z
  .object({
    column,
    op: z.enum(['in', 'notIn', 'eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'isNull', 'notNull']),
    value: z.union([scalar, z.array(scalar).min(1)]).optional(),
    /** Compare with another column of the same row instead of a value. */
    otherColumn: column.optional(),
  })
  .strict();
export type Condition = z.output<typeof conditionSchema>;

// Labels and descriptions are not here: they are catalogue texts (locales/*.json, keys from
// src/locale/catalogueKeys.ts), so that every locale, English included, says them from one place.
const described = {};

const leafFields = {
  ...described,
  fact: name,
  filter: z.array(conditionSchema).default([]),
};

const countMeasure = z.object({ kind: z.literal('count'), ...leafFields, format: z.enum(formats).default('integer') }).strict();
const countDistinctMeasure = z.object({ kind: z.literal('countDistinct'), ...leafFields, column, format: z.enum(formats).default('integer') }).strict();
const sumMeasure = z.object({ kind: z.literal('sum'), ...leafFields, column, format: z.enum(formats).default('number') }).strict();

export const measureSchema = z.discriminatedUnion('kind', [
  countMeasure,
  countDistinctMeasure,
  sumMeasure,
  z.object({ kind: z.literal('ratio'), ...described, numerator: name, denominator: name, format: z.enum(formats).default('percent') }).strict(),
  z.object({ kind: z.literal('difference'), ...described, minuend: name, subtrahend: name, format: z.enum(formats).optional() }).strict(),
  z
    .object({
      kind: z.literal('change'),
      ...described,
      of: name,
      /** `percent`: (current − previous) ÷ previous, as a fraction; `difference`: current − previous. */
      mode: z.enum(['percent', 'difference']).default('percent'),
      format: z.enum(formats).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('trailing'), ...described, of: name, days: z.number().int().min(1).max(366), format: z.enum(formats).optional() }).strict(),
  z.object({ kind: z.literal('monthToDate'), ...described, of: name, format: z.enum(formats).optional() }).strict(),
  z.object({ kind: z.literal('monthEndForecast'), ...described, of: name, format: z.enum(formats).optional() }).strict(),
]);
export type MeasureInput = z.input<typeof measureSchema>;
export type Measure = z.output<typeof measureSchema>;
export type MeasureKind = Measure['kind'];

const bucketSchema = z
  .object({
    label: z.string().min(1),
    /** The value is in this bucket when below `below` (or at most `atMost`), checked in order. */
    below: z.number().optional(),
    atMost: z.number().optional(),
  })
  .strict();

export const dimensionSchema = z.discriminatedUnion('type', [
  /** The period buckets: every relation has one, from its time column or as-of date. */
  z.object({ type: z.literal('time'), ...described }).strict(),
  /** The customer's display name (customers table, else the row's own name, else the tenant id), grouped by tenant. */
  z.object({ type: z.literal('customer'), ...described }).strict(),
  z.object({ type: z.literal('customerAttribute'), ...described, attribute: z.enum(['country', 'domain']) }).strict(),
  z
    .object({
      type: z.literal('column'),
      ...described,
      column,
      /** Grouping key when it differs from the displayed column (e.g. an id behind a name). */
      key: column.optional(),
      /** When the column holds a date: grains may be asked for (`lastActivity:month`). */
      date: z.boolean().default(false),
      /** The closed list of values, when there is one: a filter value outside it is refused. */
      values: z.array(z.string()).optional(),
      /**
       * The column holds a list of texts (every product a user holds), answered as a list: a row per
       * whole list, shown as one. Filter by the items' own dimension instead.
       */
      list: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      type: z.literal('bucket'),
      ...described,
      value: z.union([z.object({ column }).strict(), z.object({ ratio: z.tuple([column, column]) }).strict()]),
      buckets: z.array(bucketSchema).min(1),
      /** Label for values above every bucket. */
      otherwise: z.string().min(1),
      /** Label when the value is missing (no data, or 0 ÷ 0). */
      whenNull: z.string().min(1),
    })
    .strict(),
]);
export type DimensionInput = z.input<typeof dimensionSchema>;
export type Dimension = z.output<typeof dimensionSchema>;

export const factSchema = z.object({ relation: name, description: z.string().optional() }).strict();

export const modelSchema = z
  .object({
    name,
    facts: z.record(name, factSchema),
    dimensions: z.record(name, dimensionSchema),
    measures: z.record(name, measureSchema),
  })
  .strict();

export type ModelInput = z.input<typeof modelSchema>;
export type ModelDefinition = z.output<typeof modelSchema>;
