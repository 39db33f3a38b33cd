import { didYouMean } from './didYouMean.js';
import { isLeaf, leafKinds, references, currentWindow } from './measureGraph.js';
import type { Condition, Dimension, Measure, ModelDefinition } from './modelSchema.js';
import { relations } from './relations/index.js';
import type { Relation } from './relations/relation.js';

export interface Problem {
  /** `model → measures.costGrowth.of` */
  path: string;
  message: string;
}

/**
 * Cross-checks a parsed model: every name it uses exists (relations, facts, columns, measures), measure
 * references form no cycle, windows apply only where they mean something, money has a currency
 * dimension. Returns every problem, each with its path and, for a misspelt name, a suggestion.
 */
export function validateModel(model: ModelDefinition): Problem[] {
  const problems: Problem[] = [];
  const at = (path: string, message: string) => problems.push({ path: `${model.name} → ${path}`, message });

  const factRelations = new Map<string, Relation>();
  for (const [factName, fact] of Object.entries(model.facts)) {
    const relation = relations[fact.relation];
    if (relation) factRelations.set(factName, relation);
    else at(`facts.${factName}.relation`, `unknown relation "${fact.relation}"${didYouMean(fact.relation, Object.keys(relations))}`);
  }
  const allColumns = new Set([...factRelations.values()].flatMap((r) => r.columns));
  const checkColumn = (path: string, column: string, columns: ReadonlySet<string> | readonly string[], where: string) => {
    const list = [...columns];
    if (!list.includes(column)) at(path, `unknown column "${column}" in ${where}${didYouMean(column, list)}`);
  };

  const timeDimensions = Object.entries(model.dimensions).filter(([, d]) => d.type === 'time');
  if (timeDimensions.length > 1) at('dimensions', `more than one time dimension: ${timeDimensions.map(([n]) => n).join(', ')}`);
  for (const [name, dimension] of Object.entries(model.dimensions)) {
    for (const [field, column] of dimensionColumns(dimension)) {
      checkColumn(`dimensions.${name}.${field}`, column, allColumns, `the relations of ${model.name}`);
    }
    if (dimension.type === 'column' && dimension.list && (dimension.date || dimension.key || dimension.values)) {
      at(`dimensions.${name}.list`, 'a list of texts has no date, key or closed list of values');
    }
    if (dimension.type === 'bucket') {
      dimension.buckets.forEach((bucket, i) => {
        if ((bucket.below === undefined) === (bucket.atMost === undefined)) {
          at(`dimensions.${name}.buckets.${i}`, 'a bucket needs exactly one of "below" or "atMost"');
        }
      });
    }
  }

  const measureNames = Object.keys(model.measures);
  for (const [name, measure] of Object.entries(model.measures)) {
    const path = `measures.${name}`;
    if (isLeaf(measure)) {
      const relation = factRelations.get(measure.fact);
      if (!model.facts[measure.fact]) {
        at(`${path}.fact`, `unknown fact "${measure.fact}"${didYouMean(measure.fact, Object.keys(model.facts))}`);
        continue;
      }
      if (!relation) continue;
      if (measure.kind !== 'count') checkColumn(`${path}.column`, measure.column, relation.columns, `relation ${relation.name}`);
      measure.filter.forEach((condition, i) => checkCondition(`${path}.filter.${i}`, condition, relation, at, checkColumn));
      continue;
    }
    for (const ref of references(measure, currentWindow)) {
      if (!model.measures[ref.name]) at(`${path}.${referenceField(measure)}`, `unknown measure "${ref.name}"${didYouMean(ref.name, measureNames)}`);
    }
    if (measure.kind === 'trailing' || measure.kind === 'monthToDate' || measure.kind === 'monthEndForecast') {
      const base = model.measures[measure.of];
      if (base && !isLeaf(base)) at(`${path}.of`, `"${measure.of}" is a ${base.kind} measure: ${measure.kind} needs a ${leafKinds.join('/')} measure`);
      else if (base && isLeaf(base)) {
        const relation = factRelations.get(base.fact);
        if (relation && relation.time.kind !== 'event') {
          at(`${path}.of`, `"${measure.of}" reads ${relation.name}, a ${relation.time.kind} relation: ${measure.kind} needs dated events (a window of days over a snapshot means nothing)`);
        }
      }
    }
    if (measure.kind === 'change' && dependsOnKind(model, measure.of, 'change', new Set())) {
      at(`${path}.of`, `"${measure.of}" already compares periods: a change of a change is not supported`);
    }
  }

  for (const cycle of findCycles(model)) at(`measures.${cycle[0]}`, `measures refer to each other in a cycle: ${cycle.join(' → ')}`);

  const money = Object.entries(model.measures).filter(([, m]) => isLeaf(m) && m.format === 'currency');
  if (money.length && !model.dimensions.currency) {
    at('dimensions', `money measures (${money.map(([n]) => n).join(', ')}) need a "currency" dimension: costs are never summed across currencies`);
  }
  return problems;
}

/** Columns a dimension reads, with the field that names each. */
export function dimensionColumns(dimension: Dimension): [string, string][] {
  switch (dimension.type) {
    case 'column':
      return dimension.key ? [['column', dimension.column], ['key', dimension.key]] : [['column', dimension.column]];
    case 'bucket':
      return 'column' in dimension.value ? [['value.column', dimension.value.column]] : dimension.value.ratio.map((c, i) => [`value.ratio.${i}`, c] as [string, string]);
    case 'customer':
    case 'customerAttribute':
      return [['(customer)', 'customer_id']];
    case 'time':
      return [];
  }
}

function checkCondition(
  path: string,
  condition: Condition,
  relation: Relation,
  at: (path: string, message: string) => void,
  checkColumn: (path: string, column: string, columns: readonly string[], where: string) => void,
): void {
  checkColumn(`${path}.column`, condition.column, relation.columns, `relation ${relation.name}`);
  if (condition.otherColumn) checkColumn(`${path}.otherColumn`, condition.otherColumn, relation.columns, `relation ${relation.name}`);
  const list = Array.isArray(condition.value);
  const none = condition.value === undefined && condition.otherColumn === undefined;
  if ((condition.op === 'in' || condition.op === 'notIn') && !list) at(`${path}.value`, `"${condition.op}" needs a list of values`);
  if (condition.op === 'isNull' || condition.op === 'notNull') {
    if (!none) at(`${path}.value`, `"${condition.op}" takes no value`);
  } else if (condition.op !== 'in' && condition.op !== 'notIn') {
    if (list) at(`${path}.value`, `"${condition.op}" compares with one value, not a list`);
    if (none) at(`${path}.value`, `"${condition.op}" needs a value or an otherColumn`);
  }
}

function referenceField(measure: Measure): string {
  switch (measure.kind) {
    case 'ratio':
      return 'numerator/denominator';
    case 'difference':
      return 'minuend/subtrahend';
    default:
      return 'of';
  }
}

function dependsOnKind(model: ModelDefinition, name: string, kind: string, seen: Set<string>): boolean {
  const measure = model.measures[name];
  if (!measure || seen.has(name)) return false;
  if (measure.kind === kind) return true;
  seen.add(name);
  return references(measure, currentWindow).some((r) => dependsOnKind(model, r.name, kind, seen));
}

function findCycles(model: ModelDefinition): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    const measure = model.measures[name];
    if (!measure) return;
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      cycles.push([...path.slice(path.indexOf(name)), name]);
      return;
    }
    state.set(name, 'visiting');
    for (const ref of references(measure, currentWindow)) visit(ref.name, [...path, name]);
    state.set(name, 'done');
  };
  for (const name of Object.keys(model.measures)) visit(name, []);
  return cycles;
}
