import type { QuerySpec } from './defineReport.js';
import type { Cell, DataRow } from './resolvedReport.js';

// What a report does to a query's rows after the model answered: keep the rows that matter (low
// adoption, upsell), order them completely, cut to the limit. Pure functions.

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

/** Sorts by the given keys, then by every column in order: the same rows always come out in the same order. */
export function sortRows(rows: DataRow[], orderBy: readonly { name: string; desc?: boolean }[], columns: readonly string[]): DataRow[] {
  const keys = [...orderBy, ...columns.filter((c) => !orderBy.some((o) => o.name === c)).map((name) => ({ name, desc: false }))].map(({ name, desc }) => {
    // The column's cells, and each row's rank in it where its text values repeat (-1: compare the cells).
    const cells = rows.map((row) => row[name]);
    const ranks = textRanks(cells);
    const rank = new Int32Array(rows.length).fill(-1);
    if (ranks) for (let i = 0; i < cells.length; i++) if (typeof cells[i] === 'string') rank[i] = ranks.get(cells[i] as string)!;
    return { desc: desc ?? false, cells, rank };
  });
  const order = Array.from(rows, (_, i) => i).sort((i, j) => {
    for (let k = 0; k < keys.length; k++) {
      const { desc, cells, rank } = keys[k]!;
      const ri = rank[i]!;
      const rj = rank[j]!;
      if (ri >= 0 && rj >= 0) {
        if (ri !== rj) return desc ? rj - ri : ri - rj;
        continue;
      }
      const x = cells[i];
      const y = cells[j];
      const c = compareCells(x, y);
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
function textRanks(cells: readonly (Cell | undefined)[]): Map<string, number> | undefined {
  const distinct = new Set<string>();
  for (const value of cells) {
    if (typeof value !== 'string') continue;
    distinct.add(value);
    if (distinct.size > cells.length / 4) return undefined;
  }
  if (distinct.size < 2) return undefined;
  return new Map([...distinct].sort(compareCells).map((value, rank) => [value, rank]));
}
