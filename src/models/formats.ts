import type { Format } from './modelSchema.js';
import type { QueryValue } from './query.js';

// How a value of each measure format is shown. One place, so the CLI table, HTML and Excel agree:
// percentages are fractions in results (0.873 → "87.3%"), money is shown with its row's currency.

export interface FormatOptions {
  /** ISO 4217 code of the row's currency, for money. */
  currency?: string | null;
  /** BCP 47 locale for separators; fixed by default so packs do not depend on the machine. */
  locale?: string;
}

export function formatValue(value: QueryValue | undefined, format: Format, { currency, locale = 'en-US' }: FormatOptions = {}): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value !== 'number') return String(value);
  switch (format) {
    case 'currency': {
      const amount = value.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      return currency ? `${amount} ${currency}` : amount;
    }
    case 'percent':
      return `${(value * 100).toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
    case 'integer':
      return Math.round(value).toLocaleString(locale);
    case 'number':
      return value.toLocaleString(locale, { maximumFractionDigits: 2 });
    case 'date':
    case 'text':
      return String(value);
  }
}

/** Excel number format for a measure format (money in the row's currency, as text after the amount). */
export function excelNumberFormat(format: Format, currency?: string | null): string {
  switch (format) {
    case 'currency':
      return currency && /^[A-Z]{3}$/.test(currency) ? `#,##0.00 "${currency}"` : '#,##0.00';
    case 'percent':
      return '0.0%';
    case 'integer':
      return '#,##0';
    case 'number':
      return '#,##0.##';
    case 'date':
      return 'yyyy-mm-dd';
    case 'text':
      return '@';
  }
}

export const isNumericFormat = (format: Format) => format === 'currency' || format === 'percent' || format === 'integer' || format === 'number';
