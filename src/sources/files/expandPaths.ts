import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';

const dataExtensions = new Set(['.csv', '.txt', '.parquet', '.json']);

export interface Expanded {
  files: string[];
  /** Paths that do not exist: a different error from a file that exists but cannot be read. */
  missing: string[];
}

/**
 * Turns the paths a user named into files: a folder gives its data files (csv, txt, parquet, json; hidden
 * and partial-download names skipped), recursively, in name order so that runs are repeatable. A file
 * named explicitly is taken whatever its extension. Each file appears once.
 */
export async function expandPaths(paths: readonly string[]): Promise<Expanded> {
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const absolute = resolve(file);
    if (!seen.has(absolute)) {
      seen.add(absolute);
      files.push(absolute);
    }
  };
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) missing.push(path);
    else if (info.isDirectory()) for (const file of await walk(path)) add(file);
    else add(path);
  }
  return { files, missing };
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name.startsWith('~$')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile() && dataExtensions.has(extname(entry.name).toLowerCase())) out.push(full);
  }
  return out;
}
