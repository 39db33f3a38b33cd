import type { QuerySpec } from './defineReport.js';
import type { Cell, DataRow } from './resolvedReport.js';

// What a report does to a query's rows after the model answered: gather a dimension into lists, keep
// the rows that matter (low adoption, upsell), order them completely, cut to the limit. Pure functions.

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Total order: numbers by value, text by a fixed-locale collation, missing values last. */
export function compareCells(a: Cell | undefined, b: Cell | undefined): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const as = Array.isArray(a) ? a.join(', ') : String(a);
  const bs = Array.isArray(b) ? b.join(', ') : String(b);
  return collator.compare(as, bs) || (as < bs ? -1 : as > bs ? 1 : 0);
}

type Condition = { column: string; op: '<' | '<=' | '>' | '>=' | '=' | '!='; value: number | string };

function holds(row: DataRow, { column, op, value }: Condition): boolean {
  const cell = row[column];
  if (cell === null || cell === undefined || Array.isArray(cell)) return false;
  const c = compareCells(cell, value);
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
  }
}

export function keepRows(rows: readonly DataRow[], keep: QuerySpec['keep']): DataRow[] {
  if (!keep) return [...rows];
  if ('any' in keep) return rows.filter((row) => keep.any.some((c) => holds(row, c)));
  return rows.filter((row) => keep.all.every((c) => holds(row, c)));
}

/**
 * One row per combination of the other dimensions, `list` gathered as a sorted list of distinct values
 * (Graph's '+'-joined product lists are split), measures summed over the gathered rows.
 */
export function gatherList(rows: readonly DataRow[], { list, dimensions, measures }: { list: string; dimensions: readonly string[]; measures: readonly string[] }): DataRow[] {
  const groups = new Map<string, { row: Record<string, Cell>; values: Set<string> }>();
  const others = dimensions.filter((d) => d !== list);
  for (const row of rows) {
    const key = JSON.stringify(others.map((d) => row[d] ?? null));
    let group = groups.get(key);
    if (!group) {
      const base: Record<string, Cell> = {};
      for (const d of others) base[d] = row[d] ?? null;
      for (const m of measures) base[m] = null;
      group = { row: base, values: new Set() };
      groups.set(key, group);
    }
    const value = row[list];
    for (const v of Array.isArray(value) ? value : typeof value === 'string' ? value.split('+') : []) if (v.trim()) group.values.add(v.trim());
    for (const m of measures) {
      const n = row[m];
      if (typeof n === 'number') group.row[m] = ((group.row[m] as number | null) ?? 0) + n;
    }
  }
  return [...groups.values()].map(({ row, values }) => ({ ...row, [list]: [...values].sort((a, b) => compareCells(a, b)) }));
}

/** Sorts by the given keys, then by every column in order: the same rows always come out in the same order. */
export function sortRows(rows: DataRow[], orderBy: readonly { name: string; desc?: boolean }[], columns: readonly string[]): DataRow[] {
  const keys = [...orderBy, ...columns.filter((c) => !orderBy.some((o) => o.name === c)).map((name) => ({ name, desc: false }))];
  return rows.sort((a, b) => {
    for (const { name, desc } of keys) {
      const c = compareCells(a[name], b[name]);
      if (c !== 0) {
        // Missing values stay last whichever way the column is sorted.
        const missing = a[name] === null || a[name] === undefined || b[name] === null || b[name] === undefined;
        return desc && !missing ? -c : c;
      }
    }
    return 0;
  });
}
