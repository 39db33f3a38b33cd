import type { Config, Secrets } from '../config/config.js';
import { createDemoSource } from './demo/demoSource.js';
import { createFilesSource } from './files/filesSource.js';
import { createPartnerCenterSource } from './partner-center/partnerCenterSource.js';
import type { Source, SourceName } from './source.js';

export interface SourceOptions {
  config: Config;
  secrets: Secrets;
  /** files: the files or folders to read (default: the configured inbox). */
  paths?: readonly string[];
  /** files: force a format instead of detecting it from the header. */
  format?: string;
  /** files: the customer (tenant id) rows without a customer column belong to. */
  customer?: string;
}

/** Every source, by name: the one place a new source is registered. */
export const sources = {
  demo: createDemoSource,
  'partner-center': createPartnerCenterSource,
  files: createFilesSource,
} as const satisfies Record<SourceName, (options: SourceOptions) => Source>;

export function createSource(name: SourceName, options: SourceOptions): Source {
  return sources[name](options);
}
