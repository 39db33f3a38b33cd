import { escapeXmlAttr } from '../escape.js';

// xl/styles.xml, built from the cell styles a workbook actually uses. A style is registered the first
// time a cell needs it and gets a stable index; the part is written last, once every sheet is done.

export type FontStyle = 'regular' | 'bold' | 'title' | 'note';
const fonts: Record<FontStyle, { id: number; xml: string }> = {
  regular: { id: 0, xml: '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' },
  bold: { id: 1, xml: '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>' },
  title: { id: 2, xml: '<font><b/><sz val="14"/><color rgb="FF1F3864"/><name val="Calibri"/><family val="2"/></font>' },
  note: { id: 3, xml: '<font><i/><sz val="10"/><color rgb="FF595959"/><name val="Calibri"/><family val="2"/></font>' },
};

export interface CellStyle {
  /** A format code, or the id of one of Excel's built-in formats (14: the reader's short date). */
  numFmt?: string | number | null;
  font?: FontStyle;
  wrap?: boolean;
  /** Text that looks like a formula: Excel keeps it text even when the cell is edited. */
  quotePrefix?: boolean;
  vertical?: 'top';
}

export class Styles {
  private readonly numFmts = new Map<string, number>();
  private readonly xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly index = new Map<string, number>([['||regular|||', 0]]);

  id({ numFmt = null, font = 'regular', wrap = false, quotePrefix = false, vertical }: CellStyle = {}): number {
    const key = `${typeof numFmt === 'number' ? `#${numFmt}` : (numFmt ?? '')}||${font}|${wrap ? 1 : ''}|${quotePrefix ? 1 : ''}|${vertical ?? ''}`;
    const known = this.index.get(key);
    if (known !== undefined) return known;
    let numFmtId = 0;
    if (typeof numFmt === 'number') numFmtId = numFmt;
    else if (numFmt) {
      numFmtId = this.numFmts.get(numFmt) ?? 164 + this.numFmts.size;
      this.numFmts.set(numFmt, numFmtId);
    }
    const fontId = fonts[font].id;
    const alignment = wrap || vertical ? `<alignment${wrap ? ' wrapText="1"' : ''}${vertical ? ` vertical="${vertical}"` : ''}/>` : '';
    const attrs =
      `numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"` +
      (numFmtId ? ' applyNumberFormat="1"' : '') +
      (fontId ? ' applyFont="1"' : '') +
      (alignment ? ' applyAlignment="1"' : '') +
      (quotePrefix ? ' quotePrefix="1"' : '');
    const id = this.xfs.length;
    this.xfs.push(alignment ? `<xf ${attrs}>${alignment}</xf>` : `<xf ${attrs}/>`);
    this.index.set(key, id);
    return id;
  }

  xml(): string {
    const numFmts = [...this.numFmts].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXmlAttr(code)}"/>`);
    const fontList = Object.values(fonts).sort((a, b) => a.id - b.id);
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      (numFmts.length ? `<numFmts count="${numFmts.length}">${numFmts.join('')}</numFmts>` : '') +
      `<fonts count="${fontList.length}">${fontList.map((f) => f.xml).join('')}</fonts>` +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
      '</styleSheet>'
    );
  }
}
