import type { Format, Measure, ModelDefinition } from './modelSchema.js';

// How measures refer to each other, and the periods ("windows") their parts are computed over. A leaf
// measure aggregates rows of one fact; every other kind combines measures, possibly over another window:
// `change` reads its base over the previous period too, `trailing` over the last N days of the period,
// `monthToDate` and `monthEndForecast` over the month to the period's last day.

export type Span = { kind: 'period' } | { kind: 'trailing'; days: number } | { kind: 'monthToDate' };
export interface Window {
  /** 0: the period asked; 1: the one before it (same length, or the previous bucket of the grain). */
  shift: 0 | 1;
  span: Span;
}

export const currentWindow: Window = { shift: 0, span: { kind: 'period' } };

export function windowKey({ shift, span }: Window): string {
  const spanKey = span.kind === 'period' ? 'p' : span.kind === 'trailing' ? `t${span.days}` : 'mtd';
  return `${shift ? 'prev_' : ''}${spanKey}`;
}

export type LeafMeasure = Extract<Measure, { kind: 'count' | 'countDistinct' | 'sum' }>;
export const leafKinds = ['count', 'countDistinct', 'sum'] as const;

export function isLeaf(measure: Measure): measure is LeafMeasure {
  return (leafKinds as readonly string[]).includes(measure.kind);
}

/** Names of the measures `measure` reads directly, with the window each is read over. */
export function references(measure: Measure, window: Window): { name: string; window: Window }[] {
  switch (measure.kind) {
    case 'count':
    case 'countDistinct':
    case 'sum':
      return [];
    case 'ratio':
      return [{ name: measure.numerator, window }, { name: measure.denominator, window }];
    case 'difference':
      return [{ name: measure.minuend, window }, { name: measure.subtrahend, window }];
    case 'change':
      return [{ name: measure.of, window }, { name: measure.of, window: { ...window, shift: 1 } }];
    case 'trailing':
      return [{ name: measure.of, window: { ...window, span: { kind: 'trailing', days: measure.days } } }];
    case 'monthToDate':
    case 'monthEndForecast':
      return [{ name: measure.of, window: { ...window, span: { kind: 'monthToDate' } } }];
  }
}

/** Every leaf measure `name` depends on, with its window. Assumes a validated (acyclic) model. */
export function leavesOf(model: ModelDefinition, name: string, window: Window = currentWindow): { name: string; measure: LeafMeasure; window: Window }[] {
  const measure = model.measures[name];
  if (!measure) return [];
  if (isLeaf(measure)) return [{ name, measure, window }];
  return references(measure, window).flatMap((r) => leavesOf(model, r.name, r.window));
}

/** The display format of a measure: its own, or the one its kind implies from what it reads. */
export function formatOf(model: ModelDefinition, name: string, seen: ReadonlySet<string> = new Set()): Format {
  const measure = model.measures[name];
  if (!measure || seen.has(name)) return 'number';
  if (measure.format) return measure.format;
  const next = new Set(seen).add(name);
  switch (measure.kind) {
    case 'difference':
      return formatOf(model, measure.minuend, next);
    case 'change':
      return measure.mode === 'percent' ? 'percent' : formatOf(model, measure.of, next);
    case 'trailing':
    case 'monthToDate':
    case 'monthEndForecast':
      return formatOf(model, measure.of, next);
    default:
      return 'number';
  }
}

/** A measure is money when any leaf it reads is: it then needs one currency per row. */
export function isMoney(model: ModelDefinition, name: string): boolean {
  return leavesOf(model, name).some((leaf) => leaf.measure.format === 'currency');
}
