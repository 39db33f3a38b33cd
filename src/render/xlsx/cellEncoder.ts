import type { Cell, TimeGrain, ValueFormat } from '../../reports/resolvedReport.js';
import { escapeCellText } from '../escape.js';
import { isCurrencyCode } from '../../locale/currency.js';
import type { Localizer } from '../../locale/localizer.js';
import type { Styles } from './styles.js';

// Cells as sheet XML: the hot path of a million-row sheet. Numbers stay numbers, dates become Excel
// serials, text is always a string cell (never a formula), and text Excel or a CSV export would read
// as a formula is marked quote-prefixed so it stays text even when someone edits it.

/** A cell whose format differs from its column's (the KPI sheet mixes money, counts and rates). */
export interface FormattedCell {
  value: number | string | null;
  format: ValueFormat;
  currency?: string;
  /** An Excel number format of its own (a change in percentage points), instead of the format's. */
  numFmt?: string | number;
}
export type SheetCell = Cell | FormattedCell;

export interface SheetColumn {
  header: string;
  format: ValueFormat;
  grain?: TimeGrain;
  /** Money: a fixed ISO code, or the 0-based index of the column holding each row's code. */
  currency?: string | { index: number };
  /** Width in characters; measured from the first rows when absent. */
  width?: number;
  wrap?: boolean;
}

const formulaLike = /^[=+\-@\t\r\n\u0000]/;
const dayPattern = /^(\d{4})-(\d{2})-(\d{2})/;
const excelEpoch = Date.UTC(1899, 11, 30);

export interface PreparedColumn {
  letter: string;
  format: ValueFormat;
  grain: TimeGrain | undefined;
  style: number;
  currencyIndex: number | undefined;
  currencyStyles: Map<string, number>;
  textStyle: number;
  formulaStyle: number;
}

export class CellEncoder {
  private readonly shared = new Map<string, number>();
  /** The shared-strings table, in index order (headers and preamble always; data too in `shared` mode). */
  readonly sharedList: string[] = [];

  constructor(
    private readonly styles: Styles,
    private readonly strings: 'inline' | 'shared',
    private readonly l: Localizer,
  ) {}

  sharedIndex(text: string): number {
    let i = this.shared.get(text);
    if (i === undefined) {
      i = this.sharedList.length;
      this.sharedList.push(text);
      this.shared.set(text, i);
    }
    return i;
  }

  prepare(column: SheetColumn, letter: string): PreparedColumn {
    const wrap = column.wrap ?? false;
    const fixed = typeof column.currency === 'string' ? column.currency : undefined;
    return {
      letter,
      format: column.format,
      grain: column.grain,
      style: this.styles.id({ numFmt: this.l.excelNumberFormat(column.format, fixed, column.grain), wrap, vertical: wrap ? 'top' : undefined }),
      currencyIndex: typeof column.currency === 'object' ? column.currency.index : undefined,
      currencyStyles: new Map(),
      textStyle: this.styles.id({ wrap, vertical: wrap ? 'top' : undefined }),
      formulaStyle: this.styles.id({ quotePrefix: true, wrap }),
    };
  }

  cell(column: PreparedColumn, value: SheetCell | undefined, row: readonly SheetCell[], rowNumber: number): string {
    if (value === null || value === undefined || value === '') return '';
    const ref = column.letter + rowNumber;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return '';
      let style = column.style;
      if (column.currencyIndex !== undefined) {
        const code = row[column.currencyIndex];
        if (typeof code === 'string' && isCurrencyCode(code)) {
          style = column.currencyStyles.get(code) ?? this.styles.id({ numFmt: this.l.excelNumberFormat('currency', code) });
          column.currencyStyles.set(code, style);
        }
      }
      return `<c r="${ref}" s="${style}"><v>${value}</v></c>`;
    }
    if (typeof value === 'string') {
      if (column.format === 'date') {
        const serial = excelDate(value);
        if (serial !== null) return `<c r="${ref}" s="${column.style}"><v>${serial}</v></c>`;
      }
      return this.text(ref, value, formulaLike.test(value) ? column.formulaStyle : column.textStyle);
    }
    if (Array.isArray(value)) return value.length ? this.text(ref, value.join(', '), formulaLike.test(value[0] ?? '') ? column.formulaStyle : column.textStyle) : '';
    const formatted = value as FormattedCell;
    if (formatted.value === null || formatted.value === '') return '';
    if (typeof formatted.value === 'string') return this.text(ref, formatted.value, formulaLike.test(formatted.value) ? column.formulaStyle : column.textStyle);
    if (!Number.isFinite(formatted.value)) return '';
    const style = this.styles.id({ numFmt: formatted.numFmt ?? this.l.excelNumberFormat(formatted.format, formatted.currency) });
    return `<c r="${ref}" s="${style}"><v>${formatted.value}</v></c>`;
  }

  private text(ref: string, text: string, style: number): string {
    if (this.strings === 'shared') return `<c r="${ref}" s="${style}" t="s"><v>${this.sharedIndex(text)}</v></c>`;
    const space = text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32 ? ' xml:space="preserve"' : '';
    // Style 0 is the default: leaving it out keeps a million-row sheet smaller.
    return `<c r="${ref}"${style ? ` s="${style}"` : ''} t="inlineStr"><is><t${space}>${escapeCellText(text)}</t></is></c>`;
  }
}

function excelDate(text: string): number | null {
  const m = dayPattern.exec(text);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(t) ? null : (t - excelEpoch) / 86_400_000;
}

/** A column's width in characters, from its header and the first rows as the reader's locale shows them. */
export function measureWidth(header: string, column: SheetColumn, sample: readonly (readonly SheetCell[])[], index: number, l: Localizer): number {
  let width = Math.max(header.length, 6);
  for (const row of sample) {
    const value = row[index];
    let len = 0;
    if (typeof value === 'string') len = column.format === 'date' ? l.date(value, column.grain).length : value.length;
    else if (typeof value === 'number') len = l.number(value, column.format, typeof column.currency === 'string' ? column.currency : 'USD').length;
    else if (Array.isArray(value)) len = value.join(', ').length;
    else if (value && typeof value === 'object') {
      const f = value as FormattedCell;
      len = typeof f.value === 'number' ? l.number(f.value, f.format, f.currency).length : String(f.value ?? '').length;
    }
    if (len > width) width = len;
  }
  return Math.min(width, 60) + 2;
}
