import type { QuerySpec } from './defineReport.js';
import type { Cell, DataRow } from './resolvedReport.js';

// What a report does to a query's rows after the model answered: gather a dimension into lists, keep
// the rows that matter (low adoption, upsell), order them completely, cut to the limit. Pure functions.

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Total order: numbers by value, text by a fixed-locale collation, missing values last. */
export function compareCells(a: Cell | undefined, b: Cell | undefined): number {
  // Equal values are common (rows of one customer side by side) and the collator is slow to say so.
  if (a === b) return 0;
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
  type Group = { row: Record<string, Cell>; values: Set<string> };
  // A map per dimension, keyed by the values themselves: no key text to build for each of 100 k rows.
  const root = new Map<Cell, unknown>();
  const groups: Group[] = [];
  const others = dimensions.filter((d) => d !== list);
  for (const row of rows) {
    let node = root;
    for (const d of others.slice(0, -1)) {
      const value = row[d] ?? null;
      let next = node.get(value) as Map<Cell, unknown> | undefined;
      if (!next) node.set(value, (next = new Map()));
      node = next;
    }
    const last = others.length ? (row[others[others.length - 1]!] ?? null) : null;
    let group = node.get(last) as Group | undefined;
    if (!group) {
      const base: Record<string, Cell> = {};
      for (const d of others) base[d] = row[d] ?? null;
      for (const m of measures) base[m] = null;
      group = { row: base, values: new Set() };
      node.set(last, group);
      groups.push(group);
    }
    const value = row[list];
    for (const v of Array.isArray(value) ? value : typeof value === 'string' ? value.split('+') : []) {
      const item = v.trim();
      if (item) group.values.add(item);
    }
    for (const m of measures) {
      const n = row[m];
      if (typeof n === 'number') group.row[m] = ((group.row[m] as number | null) ?? 0) + n;
    }
  }
  return groups.map(({ row, values }) => {
    row[list] = values.size > 1 ? [...values].sort(compareCells) : [...values];
    return row;
  });
}

/** Sorts by the given keys, then by every column in order: the same rows always come out in the same order. */
export function sortRows(rows: DataRow[], orderBy: readonly { name: string; desc?: boolean }[], columns: readonly string[]): DataRow[] {
  const keys = [...orderBy, ...columns.filter((c) => !orderBy.some((o) => o.name === c)).map((name) => ({ name, desc: false }))].map(({ name, desc }) => {
    // Each row's rank in the column, where its text values repeat (-1: not ranked, compare the cells).
    const ranks = textRanks(rows, name);
    const rank = ranks ? Int32Array.from(rows, (row) => { const v = row[name]; return typeof v === 'string' ? ranks.get(v)! : -1; }) : undefined;
    return { name, desc: desc ?? false, rank };
  });
  const order = Array.from(rows, (_, i) => i).sort((i, j) => {
    for (const { name, desc, rank } of keys) {
      const ri = rank ? rank[i]! : -1;
      const rj = rank ? rank[j]! : -1;
      const x = rows[i]![name];
      const y = rows[j]![name];
      const c = ri >= 0 && rj >= 0 ? ri - rj : compareCells(x, y);
      if (c !== 0) {
        // Missing values stay last whichever way the column is sorted.
        const missing = x === null || x === undefined || y === null || y === undefined;
        return desc && !missing ? -c : c;
      }
    }
    return 0;
  });
  const sorted = order.map((i) => rows[i]!);
  // In place, as Array.prototype.sort: callers may hold the array.
  for (let i = 0; i < sorted.length; i++) rows[i] = sorted[i]!;
  return rows;
}

/**
 * A column's text values numbered in collation order, when they repeat (a customer on many rows): the
 * sort then compares numbers, and the collator, slow, is asked only while sorting the distinct values.
 * Mostly distinct columns (user names) are compared directly: they decide only among rows equal so far.
 */
function textRanks(rows: readonly DataRow[], name: string): Map<string, number> | undefined {
  const distinct = new Set<string>();
  for (const row of rows) {
    const value = row[name];
    if (typeof value !== 'string') continue;
    distinct.add(value);
    if (distinct.size > rows.length / 4) return undefined;
  }
  if (distinct.size < 2) return undefined;
  return new Map([...distinct].sort(compareCells).map((value, rank) => [value, rank]));
}
