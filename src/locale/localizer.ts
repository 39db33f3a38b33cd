import type { Cell, DataColumn, DataRow, TimeGrain, ValueFormat } from '../reports/resolvedReport.js';
import { currencyOf } from './currency.js';
import { excelNumberFormat } from './excelNumberFormat.js';
import type { Locale } from './locales.js';

// The one place values and labels are turned into text for a reader: HTML, chart SVGs, XLSX, the CLI
// table, mail and the embedded page all call a Localizer. Browser-safe (no Node import): the embedded
// view builds one from the catalogue entries its page is given; Node code gets one from `localizerFor`.
//
// Spaces. Intl puts a narrow no-break space (U+202F) between thousands and before "%" in French, and a
// no-break space (U+00A0) before "€". Both stay unbreakable (a line must not break inside "1 234,56 €"),
// but U+202F becomes U+00A0: it is in every font Excel, LibreOffice and PDF viewers fall back to, and one
// kind of space is one thing to search for and to test. en-US money keeps its earlier look, "USD 1,234.50"
// with a plain space (copies and searches as typed).

export type Params = Readonly<Record<string, string | number>>;

export interface Localizer {
  readonly locale: Locale;
  /** A catalogue text, `{name}` placeholders filled from `params`. A key the catalogue lacks is a programmer error. */
  t(key: string, params?: Params): string;
  /** A catalogue text that may be absent (descriptions, notes, sheet names): undefined when it is. */
  optional(key: string, params?: Params): string | undefined;
  has(key: string): boolean;
  /** A number in a value format: "1,234.56" / "1 234,56"; money "USD 1,234.50" / "1 234,50 $US"; "12.5%" / "12,5 %". */
  number(value: number, format: ValueFormat, currency?: string): string;
  /** A number with exactly `digits` decimals: "3.0" / "3,0" (percentage points). */
  fixed(value: number, digits: number): string;
  /** Short numbers for chart axes: 12.3K / 12,3 k. */
  compact(value: number, format: ValueFormat): string;
  /** A date (YYYY-MM-DD…) at a grain: day "2026-11-25" / "25/11/2026", month "Nov 2026" / "nov. 2026", "Q4 2026" / "T4 2026". */
  date(value: string, grain?: TimeGrain): string;
  /** A chart's time-axis label, shorter than `date`: "Nov 26" / "nov. 26", days "Nov 25" / "25 nov.". */
  axisDate(value: Date | string, grain: TimeGrain | undefined): string;
  /** An as-of timestamp: the day alone at midnight, else the day and "HH:MM:SS UTC". */
  stamp(iso: string): string;
  /** A cell as a reader sees it (lists joined with ", "; the HTML renderer lists them itself). */
  cell(value: Cell | undefined, column: DataColumn, row?: DataRow): string;
  /** Excel number format code for a value format (the cell keeps the number). */
  excelNumberFormat(format: ValueFormat, currency?: string, grain?: TimeGrain): string | number | null;
}

/** Per-locale choices Intl leaves open. */
const styles: Record<Locale, { currencyDisplay: 'code' | 'symbol'; isoDays: boolean }> = {
  // en-US packs showed ISO days and currency codes before there were locales; they still do.
  'en-US': { currencyDisplay: 'code', isoDays: true },
  'fr-FR': { currencyDisplay: 'symbol', isoDays: false },
};

const spaces = (text: string) => text.replace(/\u202F/g, '\u00A0');

export function localizer(locale: Locale, entries: Readonly<Record<string, string>>): Localizer {
  const style = styles[locale];
  const nf = (options: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options);
  const integer = nf({ maximumFractionDigits: 0 });
  const decimal = nf({ minimumFractionDigits: 0, maximumFractionDigits: 2 });
  const percent = nf({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const wholePercent = nf({ style: 'percent', maximumFractionDigits: 0 });
  const compact = nf({ notation: 'compact', maximumFractionDigits: 1 });
  const currencies = new Map<string, Intl.NumberFormat>();
  const fixedDigits = new Map<number, Intl.NumberFormat>();
  const utc = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options });
  const day = utc({ day: '2-digit', month: '2-digit', year: 'numeric' });
  const month = utc({ month: 'short', year: 'numeric' });
  const shortMonth = utc({ month: 'short', year: '2-digit' });
  const dayOfMonth = utc({ month: 'short', day: 'numeric' });

  const fill = (text: string, params?: Params) => (params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text);
  const optional = (key: string, params?: Params) => {
    const text = Object.hasOwn(entries, key) ? entries[key] : undefined;
    return text === undefined ? undefined : fill(text, params);
  };
  const t = (key: string, params?: Params) => {
    const text = optional(key, params);
    if (text === undefined) throw new Error(`invalid catalogue key for ${locale}: ${key}`);
    return text;
  };
  const money = (value: number, currency: string) => {
    let f = currencies.get(currency);
    if (!f) {
      f = nf({ style: 'currency', currency, currencyDisplay: style.currencyDisplay, minimumFractionDigits: 2, maximumFractionDigits: 2 });
      currencies.set(currency, f);
    }
    const text = f.format(value);
    return locale === 'en-US' ? text.replace(/\u00A0/g, ' ') : spaces(text);
  };
  const asDate = (value: string) => new Date(`${value.slice(0, 10)}T00:00:00Z`);
  const quarter = (d: Date, year: string) => t('format.quarter', { quarter: Math.floor(d.getUTCMonth() / 3) + 1, year });

  const self: Localizer = {
    locale,
    t,
    optional,
    has: (key) => Object.hasOwn(entries, key),
    number(value, format, currency) {
      if (!Number.isFinite(value)) return '';
      switch (format) {
        case 'percent':
          return spaces(percent.format(value));
        case 'integer':
          return spaces(integer.format(value));
        case 'currency':
          return currency ? money(value, currency) : spaces(decimal.format(value));
        default:
          return spaces(decimal.format(value));
      }
    },
    fixed(value, digits) {
      if (!Number.isFinite(value)) return '';
      let f = fixedDigits.get(digits);
      if (!f) {
        f = nf({ minimumFractionDigits: digits, maximumFractionDigits: digits });
        fixedDigits.set(digits, f);
      }
      return spaces(f.format(value));
    },
    compact(value, format) {
      if (format === 'percent') return spaces(wholePercent.format(value));
      return spaces(Math.abs(value) < 1000 ? decimal.format(value) : compact.format(value));
    },
    date(value, grain) {
      if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return value;
      const d = asDate(value);
      if (grain === 'month') return month.format(d);
      if (grain === 'quarter') return quarter(d, value.slice(0, 4));
      if (grain === 'year') return value.slice(0, 4);
      return style.isoDays ? value.slice(0, 10) : day.format(d);
    },
    axisDate(value, grain) {
      const d = typeof value === 'string' ? asDate(value) : value;
      if (Number.isNaN(d.getTime())) return String(value);
      if (grain === 'day' || grain === 'week') return dayOfMonth.format(d);
      if (grain === 'quarter') return quarter(d, String(d.getUTCFullYear()).slice(2));
      if (grain === 'year') return String(d.getUTCFullYear());
      return shortMonth.format(d);
    },
    stamp(iso) {
      const dayText = self.date(iso.slice(0, 10), 'day');
      if (/T00:00:00(\.000)?Z$/.test(iso)) return dayText;
      const time = /T(\d{2}:\d{2}:\d{2})/.exec(iso)?.[1];
      return time ? `${dayText} ${time} UTC` : iso;
    },
    cell(value, column, row) {
      if (value === null || value === undefined) return '';
      if (typeof value === 'object') return value.join(', ');
      if (typeof value === 'number') return self.number(value, column.format, currencyOf(column, row));
      if (column.format === 'date') return self.date(value, column.grain);
      return value;
    },
    excelNumberFormat: (format, currency, grain) => excelNumberFormat(format, currency, grain, locale),
  };
  return self;
}
