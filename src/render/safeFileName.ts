import { createHash } from 'node:crypto';
import { resolve, sep } from 'node:path';

// Report and customer names become file names. Whatever they hold (`../../x`, `..\x`, NUL, `CON`, three
// hundred characters), the result is one plain name that stays inside the output folder.

const reserved = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** A portable file name part: letters, digits, dot, dash and underscore; never empty, hidden or reserved. */
export function safeFileName(text: string, { max = 80 }: { max?: number } = {}): string {
  let name = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '');
  if (!name) name = 'unnamed';
  if (reserved.test(name)) name = `_${name}`;
  if (name.length > max) {
    // Two long names that share a prefix must not become the same file.
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
    name = `${name.slice(0, max - 9).replace(/[.-]+$/, '')}-${hash}`;
  }
  return name;
}

/** The full path of `name` in `dir`; refuses anything that would land elsewhere (defence in depth). */
export function pathInside(dir: string, name: string): string {
  const root = resolve(dir);
  const full = resolve(root, name);
  if (!full.startsWith(root + sep) || full.slice(root.length + 1).includes(sep)) {
    throw new Error(`invalid output file name: ${JSON.stringify(name)}`);
  }
  return full;
}
