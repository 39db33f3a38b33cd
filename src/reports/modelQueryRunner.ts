import type { Config } from '../config/config.js';
import { answerPart, mergeRequests } from '../models/mergeRequests.js';
import { createQueryCache, query } from '../models/query.js';
import type { ConnectionPool } from '../warehouse/connectionPool.js';
import type { QueryRunner, ReportQuery, ReportQueryResult } from './queryRunner.js';

/**
 * Reports' queries answered by the semantic models over the warehouse, on the pool's connections. The
 * queries a report asks together (in one turn of the event loop, as resolveReport asks them) are merged
 * where one query answers several exactly (see mergeRequests).
 */
export function modelQueryRunner(pool: ConnectionPool, config: Config): QueryRunner {
  // One runner serves one render: which pre-aggregations are current is asked once. Answers are not kept
  // here (renderReports keeps the small ones).
  const cache = createQueryCache({ maxRows: 0 });
  let waiting: { request: ReportQuery; resolve: (answer: ReportQueryResult) => void; reject: (error: unknown) => void }[] = [];

  function flush(): void {
    const asked = waiting;
    waiting = [];
    // The broadest breakdowns first: they have the largest answers (a list of users, a customer × month
    // heat map), and a pool that starts them last waits for them at the end (longest job first).
    const broadest = mergeRequests(asked.map((a) => a.request)).sort((a, b) => (b.request.by?.length ?? 0) - (a.request.by?.length ?? 0));
    for (const merged of broadest) {
      const answer = pool.use((db) => query(db, merged.request, { config, cache, presence: merged.presence }));
      for (const part of merged.parts) {
        const { resolve, reject } = asked[part.index]!;
        answer.then((result) => {
          // Asked alone: the answer is its own already.
          const own = merged.parts.length === 1 ? result : answerPart(result, part);
          resolve({ columns: own.columns, rows: own.rows });
        }, reject);
      }
    }
  }

  return function runModelQuery(request) {
    return new Promise((resolve, reject) => {
      if (!waiting.length) setImmediate(flush);
      waiting.push({ request, resolve, reject });
    });
  };
}
