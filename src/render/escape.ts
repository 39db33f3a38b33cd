// Every value that reaches a rendered file passes through one of these. Data (customer names, user
// names, product names) is partner-controlled text and may hold markup, quotes or control characters.

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// Explicit embedding and override marks (LRE, RLE, PDF, LRO, RLO) can make a name visually reverse the
// text after it; real right-to-left names never need them (the bidi algorithm orders them).
const bidiOverrides = /[\u202A-\u202E]/g;

/** Data text with the bidi override marks removed: for places (chart labels) that escape on their own. */
export function stripBidiOverrides(value: string): string {
  return value.replace(bidiOverrides, '');
}

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(bidiOverrides, '').replace(/[&<>"']/g, (c) => htmlEntities[c] ?? c);
}

// XML 1.0 forbids most C0 controls, lone surrogates, U+FFFE and U+FFFF: a file with one is unreadable.
const xmlInvalid = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for XML element content (SVG, OOXML parts that are not cell strings). Invalid characters are dropped. */
export function escapeXml(value: string): string {
  return value.replace(xmlInvalid, '').replace(/[&<>]/g, (c) => htmlEntities[c] ?? c);
}

/** Text for a double-quoted XML attribute: whitespace controls survive as character references. */
export function escapeXmlAttr(value: string): string {
  return value
    .replace(xmlInvalid, '')
    .replace(/[&<>"\t\n\r]/g, (c) => (c === '\t' ? '&#9;' : c === '\n' ? '&#10;' : c === '\r' ? '&#13;' : htmlEntities[c] ?? c));
}

// Most cells need nothing: one test keeps the common case fast (a million-row sheet has ten million cells).
const needsCellEscape = /[&<>_\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * Text of a spreadsheet cell string (OOXML ST_Xstring). Characters XML cannot carry are written as
 * `_xHHHH_`, and a literal `_xHHHH_` in the data is protected by escaping its underscore, so that every
 * string reads back exactly as it was.
 */
export function escapeCellText(value: string): string {
  if (!needsCellEscape.test(value)) return value;
  let out = value.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
  out = out.replace(xmlInvalid, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
  return out.replace(/[&<>\r]/g, (c) => (c === '\r' ? '&#13;' : htmlEntities[c] ?? c));
}
