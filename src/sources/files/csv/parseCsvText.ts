/**
 * Splits CSV text into records (RFC 4180: `"` quotes, `""` escapes, CRLF or LF). Used on the first
 * kilobytes of a file only — the header and a sample of rows — never for bulk data, which DuckDB reads.
 * When the text is only the start of a file (`final: false`), a last record without its line end may be
 * cut short and is left out.
 */
export function parseCsvText(text: string, { delimiter = ',', final = true }: { delimiter?: string; final?: boolean } = {}): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === delimiter) {
      record.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      // A blank line is no record (DuckDB skips it too).
      if (!(record.length === 1 && record[0] === '')) records.push(record);
      record = [];
      field = '';
      fieldStarted = false;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  const trailing = fieldStarted || field !== '' || record.length > 0;
  if (trailing && final) {
    record.push(field);
    records.push(record);
  }
  return records;
}
