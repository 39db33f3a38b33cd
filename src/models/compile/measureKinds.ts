import { ident } from '../../warehouse/database.js';
import type { Measure, MeasureKind } from '../modelSchema.js';
import type { LeafMeasure, Window } from '../measureGraph.js';
import type { Binder } from './binder.js';
import { conditionSql } from './conditionSql.js';

// Measure kinds → SQL, one entry per kind. Leaf kinds aggregate rows of their fact (inside the fact's
// CTE); the others combine measures in the final SELECT: `read(name, window)` is the SQL of another
// measure over a window, `windowEnd(window)` the last day of that window's period.

export interface ExpressionContext {
  read(name: string, window: Window): string;
  window: Window;
  windowEnd(window: Window): string;
}

type Kind<M> =
  | { leaf: true; aggregate(measure: M, binder: Binder): string }
  | { leaf: false; expression(measure: M, context: ExpressionContext): string };

const double = (sql: string) => `CAST(${sql} AS DOUBLE)`;

function filtered(aggregate: string, measure: LeafMeasure, binder: Binder): string {
  if (!measure.filter.length) return aggregate;
  return `${aggregate} FILTER (WHERE ${measure.filter.map((c) => conditionSql(c, binder)).join(' AND ')})`;
}

export const measureKinds: { [K in MeasureKind]: Kind<Extract<Measure, { kind: K }>> } = {
  count: { leaf: true, aggregate: (m, b) => filtered('count(*)', m, b) },
  countDistinct: { leaf: true, aggregate: (m, b) => filtered(`count(DISTINCT f.${ident(m.column)})`, m, b) },
  sum: { leaf: true, aggregate: (m, b) => filtered(`sum(f.${ident(m.column)})`, m, b) },
  // Ratios divide summed parts, never average row ratios; nothing to divide by gives no value.
  ratio: { leaf: false, expression: (m, { read, window }) => `${double(read(m.numerator, window))} / nullif(${double(read(m.denominator, window))}, 0)` },
  difference: { leaf: false, expression: (m, { read, window }) => `(${read(m.minuend, window)} - ${read(m.subtrahend, window)})` },
  change: {
    leaf: false,
    expression(m, { read, window }) {
      const current = read(m.of, window);
      const previous = read(m.of, { ...window, shift: 1 });
      return m.mode === 'percent'
        ? `(${double(current)} - ${double(previous)}) / nullif(abs(${double(previous)}), 0)`
        : `(${current} - ${previous})`;
    },
  },
  trailing: { leaf: false, expression: (m, { read, window }) => read(m.of, { ...window, span: { kind: 'trailing', days: m.days } }) },
  monthToDate: { leaf: false, expression: (m, { read, window }) => read(m.of, { ...window, span: { kind: 'monthToDate' } }) },
  // Month to date ÷ days elapsed × days in the month, as of the period's last day.
  monthEndForecast: {
    leaf: false,
    expression(m, { read, window, windowEnd }) {
      const mtd: Window = { ...window, span: { kind: 'monthToDate' } };
      const end = windowEnd(mtd);
      return `${double(read(m.of, mtd))} / dayofmonth(${end}) * dayofmonth(last_day(${end}))`;
    },
  },
};
