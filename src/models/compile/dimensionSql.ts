import { ident } from '../../warehouse/database.js';
import type { Dimension, Grain } from '../modelSchema.js';
import type { Relation } from '../relations/relation.js';
import type { Binder } from './binder.js';
import { grainSql } from './calendar.js';

// A dimension as SQL over a relation row `f` and the customer's attributes `c`: the value shown, and the
// key rows are grouped by when it differs (a customer is grouped by tenant, shown by name, so two tenants
// with one name stay two rows).

export interface DimensionSql {
  value: string;
  key?: string;
  /** Whether it needs the customer attributes joined as `c`. */
  customer: boolean;
}

export function dimensionSql(dimension: Dimension, relation: Relation, binder: Binder, grain?: Grain): DimensionSql {
  switch (dimension.type) {
    case 'time':
      return { value: 'f.k', customer: false };
    case 'customer': {
      const own = relation.customerName ? `f.${ident(relation.customerName)}, ` : '';
      return { value: `coalesce(c.name, ${own}f.customer_id)`, key: 'f.customer_id', customer: true };
    }
    case 'customerAttribute':
      return { value: `c.${ident(dimension.attribute)}`, customer: true };
    case 'column': {
      const column = `f.${ident(dimension.column)}`;
      const value = dimension.date && grain ? `CAST(date_trunc('${grainSql[grain].unit}', ${column}) AS DATE)` : column;
      return { value, key: dimension.key ? `f.${ident(dimension.key)}` : undefined, customer: false };
    }
    case 'bucket': {
      const v = 'column' in dimension.value ? `f.${ident(dimension.value.column)}` : ratioSql(dimension.value.ratio);
      const whens = dimension.buckets
        .map((b) => (b.below !== undefined ? `WHEN ${v} < ${binder.param(b.below)} ` : `WHEN ${v} <= ${binder.param(b.atMost!)} `) + `THEN ${binder.param(b.label)}`)
        .join(' ');
      return { value: `CASE WHEN ${v} IS NULL THEN ${binder.param(dimension.whenNull)} ${whens} ELSE ${binder.param(dimension.otherwise)} END`, customer: false };
    }
  }
}

/** A row's ratio; x ÷ 0 with x > 0 is above every bucket (infinity), 0 ÷ 0 has no value. */
function ratioSql([numerator, denominator]: readonly [string, string]): string {
  const n = `f.${ident(numerator)}`;
  const d = `f.${ident(denominator)}`;
  return `(CASE WHEN ${d} = 0 AND ${n} > 0 THEN CAST('infinity' AS DOUBLE) ELSE CAST(${n} AS DOUBLE) / nullif(${d}, 0) END)`;
}
