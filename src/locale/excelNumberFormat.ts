import type { TimeGrain, ValueFormat } from '../reports/resolvedReport.js';
import { isCurrencyCode } from './currency.js';
import type { Locale } from './locales.js';

// Excel number format codes, matching what `Localizer.number` shows in HTML. The cell holds the number;
// the code does the rest, so a reader's Excel shows it with their own separators. Built-in ids are used
// where Excel has one (see xlsx/styles.ts).

export function excelNumberFormat(format: ValueFormat, currency?: string, grain?: TimeGrain, _locale: Locale = 'en-US'): string | null {
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
