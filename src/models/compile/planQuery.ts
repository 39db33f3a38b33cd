import { UsageError } from '../../errors.js';
import { parseDay } from '../../util/dates.js';
import { didYouMean } from '../didYouMean.js';
import { isMoney, leavesOf } from '../measureGraph.js';
import { grains, type Dimension, type Grain, type ModelDefinition } from '../modelSchema.js';
import { relations } from '../relations/index.js';
import type { Relation } from '../relations/relation.js';
import { dimensionColumns } from '../validateModel.js';
import type { QueryRequest } from '../query.js';

// A request checked against its model: every name known, every breakdown and filter available to every
// measure asked, money kept within one currency. Everything a user typed is either a name found in the
// model (then used as the model spells it) or a value (then bound as a parameter).

export interface PlannedDimension {
  name: string;
  dimension: Dimension;
  grain?: Grain;
}

export interface QueryPlan {
  model: ModelDefinition;
  measures: string[];
  dimensions: PlannedDimension[];
  /** The time dimension asked for, if any (at most one per model). */
  time?: PlannedDimension;
  filters: { name: string; dimension: Dimension; values: string[] }[];
  scope?: readonly string[];
  from?: string;
  to?: string;
  orderBy: { name: string; desc: boolean }[];
  limit?: number;
  /** Facts the measures read, with their relation. */
  facts: Map<string, Relation>;
}

export const maxLimit = 1_000_000;

export function planQuery(model: ModelDefinition, request: QueryRequest): QueryPlan {
  const measureNames = Object.keys(model.measures);
  const dimensionNames = Object.keys(model.dimensions);
  const listMeasures = `valid measures of ${model.name}: ${measureNames.join(', ')}`;
  const listDimensions = `valid dimensions of ${model.name}: ${dimensionNames.join(', ')}`;

  if (!request.measures.length) throw new UsageError(`no measures asked: ${listMeasures}`);
  const measures: string[] = [];
  for (const name of request.measures) {
    if (!Object.hasOwn(model.measures, name)) throw new UsageError(`unknown measure "${name}" in model ${model.name}${didYouMean(name, measureNames)}; ${listMeasures}`);
    if (!measures.includes(name)) measures.push(name);
  }

  const dimensions: PlannedDimension[] = [];
  for (const spec of request.by ?? []) {
    const [name = '', grain, ...rest] = spec.split(':');
    const dimension = Object.hasOwn(model.dimensions, name) ? model.dimensions[name] : undefined;
    if (!dimension) throw new UsageError(`unknown dimension "${name}" in model ${model.name}${didYouMean(name, dimensionNames)}; ${listDimensions}`);
    const dated = dimension.type === 'time' || (dimension.type === 'column' && dimension.date);
    if (rest.length) throw new UsageError(`"${spec}": expected a dimension, optionally with a grain (${name}:month)`);
    if (grain !== undefined && !dated) throw new UsageError(`dimension "${name}" has no time grain; only dates do (e.g. date:month)`);
    if (grain !== undefined && !(grains as readonly string[]).includes(grain)) {
      throw new UsageError(`unknown grain "${grain}" for ${name}${didYouMean(grain, grains)}; valid grains: ${grains.join(', ')}`);
    }
    if (dimensions.some((d) => d.name === name)) throw new UsageError(`dimension "${name}" is asked twice`);
    dimensions.push({ name, dimension, grain: dimension.type === 'time' ? ((grain as Grain | undefined) ?? 'day') : (grain as Grain | undefined) });
  }

  const filters: QueryPlan['filters'] = [];
  for (const { dimension: name, values } of request.where ?? []) {
    const dimension = Object.hasOwn(model.dimensions, name) ? model.dimensions[name] : undefined;
    if (!dimension) throw new UsageError(`unknown dimension "${name}" in filter${didYouMean(name, dimensionNames)}; ${listDimensions}`);
    if (dimension.type === 'time') throw new UsageError(`filter on "${name}": use --from and --to (from/to) for dates`);
    if (!values.length) throw new UsageError(`filter on "${name}" has no value`);
    if (dimension.type === 'column' && dimension.list) {
      throw new UsageError(`filter on "${name}": its values are lists, which are not filtered on; filter by the dimension of one item instead`);
    }
    const closed = dimension.type === 'bucket' ? [...dimension.buckets.map((b) => b.label), dimension.otherwise, dimension.whenNull] : dimension.type === 'column' ? dimension.values : undefined;
    for (const value of values) {
      if (closed && !closed.includes(value)) throw new UsageError(`filter on "${name}": "${value}" is not one of ${closed.join(', ')}`);
      if (dimension.type === 'column' && dimension.date) usageDay(value, `${name} value`);
    }
    const existing = filters.find((f) => f.name === name);
    // Two filters on one dimension must both hold: the values they share.
    if (existing) existing.values = existing.values.filter((v) => values.includes(v));
    else filters.push({ name, dimension, values: [...new Set(values)] });
  }

  // Money is never summed across currencies: one currency per row, by breakdown or by a single-value filter.
  const money = measures.filter((m) => isMoney(model, m));
  if (money.length && !dimensions.some((d) => d.name === 'currency')) {
    const currencyFilter = filters.find((f) => f.name === 'currency');
    if (!currencyFilter || currencyFilter.values.length !== 1) {
      throw new UsageError(
        `${money.join(', ')} ${money.length > 1 ? 'are amounts' : 'is an amount'} of money and would be summed across currencies: ` +
          'add currency to the breakdown (--by currency) or filter one currency (--where currency=EUR)',
      );
    }
    // The rows then carry their currency, so a renderer never shows an amount without it.
    dimensions.push({ name: 'currency', dimension: model.dimensions.currency! });
  }

  const facts = new Map<string, Relation>();
  for (const measure of measures) {
    for (const leaf of leavesOf(model, measure)) {
      const relation = relations[model.facts[leaf.measure.fact]!.relation]!;
      facts.set(leaf.measure.fact, relation);
      for (const { name, dimension } of [...dimensions, ...filters]) {
        if (!supports(relation, dimension)) {
          const available = dimensionNames.filter((d) => supports(relation, model.dimensions[d]!));
          const asked = dimensions.some((d) => d.name === name) ? 'broken down' : 'filtered';
          throw new UsageError(`measure "${measure}" cannot be ${asked} by "${name}": it is available by ${available.join(', ')}`);
        }
      }
    }
  }

  const from = request.from !== undefined ? usageDay(request.from, 'from') : undefined;
  const to = request.to !== undefined ? usageDay(request.to, 'to') : undefined;
  if (from && to && from > to) throw new UsageError(`from ${from} is after to ${to}`);

  const outputs = [...dimensions.map((d) => d.name), ...measures];
  const orderBy = (request.orderBy ?? []).map(({ name, desc }) => {
    if (!outputs.includes(name)) throw new UsageError(`cannot order by "${name}": not in the result${didYouMean(name, outputs)}; the result has ${outputs.join(', ')}`);
    return { name, desc: Boolean(desc) };
  });
  if (request.limit !== undefined && (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > maxLimit)) {
    throw new UsageError(`limit must be a whole number from 1 to ${maxLimit}, got ${request.limit}`);
  }
  const scope = request.scope?.customerIds;
  if (scope && !scope.every((id) => typeof id === 'string')) throw new UsageError('scope.customerIds must be tenant ids (strings)');

  return {
    model, measures, dimensions, filters, facts, orderBy, from, to,
    time: dimensions.find((d) => d.dimension.type === 'time'),
    scope: scope ? [...scope] : undefined,
    limit: request.limit,
  };
}

/** A relation can serve a dimension when it has every column the dimension reads. */
export function supports(relation: Relation, dimension: Dimension): boolean {
  return dimensionColumns(dimension).every(([, column]) => relation.columns.includes(column));
}

function usageDay(text: string, what: string): string {
  try {
    return parseDay(text, what);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
