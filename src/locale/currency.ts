import type { Cell, DataColumn, DataRow } from '../reports/resolvedReport.js';

// Which currency a money cell is in. Money is never added across currencies, so every money cell knows its
// own: fixed on the column, or read from the row's currency column.

export function isCurrencyCode(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code);
}

/** The ISO currency of a money cell: fixed on the column, or read from the row's currency column. */
export function currencyOf(column: DataColumn, row: DataRow | Readonly<Record<string, Cell | undefined>> | undefined): string | undefined {
  if (!column.currency) return undefined;
  const code = 'code' in column.currency ? column.currency.code : row?.[column.currency.column];
  return isCurrencyCode(code) ? code : undefined;
}
