import type { Database } from '../warehouse/database.js';
import { lastCompleteDay } from '../util/dates.js';

// Which data the warehouse holds, in one small read: what the embedded view's answers are kept against.
// Every publish rewrites its datasets' freshness rows (with its run id) in the transaction that publishes,
// and every run that ends records its end: so any publish, and the end of any run (a run of several
// batches whose later batches left freshness as it was), gives a new version. Nothing else a report reads
// changes (rows written by hand excepted: the service owns the file).

export interface DataVersion {
  /** Opaque: equal versions hold the same report data. */
  id: string;
  /** The newest day any source vouches for: the default end of a report's period (as readFreshness). */
  asOfDay: string;
}

export async function readDataVersion(db: Database): Promise<DataVersion> {
  const row = await db.one<{ fresh: string | null; runs: string; newest: string | null }>(
    `SELECT
       (SELECT string_agg(dataset || '/' || source || '/' || run_id || '/' || CAST(as_of AS VARCHAR), ',' ORDER BY dataset, source) FROM main.freshness) AS fresh,
       (SELECT count(*) || ':' || coalesce(max(id), 0) FROM main.runs WHERE finished_at IS NOT NULL) AS runs,
       (SELECT CAST(CAST(max(as_of) AS DATE) AS VARCHAR) FROM main.freshness) AS newest`,
  );
  return { id: `${row?.fresh ?? ''}|${row?.runs ?? ''}`, asOfDay: row?.newest ?? lastCompleteDay() };
}
