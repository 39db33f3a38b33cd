import type { Config } from '../config/config.js';
import { query } from '../models/query.js';
import type { Database } from '../warehouse/database.js';
import type { QueryRunner } from './queryRunner.js';

/** Reports' queries answered by the semantic models over the warehouse. */
export function modelQueryRunner(db: Database, config: Config): QueryRunner {
  return async function runModelQuery(request) {
    const result = await query(db, request, { config });
    return { columns: result.columns, rows: result.rows };
  };
}
