import { ConfigError } from '../../errors.js';
import { log } from '../../util/log.js';
import type { SourceOptions } from '../index.js';
import type { Source } from '../source.js';
import { formatFamilies, type FormatFamily } from './defineFormat.js';
import { expandPaths } from './expandPaths.js';
import { fileBatch } from './fileBatch.js';
import { planFiles } from './planFiles.js';

/**
 * The `files` source: export files named on the command line (`partnerlens ingest`) or dropped in the
 * configured inbox (`run <job> --source files`). Each file is one batch of the job its format feeds; files
 * of other jobs are left to those jobs' runs. A file no format matches cannot belong to any run: it is
 * logged here, and `ingest` reports it to the user.
 */
export function createFilesSource({ paths, format, customer }: SourceOptions): Source {
  const family = parseFamily(format);
  return {
    name: 'files',
    async *batches(job, { config, signal, progress }) {
      const named = paths?.length ? paths : [config.files.inbox];
      const { files, missing } = await expandPaths(named);
      if (missing.length) {
        throw new ConfigError(paths?.length ? `not found: ${missing.join(', ')}` : `the inbox folder ${missing.join(', ')} does not exist (files.inbox in the configuration)`);
      }
      const { planned, refused } = await planFiles(files, { family });
      for (const r of refused) log.warn('files.unreadable', { file: r.path, cause: r.error.message });
      for (const file of planned) {
        if (file.job !== job) continue;
        signal.throwIfAborted();
        yield await fileBatch(file, { customer, signal, progress });
      }
    },
  };
}

export function parseFamily(format: string | undefined): FormatFamily | undefined {
  if (format === undefined || format === 'auto') return undefined;
  if ((formatFamilies as readonly string[]).includes(format)) return format as FormatFamily;
  throw new ConfigError(`invalid format: ${format} (expected auto, ${formatFamilies.join(', ')})`);
}
