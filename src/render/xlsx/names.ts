// Names Excel is strict about: sheet names, table names and table column headers. Each function returns
// names that are valid and unique (Excel compares them case-insensitively), never silently colliding.

export const maxSheetName = 31;

/** Column letters for a 0-based index: 0 → A, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).trimEnd() + '…';
}

/** Registers sheet names: forbidden characters replaced, at most 31 characters, unique, never "History". */
export class SheetNames {
  private readonly used = new Set<string>();

  take(wanted: string): string {
    let base = wanted.replace(/[\u0000-\u001F:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim().replace(/^'+|'+$/g, '');
    if (!base || base.toLowerCase() === 'history') base = base ? `${base} sheet` : 'Sheet';
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : ` (${n})`;
      const name = clip(base, maxSheetName - suffix.length) + suffix;
      if (!this.used.has(name.toLowerCase())) {
        this.used.add(name.toLowerCase());
        return name;
      }
    }
  }
}

/** Registers table names (defined names): letters, digits and underscores, not a cell reference, unique. */
export class TableNames {
  private readonly used = new Set<string>();

  take(wanted: string): string {
    // Accents dropped, not the letter: "Opérations" → "Operations", not "OpeRations".
    const words = wanted.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
    let base = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('').slice(0, 40) || 'Table';
    // "A1", "R1C1" and names starting with a digit would be read as references.
    if (/^[0-9]/.test(base) || /^[A-Za-z]{1,3}[0-9]+$/.test(base) || /^[Rr][0-9]*[Cc][0-9]*$/.test(base) || /^[RrCc]$/.test(base)) base = `T_${base}`;
    for (let n = 1; ; n++) {
      const name = n === 1 ? base : `${base}_${n}`;
      if (!this.used.has(name.toLowerCase())) {
        this.used.add(name.toLowerCase());
        return name;
      }
    }
  }
}

/**
 * Table column headers: a header is a label, so characters that would make Excel or a CSV consumer read
 * it as a formula (leading = + - @) and control characters are removed; blanks get a name; duplicates —
 * including those sanitising creates ("=Cost" next to "Cost") — get " (2)", " (3)".
 */
export function sanitiseHeaders(labels: readonly string[]): string[] {
  const used = new Set<string>();
  return labels.map((label, i) => {
    let base = label.replace(/[\u0000-\u001F\u007F]/g, ' ').replace(/\s+/g, ' ').trim();
    base = base.replace(/^[=+\-@\s]+/, '').trim();
    if (!base) base = `Column ${i + 1}`;
    base = base.slice(0, 250);
    for (let n = 1; ; n++) {
      const name = n === 1 ? base : `${base} (${n})`;
      if (!used.has(name.toLowerCase())) {
        used.add(name.toLowerCase());
        return name;
      }
    }
  });
}
