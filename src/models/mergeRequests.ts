import { factAlias } from './compile/compileQuery.js';
import { planQuery, type QueryPlan } from './compile/planQuery.js';
import { leavesOf } from './measureGraph.js';
import { findModel, type QueryRequest, type QueryResult } from './query.js';

// A report asks several questions of one breakdown: the customers' licenses sold and assigned for one
// table, their deployment and usage rates for the next. Asked one by one, each query finds the same
// snapshots, joins the same customers and sorts the same rows. Requests that differ only in their
// measures are asked as one query with every measure, and each gets back exactly the rows and values it
// would have got alone:
// - a result's rows are the breakdown's values some fact of its measures has (not those of other facts),
//   so the merged query says per row which facts have it, and each request keeps the rows of its own;
// - a time series with one breakdown has every key in every period, whichever period a fact has it in:
//   that is not told per row, so such requests are merged only with requests reading the same facts;
// - a period asked without both ends starts (or ends) where its facts' data does: merged only with
//   requests whose facts' data has the same bounds;
// - asked orders and limits pick rows by the measures asked: such requests are asked alone;
// - a customer known to the customers table by another name than a fact's own is shown as each relation
//   says: requests whose facts name customers differently are asked alone.

export interface MergedRequest {
  /** What is asked of the warehouse: the union of the parts' measures. */
  request: QueryRequest;
  /** Whether rows must say which facts have them (parts reading different facts). */
  presence: boolean;
  parts: MergedPart[];
}

export interface MergedPart {
  /** The part's place among the requests given. */
  index: number;
  request: QueryRequest;
  /** The facts (as `__has_<alias>` columns) whose rows are the part's: undefined when every row is. */
  facts?: string[];
}

export function mergeRequests(requests: readonly QueryRequest[]): MergedRequest[] {
  const merged: MergedRequest[] = [];
  const byKey = new Map<string, MergedRequest>();
  requests.forEach((request, index) => {
    const shape = shapeOf(request);
    const part: MergedPart = { index, request, ...(shape?.keyed ? { facts: shape.facts } : {}) };
    const group = shape && byKey.get(shape.key);
    if (!group) {
      const created: MergedRequest = { request: { ...request, measures: [...request.measures] }, presence: false, parts: [part] };
      merged.push(created);
      if (shape) byKey.set(shape.key, created);
      return;
    }
    for (const m of request.measures) if (!group.request.measures.includes(m)) group.request.measures.push(m);
    group.parts.push(part);
  });
  for (const group of merged) {
    // Parts reading the same facts have the same rows: nothing to tell apart.
    if (new Set(group.parts.map((p) => p.facts?.join(','))).size <= 1) group.parts = group.parts.map(({ index, request }) => ({ index, request }));
    group.presence = group.parts.some((p) => p.facts !== undefined);
  }
  return merged;
}

/** A part's answer out of its merged query's: its rows (in the same order), its measures, its columns. */
export function answerPart(result: QueryResult, part: MergedPart): QueryResult {
  // Each measure once, as a query answers it.
  const measures = [...new Set(part.request.measures)];
  const dimensions = result.columns.filter((c) => c.role === 'dimension');
  const columns = [...dimensions, ...measures.map((m) => result.columns.find((c) => c.name === m)!)].map((c) => ({ ...c }));
  const names = columns.map((c) => c.name);
  const facts = part.facts?.map((f) => `__has_${f}`);
  const rows: QueryResult['rows'] = [];
  for (const row of result.rows) {
    if (facts && !facts.some((f) => row[f] === 1)) continue;
    const own: QueryResult['rows'][number] = {};
    for (const name of names) own[name] = row[name] ?? null;
    rows.push(own);
  }
  return { ...result, columns, rows };
}

interface Shape {
  /** Equal for requests one query can answer. */
  key: string;
  /** The facts read, by alias. */
  facts: string[];
  /** Rows are keys of the facts (a breakdown): each part keeps those of its own facts. */
  keyed: boolean;
}

/** What must be equal for two requests to share a query; undefined when a request is asked alone. */
function shapeOf(request: QueryRequest): Shape | undefined {
  if (request.orderBy?.length || request.limit !== undefined) return undefined;
  let plan: QueryPlan;
  try {
    plan = planQuery(findModel(request.model), request);
  } catch {
    // Asked alone, it gets its own error.
    return undefined;
  }
  const facts = [...new Set(plan.measures.flatMap((m) => leavesOf(plan.model, m)).map(factAlias))].sort();
  const relations = [...plan.facts.values()];
  const dims = plan.dimensions.filter((d) => d.dimension.type !== 'time');
  const series = plan.time !== undefined && dims.filter((d) => d.name !== 'currency').length <= 1;
  return {
    key: JSON.stringify([
      request.model, request.by ?? [], request.where ?? [], request.from ?? null, request.to ?? null, request.scope ?? null,
      [...new Set(relations.map((r) => r.customerName ?? ''))].sort(),
      !plan.from || !plan.to ? [...new Set(relations.map((r) => r.bounds))].sort() : [],
      dims.length && series ? facts : [],
    ]),
    facts,
    keyed: dims.length > 0,
  };
}
