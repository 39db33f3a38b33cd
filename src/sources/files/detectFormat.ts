import { InputError } from '../../errors.js';
import type { FormatDefinition, FormatFamily } from './defineFormat.js';
import { normalName } from './resolveColumns.js';
import type { Sniffed } from './sniffFile.js';

/**
 * Picks the format of a CSV or Parquet file from its header: the definition whose signature columns are
 * all there (the most specific one if several are), else the one the header resembles most — which then
 * refuses the file naming what is missing. `--format` narrows the choice to one family.
 */
export function detectFormat(
  { header, kind }: Pick<Sniffed, 'header' | 'kind'>,
  formats: readonly FormatDefinition[],
  { file, family, unsupported = [] }: { file: string; family?: FormatFamily; unsupported?: readonly { description: string; signature: readonly string[]; why: string }[] },
): FormatDefinition {
  const present = new Set(header.map(normalName));
  const candidates = formats.filter((f) => f.kinds.includes(kind) && (!family || f.family === family));
  if (!candidates.length) {
    throw new InputError(`${family ? `the ${family} format is not read from ${kind} files` : `no format is read from ${kind} files`}`, { file });
  }
  const scored = candidates.map((format) => {
    const hits = format.signature.filter((s) => [s, ...(format.columns[s]?.aliases ?? [])].some((n) => present.has(normalName(n)))).length;
    return { format, hits, share: hits / format.signature.length };
  });
  const complete = scored.filter((s) => s.share === 1).sort((a, b) => b.hits - a.hits);
  if (complete[0]) return complete[0].format;
  const known = unsupported.find((u) => u.signature.every((c) => present.has(normalName(c))));
  if (known) throw new InputError(`this is a ${known.description}, which is not loaded: ${known.why}`, { file, line: 1 });
  const best = [...scored].sort((a, b) => b.share - a.share)[0];
  if (best && (best.share >= 0.5 || family)) return best.format;

  const expected = candidates
    .map((f) => `${f.family === f.name ? f.name : `${f.family} (${f.description})`}: ${f.signature.join(', ')}`)
    .join('; ');
  const shown = header.slice(0, 8).join(', ') + (header.length > 8 ? ', …' : '');
  throw new InputError(`unknown file format: the header (${shown}) matches no known export; expected the columns of one of — ${expected}`, { file, line: 1 });
}
