import type { TimeGrain, ValueFormat } from '../reports/resolvedReport.js';
import { isCurrencyCode } from './currency.js';
import type { Locale } from './locales.js';

// Excel number format codes that read natively in the reader's own locale: the cell holds the number and
// the code says only what the number is (money in €, a percentage, a day). Separators are never written
// into a code: `#,##0.00` means "grouped, two decimals", and Excel and LibreOffice put the reader's own
// separators there (1 234,56 in France, 1,234.56 in the US). Proven by printing workbooks with LibreOffice
// in French and US profiles (test/xlsx-libreoffice.test.ts; the table of codes tried is in the README):
// - money: the symbol and its place come from Intl for the pack's locale, written as `[$€-40C]` (Excel's
//   own way of writing a currency, so its Format Cells dialog shows "Currency"); the locale id in it
//   names the symbol only, LibreOffice and Excel keep the reader's separators (`#,##0.00\ [$€-40C]` shows
//   `1 234,56 €` in France and `1,234.56 €` in the US).
// - percent: French puts a space before %, so the code has one (`0.0\ %`); the en-US code is unchanged.
// - days: built-in format 14 is "the reader's short date" (25/11/2026 in France, 11/25/2026 in the US),
//   where a written `dd/mm/yyyy` would force French order on everyone. en-US packs keep ISO days.
// - months: `mmm yyyy` takes month names from the reader's locale (nov. 2026 / Nov 2026); a `[$-40C]`
//   prefix would force French names on every reader.
// en-US packs keep the codes they had before there were locales (money "USD 1,234.50").

/** Windows locale ids, as Excel writes them in `[$€-40C]`. */
const lcid: Record<Locale, string> = { 'en-US': '409', 'fr-FR': '40C' };

/** Excel's built-in "short date in the reader's locale". */
export const readerShortDate = 14;

const codes = new Map<string, string>();

/** `#,##0.00` with the currency's symbol where Intl puts it for `locale` (before or after, spaced or not). */
function moneyCode(currency: string, locale: Locale): string {
  const key = `${locale}|${currency}`;
  let code = codes.get(key);
  if (code) return code;
  const parts = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'symbol' }).formatToParts(1);
  const at = parts.findIndex((p) => p.type === 'currency');
  const symbol = parts[at]?.value ?? currency;
  const first = parts.findIndex((p) => p.type === 'integer');
  const spaced = (i: number) => parts[i]?.type === 'literal' && /\s/.test(parts[i]!.value);
  // A symbol with characters the bracket syntax gives a meaning to is written as quoted text instead.
  const written = /^[^\]\-"\\;]+$/.test(symbol) ? `[$${symbol}-${lcid[locale]}]` : `"${symbol}"`;
  code = at < first ? `${written}${spaced(at + 1) ? '\\ ' : ''}#,##0.00` : `#,##0.00${spaced(at - 1) ? '\\ ' : ''}${written}`;
  codes.set(key, code);
  return code;
}

export function excelNumberFormat(format: ValueFormat, currency?: string, grain?: TimeGrain, locale: Locale = 'en-US'): string | number | null {
  const en = locale === 'en-US';
  switch (format) {
    case 'percent':
      return en ? '0.0%' : '0.0\\ %';
    case 'integer':
      return '#,##0';
    case 'number':
      return '#,##0.00';
    case 'currency':
      if (!isCurrencyCode(currency)) return '#,##0.00';
      return en ? `"${currency} "#,##0.00;\\-"${currency} "#,##0.00` : moneyCode(currency, locale);
    case 'date':
      return grain === 'month' ? 'mmm yyyy' : grain === 'year' ? 'yyyy' : en ? 'yyyy-mm-dd' : readerShortDate;
    default:
      return null;
  }
}
