import { InputError } from '../../errors.js';
import type { ColumnSpec, FormatDefinition } from './defineFormat.js';

/** Where each column the format reads sits in this file's header. */
export interface ResolvedColumns {
  /** One entry per header position: the name the reader gives it (a definition column, or `_cN`), its spec. */
  positions: { header: string; name: string; spec: ColumnSpec | undefined }[];
  /** Definition columns the file lacks (all optional, or resolution would have failed). */
  absent: string[];
  /** Header columns the format does not know: read as text, dropped, and warned about. */
  unknown: string[];
}

/** Header names compare without case, spaces or punctuation: `Report Refresh Date` is `reportRefreshDate`. */
export const normalName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const normal = normalName;

/**
 * Matches a file's header to a format by name, never by position: columns may come in any order and any
 * letter case, under an alias (MCA's `CostInBillingCurrency` for `Cost`). A required column the header lacks
 * refuses the file, naming it — and the header column it was probably renamed to.
 */
export function resolveColumns(format: FormatDefinition, header: readonly string[], file: string): ResolvedColumns {
  const byName = new Map<string, string>();
  for (const [name, spec] of Object.entries(format.columns)) {
    for (const alias of [name, ...spec.aliases]) if (!byName.has(normal(alias))) byName.set(normal(alias), name);
  }
  const known = new Set([...format.known, ...Object.keys(format.columns)].map(normal));
  const taken = new Set<string>();
  const unknown: string[] = [];
  const positions = header.map((h, i) => {
    const name = byName.get(normal(h));
    if (name && !taken.has(name)) {
      taken.add(name);
      return { header: h, name, spec: format.columns[name] };
    }
    if (!name && !known.has(normal(h)) && !format.extensionPrefixes.some((p) => h.startsWith(p))) unknown.push(h);
    return { header: h, name: `_c${i}`, spec: undefined };
  });

  const missing = Object.entries(format.columns).filter(([name, spec]) => !taken.has(name) && !spec.optional).map(([name]) => name);
  if (missing.length) {
    const unmatched = header.filter((h) => !byName.has(normal(h)));
    const hints = missing.map((m) => {
      const guess = closest(m, unmatched);
      return guess ? `${m} (did you mean "${guess}"?)` : m;
    });
    throw new InputError(
      `missing required column${missing.length > 1 ? 's' : ''} ${hints.join(', ')} for the ${format.description} format; ` +
        `the file was not loaded`,
      { file, line: 1, field: missing[0] },
    );
  }
  const absent = Object.keys(format.columns).filter((name) => !taken.has(name));
  return { positions, absent, unknown };
}

/** The header name nearest to `target` (edit distance on lower-case names), when it is near enough to be a rename. */
export function closest(target: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const a = normal(target);
    const b = normal(c);
    // One name inside the other (Date / UsageDate, Cost / CostInUsd) is a rename whatever the lengths.
    const d = a.includes(b) || b.includes(a) ? 1 : distance(a, b);
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(target.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
