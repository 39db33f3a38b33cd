import { demoBench } from './demo.js';
import { embedBench } from './embed.js';
import { partnerCenterBench } from './partnerCenter.js';
import { ingestBench } from './ingest.js';
import { queriesBench } from './queries.js';
import { queryApiBench } from './queryApi.js';
import { renderBench } from './render.js';
import { observableFrameworkBench } from './observableFramework.js';
import { graphExportBench } from './graphExport.js';

export interface Bench {
  name: string;
  run(options: { quick: boolean }): Promise<void>;
}

/** Every benchmark, in the order `npm run bench` runs them. */
export const benches: Bench[] = [demoBench, partnerCenterBench, ingestBench, queriesBench, renderBench, queryApiBench, observableFrameworkBench, graphExportBench, embedBench];
