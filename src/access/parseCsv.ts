/** RFC 4180 records with the line each starts on (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else { if (c === '\n') line++; cell += c; }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') { cells.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((v) => v.trim() !== '')) records.push({ line: start, cells });
      cells = []; cell = ''; line++; start = line;
    } else cell += c;
  }
  cells.push(cell);
  if (cells.some((v) => v.trim() !== '')) records.push({ line: start, cells });
  return records;
}
