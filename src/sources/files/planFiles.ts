import { InputError } from '../../errors.js';
import type { JobName } from '../../jobs/defineJob.js';
import type { FileKind, FormatDefinition, FormatFamily } from './defineFormat.js';
import { detectFormat } from './detectFormat.js';
import { tabularFormats, unsupportedReports } from './formats/index.js';
import { detectPcJson, type PcJsonFormat } from './json/pcJsonFormats.js';
import { parquetSchemaOf } from './parquet/parquetSchemaOf.js';
import { sniffFile, type Sniffed } from './sniffFile.js';

export interface PlannedFile {
  path: string;
  kind: FileKind;
  sniffed: Sniffed;
  format: FormatDefinition | PcJsonFormat;
  job: JobName;
}

export interface RefusedFile {
  path: string;
  error: InputError;
}

/**
 * Tells, for each file, its format and so the job it feeds — from the header row (CSV), the footer's
 * column names (Parquet) or the shape of the items (JSON pages) — or why it cannot be read at all.
 * A file whose header resembles a format but lacks one of its columns is planned under that format:
 * the load refuses it, naming the column, and the run records that.
 */
export async function planFiles(files: readonly string[], { family }: { family?: FormatFamily } = {}): Promise<{ planned: PlannedFile[]; refused: RefusedFile[] }> {
  const planned: PlannedFile[] = [];
  const refused: RefusedFile[] = [];
  for (const path of files) {
    try {
      planned.push(await planFile(path, family));
    } catch (error) {
      if (error instanceof InputError) refused.push({ path, error });
      else if (isFsError(error)) refused.push({ path, error: new InputError(`cannot read the file: ${(error as Error).message}`, { file: path, cause: error }) });
      else throw error;
    }
  }
  return { planned, refused };
}

async function planFile(path: string, family: FormatFamily | undefined): Promise<PlannedFile> {
  const sniffed = await sniffFile(path);
  if (sniffed.kind === 'json') {
    if (family && family !== 'pc-json') throw new InputError(`this is a JSON file, not a ${family} file`, { file: path });
    const format = await detectPcJson(path);
    return { path, kind: 'json', sniffed, format, job: format.job };
  }
  if (family === 'pc-json') throw new InputError(`this is a ${sniffed.kind} file, not saved Partner Center JSON`, { file: path });
  const header = sniffed.kind === 'parquet' ? (await parquetSchemaOf(path)).names : sniffed.header;
  const format = detectFormat({ header, kind: sniffed.kind }, tabularFormats, { file: path, family, unsupported: unsupportedReports });
  return { path, kind: sniffed.kind, sniffed: { ...sniffed, header }, format, job: format.job };
}

function isFsError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' && /^E[A-Z]+$/.test((error as { code: string }).code);
}
