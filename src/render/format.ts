import type { Cell, DataColumn, DataRow, TimeGrain, ValueFormat } from '../reports/resolvedReport.js';

// How values read, in HTML and chart labels (`formatValue`) and in Excel (`excelNumberFormat`): the two
// are written side by side so that a number looks the same in both. Locale is fixed (en-US): the same
// data gives the same pack on every machine.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const currencies = new Map<string, Intl.NumberFormat>();
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function isCurrencyCode(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code);
}

/** The ISO currency of a money cell: fixed on the column, or read from the row's currency column. */
export function currencyOf(column: DataColumn, row: DataRow | undefined): string | undefined {
  if (!column.currency) return undefined;
  const code = 'code' in column.currency ? column.currency.code : row?.[column.currency.column];
  return isCurrencyCode(code) ? code : undefined;
}

export function formatNumber(value: number, format: ValueFormat, currency?: string): string {
  if (!Number.isFinite(value)) return '';
  switch (format) {
    case 'percent':
      return percent.format(value);
    case 'integer':
      return integer.format(value);
    case 'currency': {
      if (!currency) return decimal.format(value);
      let f = currencies.get(currency);
      if (!f) {
        f = new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code', minimumFractionDigits: 2, maximumFractionDigits: 2 });
        currencies.set(currency, f);
      }
      // Intl separates code and amount with a no-break space; a plain space copies and searches better.
      return f.format(value).replace(/\u00A0/g, ' ');
    }
    default:
      return decimal.format(value);
  }
}

/** Short numbers for chart axes: 12.3K, 4.5M. */
export function formatCompact(value: number, format: ValueFormat): string {
  if (format === 'percent') return `${Math.round(value * 100)}%`;
  return Math.abs(value) < 1000 ? decimal.format(value) : compact.format(value);
}

export function formatDate(value: string, grain: TimeGrain | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  const [, y, mo] = m;
  if (grain === 'month') return `${monthNames[Number(mo) - 1]} ${y}`;
  if (grain === 'quarter') return `Q${Math.floor((Number(mo) - 1) / 3) + 1} ${y}`;
  if (grain === 'year') return y ?? value;
  return value.slice(0, 10);
}

/** An as-of timestamp for people: the day alone at midnight, else "YYYY-MM-DD HH:MM:SS UTC". */
export function formatStamp(iso: string): string {
  return /T00:00:00(\.000)?Z$/.test(iso) ? iso.slice(0, 10) : iso.replace('T', ' ').replace(/(:\d{2})(\.\d+)?Z$/, '$1 UTC');
}

/** A cell as a reader sees it in HTML (lists joined; the HTML renderer shows them as lists itself). */
export function formatCell(value: Cell, column: DataColumn, row?: DataRow): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return value.join(', ');
  if (typeof value === 'number') return formatNumber(value, column.format, currencyOf(column, row));
  if (column.format === 'date') return formatDate(value, column.grain);
  return value;
}

/** Excel number format codes, matching `formatNumber`. Built-in ids are used where Excel has one. */
export function excelNumberFormat(format: ValueFormat, currency?: string, grain?: TimeGrain): string | null {
  switch (format) {
    case 'percent':
      return '0.0%';
    case 'integer':
      return '#,##0';
    case 'number':
      return '#,##0.00';
    case 'currency':
      return isCurrencyCode(currency) ? `"${currency} "#,##0.00;\\-"${currency} "#,##0.00` : '#,##0.00';
    case 'date':
      return grain === 'month' ? 'mmm yyyy' : grain === 'year' ? 'yyyy' : 'yyyy-mm-dd';
    default:
      return null;
  }
}
