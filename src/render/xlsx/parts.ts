import { escapeXml, escapeXmlAttr } from '../escape.js';

// The small XML parts of an xlsx package (an OPC zip): workbook, relationships, content types, tables,
// drawings. Sheet XML itself is streamed by `XlsxWriter`; everything here is a few kilobytes.

const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const ns = {
  main: 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  rel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  type: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
};

export interface SheetPart {
  /** 1-based, names the part: xl/worksheets/sheet{index}.xml. */
  index: number;
  name: string;
  /** Absolute range of the table or filter, e.g. `$A$1:$F$20`, for the hidden filter-database name. */
  filterRange?: string;
  /** Rows repeated on every printed page, e.g. `$1:$1`. */
  printTitles?: string;
  table?: { index: number };
  drawing?: { index: number };
}

export interface Relationship {
  id: string;
  type: string;
  target: string;
}

export function relationships(rels: readonly Relationship[]): string {
  return (
    xmlHead +
    `<Relationships xmlns="${ns.rel}">` +
    rels.map((r) => `<Relationship Id="${r.id}" Type="${ns.type}/${r.type}" Target="${escapeXmlAttr(r.target)}"/>`).join('') +
    '</Relationships>'
  );
}

export function rootRelationships(): string {
  return (
    xmlHead +
    `<Relationships xmlns="${ns.rel}">` +
    `<Relationship Id="rId1" Type="${ns.type}/officeDocument" Target="xl/workbook.xml"/>` +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
    `<Relationship Id="rId3" Type="${ns.type}/extended-properties" Target="docProps/app.xml"/>` +
    '</Relationships>'
  );
}

function quoteSheet(name: string): string {
  return `'${name.replaceAll("'", "''")}'`;
}

export function workbook(sheets: readonly SheetPart[]): string {
  const defined: string[] = [];
  sheets.forEach((sheet, i) => {
    // LibreOffice keeps a table's filter buttons only with this hidden name; Excel writes it too.
    if (sheet.filterRange) defined.push(`<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${escapeXml(`${quoteSheet(sheet.name)}!${sheet.filterRange}`)}</definedName>`);
    if (sheet.printTitles) defined.push(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${escapeXml(`${quoteSheet(sheet.name)}!${sheet.printTitles}`)}</definedName>`);
  });
  return (
    xmlHead +
    `<workbook xmlns="${ns.main}" xmlns:r="${ns.r}">` +
    '<workbookPr defaultThemeVersion="124226"/>' +
    '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="15000" activeTab="0"/></bookViews>' +
    `<sheets>${sheets.map((s, i) => `<sheet name="${escapeXmlAttr(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets>` +
    (defined.length ? `<definedNames>${defined.join('')}</definedNames>` : '') +
    '<calcPr calcId="191029"/>' +
    '</workbook>'
  );
}

export function workbookRelationships(sheetCount: number, hasSharedStrings: boolean): string {
  const rels: Relationship[] = [];
  for (let i = 1; i <= sheetCount; i++) rels.push({ id: `rId${i}`, type: 'worksheet', target: `worksheets/sheet${i}.xml` });
  rels.push({ id: `rId${sheetCount + 1}`, type: 'styles', target: 'styles.xml' });
  if (hasSharedStrings) rels.push({ id: `rId${sheetCount + 2}`, type: 'sharedStrings', target: 'sharedStrings.xml' });
  return relationships(rels);
}

export function contentTypes({ sheets, tables, drawings, sharedStrings }: { sheets: number; tables: number; drawings: number; sharedStrings: boolean }): string {
  const ct = 'application/vnd.openxmlformats-officedocument';
  const overrides = [
    `<Override PartName="/xl/workbook.xml" ContentType="${ct}.spreadsheetml.sheet.main+xml"/>`,
    `<Override PartName="/xl/styles.xml" ContentType="${ct}.spreadsheetml.styles+xml"/>`,
    `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`,
    `<Override PartName="/docProps/app.xml" ContentType="${ct}.extended-properties+xml"/>`,
  ];
  if (sharedStrings) overrides.push(`<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.spreadsheetml.sharedStrings+xml"/>`);
  for (let i = 1; i <= sheets; i++) overrides.push(`<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="${ct}.spreadsheetml.worksheet+xml"/>`);
  for (let i = 1; i <= tables; i++) overrides.push(`<Override PartName="/xl/tables/table${i}.xml" ContentType="${ct}.spreadsheetml.table+xml"/>`);
  for (let i = 1; i <= drawings; i++) overrides.push(`<Override PartName="/xl/drawings/drawing${i}.xml" ContentType="${ct}.drawing+xml"/>`);
  return (
    xmlHead +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Default Extension="png" ContentType="image/png"/>' +
    overrides.join('') +
    '</Types>'
  );
}

/** Document properties. `modified` is the data's as-of stamp, never the wall clock: same data, same file. */
export function coreProperties({ title, subject, modified }: { title: string; subject: string; modified?: string }): string {
  const stamp = modified ? `<dcterms:created xsi:type="dcterms:W3CDTF">${escapeXml(modified)}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${escapeXml(modified)}</dcterms:modified>` : '';
  return (
    xmlHead +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(title)}</dc:title><dc:subject>${escapeXml(subject)}</dc:subject><dc:creator>PartnerLens</dc:creator>${stamp}` +
    '</cp:coreProperties>'
  );
}

export function appProperties(): string {
  return (
    xmlHead +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    '<Application>PartnerLens</Application></Properties>'
  );
}

export function table({ index, name, ref, headers }: { index: number; name: string; ref: string; headers: readonly string[] }): string {
  return (
    xmlHead +
    `<table xmlns="${ns.main}" id="${index}" name="${name}" displayName="${name}" ref="${ref}" totalsRowShown="0">` +
    `<autoFilter ref="${ref}"/>` +
    `<tableColumns count="${headers.length}">${headers.map((h, i) => `<tableColumn id="${i + 1}" name="${escapeXmlAttr(h)}"/>`).join('')}</tableColumns>` +
    '<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/>' +
    '</table>'
  );
}

export interface PlacedImage {
  /** 0-based cell of the top-left corner. */
  col: number;
  row: number;
  widthPx: number;
  heightPx: number;
  name: string;
  description: string;
}

const emuPerPixel = 9525;

export function drawing(images: readonly PlacedImage[]): string {
  const anchors = images.map((img, i) => {
    const cx = Math.round(img.widthPx * emuPerPixel);
    const cy = Math.round(img.heightPx * emuPerPixel);
    return (
      `<xdr:oneCellAnchor><xdr:from><xdr:col>${img.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${img.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
      `<xdr:ext cx="${cx}" cy="${cy}"/>` +
      `<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="${i + 2}" name="${escapeXmlAttr(img.name)}" descr="${escapeXmlAttr(img.description)}"/>` +
      '<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>' +
      `<xdr:blipFill><a:blip r:embed="rId${i + 1}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>` +
      `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>` +
      '</xdr:pic><xdr:clientData/></xdr:oneCellAnchor>'
    );
  });
  return xmlHead + `<xdr:wsDr xmlns:xdr="${ns.xdr}" xmlns:a="${ns.a}" xmlns:r="${ns.r}">${anchors.join('')}</xdr:wsDr>`;
}

export function sharedStringsHead(count: number): string {
  return xmlHead + `<sst xmlns="${ns.main}" count="${count}" uniqueCount="${count}">`;
}

export function worksheetHead({ frozenRows, widths, first }: { frozenRows: number; widths: readonly number[]; first: boolean }): string {
  const top = `A${frozenRows + 1}`;
  const pane = frozenRows
    ? `<pane ySplit="${frozenRows}" topLeftCell="${top}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="${top}" sqref="${top}"/>`
    : '';
  const cols = widths.length ? `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` : '';
  return (
    xmlHead +
    `<worksheet xmlns="${ns.main}" xmlns:r="${ns.r}">` +
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
    `<sheetViews><sheetView workbookViewId="0"${first ? ' tabSelected="1"' : ''}>${pane}</sheetView></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    cols +
    '<sheetData>'
  );
}

export function worksheetTail({ drawingRel, tableRel }: { drawingRel?: string; tableRel?: string }): string {
  return (
    '</sheetData>' +
    '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>' +
    '<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>' +
    (drawingRel ? `<drawing r:id="${drawingRel}"/>` : '') +
    (tableRel ? `<tableParts count="1"><tablePart r:id="${tableRel}"/></tableParts>` : '') +
    '</worksheet>'
  );
}
