import type { Config } from '../config/config.js';
import { createQueryCache, query } from '../models/query.js';
import type { ConnectionPool } from '../warehouse/connectionPool.js';
import type { QueryRunner } from './queryRunner.js';

/** Reports' queries answered by the semantic models over the warehouse, on the pool's connections. */
export function modelQueryRunner(pool: ConnectionPool, config: Config): QueryRunner {
  // One runner serves one render: which pre-aggregations are current is asked once. Answers are not kept
  // here (renderReports keeps the small ones).
  const cache = createQueryCache({ maxRows: 0 });
  return async function runModelQuery(request) {
    const result = await pool.use((db) => query(db, request, { config, cache }));
    return { columns: result.columns, rows: result.rows };
  };
}
