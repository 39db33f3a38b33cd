import type { Config } from '../config/config.js';
import { query } from '../models/query.js';
import type { Database } from '../warehouse/database.js';
import type { QueryRunner } from './queryRunner.js';

/** Reports' queries answered by the semantic models over the warehouse. */
export function modelQueryRunner(db: Database, config: Config): QueryRunner {
  return async function runModelQuery(request) {
    // Monthly pre-aggregations give identical answers (tested in the models' suite) at a fraction of the cost.
    const result = await query(db, request, { config, rollups: true });
    return { columns: result.columns, rows: result.rows };
  };
}
