import type { Config } from '../config/config.js';
import { UsageError } from '../errors.js';
import type { DuckDBValue } from '@duckdb/node-api';
import type { Database } from '../warehouse/database.js';
import { models } from '../../models/index.js';
import { didYouMean } from './didYouMean.js';
import { compileQuery, type CompiledQuery } from './compile/compileQuery.js';
import { planQuery, type QueryPlan } from './compile/planQuery.js';
import { guardSql } from './compile/sqlGuard.js';
import { readyAggregates } from './aggregates.js';
import type { Format, ModelDefinition } from './modelSchema.js';

// The query API reports, the server and `partnerlens query` share.

export interface QueryRequest {
  model: string;
  measures: string[];
  /** 'customer', 'date:month', … */
  by?: string[];
  /** Equality / IN filters; several on one dimension must all hold. */
  where?: { dimension: string; values: string[] }[];
  /** Inclusive YYYY-MM-DD. Point-in-time measures are as of `to` (or the latest data). */
  from?: string;
  to?: string;
  /** Row-level security: the tenant ids the caller may see. An empty list sees nothing. */
  scope?: { customerIds?: string[] };
  orderBy?: { name: string; desc?: boolean }[];
  limit?: number;
}

type Period = { from: string | null; to: string | null };

export interface QueryColumn {
  name: string;
  role: 'dimension' | 'measure';
  label: string;
  /** Percentages are fractions (0.873); renderers multiply. Money rows carry a `currency` column. */
  format: Format;
  description?: string;
  /** Each value is a list of texts (every product a user holds). */
  list?: true;
}

/** A value in a result: text, a number, missing, or (a list dimension's) a list of texts. */
export type QueryValue = string | number | null | string[];

export interface QueryResult {
  columns: QueryColumn[];
  rows: Record<string, QueryValue>[];
  sql?: string;
  /** The period the query covered, after defaults (the data's first and last day when not asked). */
  period?: Period;
}

/** Every model, for About sheets and help: labels, descriptions, formats. */
export function listModels(): ModelDefinition[] {
  return [...models];
}

export function findModel(name: string): ModelDefinition {
  const model = models.find((m) => m.name === name);
  if (!model) {
    const names = models.map((m) => m.name);
    throw new UsageError(`unknown model "${name}"${didYouMean(name, names)}; valid models: ${names.join(', ')}`);
  }
  return model;
}

/** Checks a request against its model and compiles it, without running it. */
export async function prepareQuery(db: Database, request: QueryRequest, options: QueryOptions = {}): Promise<CompiledQuery & { period: Period }> {
  const plan = planQuery(findModel(request.model), request);
  const period = await resolvePeriod(db, plan);
  const rollups = (options.rollups ?? options.cache?.rollups ?? true) ? await aggregatesFor(db, options.cache) : new Set<string>();
  const compiled = compileQuery(plan, period, { budgets: options.config?.budgets ?? [], rollups, presence: options.presence ?? false });
  await guardSql(db, compiled.batchSql, compiled.tables);
  return { ...compiled, period };
}

/**
 * Results kept for one unit of work (a report pack, a page of the embedded view): the same query asked
 * twice runs once, and which pre-aggregations are current is asked once. Create one per unit of work, not
 * per process: it never notices new data.
 */
export interface QueryCache {
  readonly results: Map<string, { answer: Promise<QueryResult>; waiting: number }>;
  /** Read the warehouse's pre-aggregations where they are current and give the same answer. */
  readonly rollups: boolean;
  /** Answers with more rows are not kept (memory stays bounded by the largest query in flight). */
  readonly maxRows: number;
  aggregates?: Promise<Set<string>>;
}

export function createQueryCache({ rollups = true, maxRows = Infinity }: { rollups?: boolean; maxRows?: number } = {}): QueryCache {
  return { results: new Map(), rollups, maxRows };
}

export interface QueryOptions {
  config?: Config;
  cache?: QueryCache;
  /** Read pre-aggregations where they are current and give the same answer (default: the cache's choice, else yes). */
  rollups?: boolean;
  /** Rows also say which facts have their key (`__has_…` columns): for answering merged requests. */
  presence?: boolean;
}

async function aggregatesFor(db: Database, cache: QueryCache | undefined): Promise<Set<string>> {
  if (!cache) return readyAggregates(db);
  cache.aggregates ??= readyAggregates(db);
  return cache.aggregates;
}

export async function query(db: Database, request: QueryRequest, options: QueryOptions = {}): Promise<QueryResult> {
  const { cache } = options;
  if (!cache) return runQuery(db, request, options);
  const key = JSON.stringify([request, options.config?.budgets ?? [], options.presence ?? false]);
  let entry = cache.results.get(key);
  if (!entry) {
    const created = { answer: runQuery(db, request, options), waiting: 0 };
    cache.results.set(key, created);
    // A failed query is not remembered: the next caller gets its own error.
    created.answer.then((result) => result.rows.length > cache.maxRows && cache.results.delete(key), () => cache.results.delete(key));
    entry = created;
  }
  entry.waiting += 1;
  let result: QueryResult;
  try {
    result = await entry.answer;
  } finally {
    entry.waiting -= 1;
  }
  // Each caller gets rows of its own to sort or annotate; the last caller of an answer not kept takes it
  // as it is (100 k rows copied for nobody).
  if (entry.waiting === 0 && cache.results.get(key) !== entry) return result;
  return { ...result, columns: result.columns.map((c) => ({ ...c })), rows: result.rows.map((r) => ({ ...r })) };
}

async function runQuery(db: Database, request: QueryRequest, options: QueryOptions): Promise<QueryResult> {
  const compiled = await prepareQuery(db, request, options);
  const reader = await db.connection.runAndReadAll(compiled.batchSql, compiled.params.length ? (compiled.params as DuckDBValue[]) : undefined);
  const names = compiled.outputNames;
  const rows: QueryResult['rows'] = [];
  for (const batch of reader.getColumns()[0] ?? []) {
    for (const values of JSON.parse(`[${String(batch)}]`) as QueryValue[][]) {
      const row: QueryResult['rows'][number] = {};
      for (let c = 0; c < names.length; c++) row[names[c]!] = values[c] ?? null;
      rows.push(row);
    }
  }
  return { columns: compiled.columns, rows, sql: compiled.sql, period: compiled.period };
}

/** From and to as asked, else the first and last day with data in the relations the measures read. */
async function resolvePeriod(db: Database, plan: QueryPlan): Promise<Period> {
  if (plan.from && plan.to) return { from: plan.from, to: plan.to };
  const bounds = [...new Set([...plan.facts.values()].map((r) => r.bounds))];
  const row = await db.one<{ lo: string | null; hi: string | null }>(
    `SELECT min(lo) AS lo, max(hi) AS hi FROM (${bounds.map((b) => `SELECT lo, hi FROM (${b})`).join(' UNION ALL ')})`,
  );
  let from = plan.from ?? row?.lo ?? null;
  let to = plan.to ?? row?.hi ?? null;
  // Only one end asked, on the far side of the data: the period is that single day.
  if (from && !to) to = from;
  if (to && !from) from = to;
  if (from && to && from > to) {
    if (plan.from) to = from;
    else from = to;
  }
  return { from, to };
}
