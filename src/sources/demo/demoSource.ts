import type { JobName } from '../../jobs/defineJob.js';
import type { SourceOptions } from '../index.js';
import type { Batch, Source } from '../source.js';
import { parseDemoSettings, type DemoSettings } from './demoSettings.js';
import { buildPartner } from './model/buildPartner.js';
import type { DemoPartner } from './model/types.js';
import { jobDimensions, jobFillers } from './sql/fillJob.js';
import { dropDimensions, loadDimensions } from './sql/loadDimensions.js';

/**
 * The `demo` source: a synthetic CSP partner generated in-process. Seed, customers and months come from
 * the configuration (`partnerlens demo` sets them from its flags); the data ends on the run's logical
 * date (`period.to`). Each job gets one batch that fills its staging tables: the small dimension data
 * is built in TypeScript and loaded into TEMP tables, the large facts are generated from it inside
 * DuckDB, so memory stays bounded however many customers and months are asked for.
 */
export function createDemoSource({ config }: SourceOptions): Source {
  let cached: { key: string; partner: DemoPartner } | undefined;
  const partnerFor = (settings: DemoSettings): DemoPartner => {
    const key = JSON.stringify(settings);
    if (cached?.key !== key) cached = { key, partner: buildPartner(settings) };
    return cached.partner;
  };
  return {
    name: 'demo',
    async *batches(job, { period }) {
      const settings = parseDemoSettings({ seed: config.demo.seed, customers: config.demo.customers, months: config.demo.months, asOf: period.to });
      yield demoBatch(job, partnerFor(settings));
    },
  };
}

export function demoBatch(job: JobName, partner: DemoPartner): Batch {
  const { seed, customers, months, asOf } = partner.settings;
  return {
    label: `demo:${job} (seed ${seed}, ${customers} customers, ${months} months to ${asOf})`,
    // Like an API pull: a newer generation restates the Azure days an older one wrote.
    version: new Date().toISOString(),
    async fill({ db, runId, stages, progress, signal }) {
      signal.throwIfAborted();
      try {
        await loadDimensions(db, partner, jobDimensions[job]);
        signal.throwIfAborted();
        const counts = await jobFillers[job]({ db, runId, partner, tables: stages });
        const read = Object.values(counts).reduce((sum, n) => sum + n, 0);
        progress.update(read);
        return { read, rejected: 0, asOf: `${asOf} 23:59:59` };
      } finally {
        await dropDimensions(db);
      }
    },
  };
}
