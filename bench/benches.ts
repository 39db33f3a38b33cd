import { partnerCenterBench } from './partnerCenter.js';
import { ingestBench } from './ingest.js';
import { queriesBench } from './queries.js';

export interface Bench {
  name: string;
  run(options: { quick: boolean }): Promise<void>;
}

/** Every benchmark, in the order `npm run bench` runs them. */
export const benches: Bench[] = [partnerCenterBench, ingestBench, queriesBench];
