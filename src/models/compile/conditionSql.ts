import { ident } from '../../warehouse/database.js';
import type { Condition } from '../modelSchema.js';
import type { Binder } from './binder.js';

// Conditions of a measure definition as SQL over the relation's row `f`. Values are bound, columns come
// from the (validated) definition. Equality treats NULL as a value: "auto-renew is not true" holds when
// auto-renew is unknown.
const comparisons = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

export function conditionSql(condition: Condition, binder: Binder, row = 'f'): string {
  const column = `${row}.${ident(condition.column)}`;
  const other = condition.otherColumn ? `${row}.${ident(condition.otherColumn)}` : undefined;
  const value = () => other ?? binder.param(condition.value as string | number | boolean);
  const list = () => (condition.value as (string | number | boolean)[]).map((v) => binder.param(v)).join(', ');
  switch (condition.op) {
    case 'in':
      return `${column} IN (${list()})`;
    case 'notIn':
      return `(${column} IS NULL OR ${column} NOT IN (${list()}))`;
    case 'eq':
      return `${column} IS NOT DISTINCT FROM ${value()}`;
    case 'ne':
      return `${column} IS DISTINCT FROM ${value()}`;
    case 'isNull':
      return `${column} IS NULL`;
    case 'notNull':
      return `${column} IS NOT NULL`;
    default:
      return `${column} ${comparisons[condition.op]} ${value()}`;
  }
}
