import type { Hono } from 'hono';
import type { ServiceRuntime } from '../runtime.js';
import type { ConnectionPool } from '../../warehouse/connectionPool.js';
import type { HttpEnv } from './apiKeyAuth.js';

/** `GET /healthz`: no authentication, so nothing in it may be a secret or report data. */
export function healthRoutes(app: Hono<HttpEnv>, { runtime, pool }: { runtime: ServiceRuntime; pool: ConnectionPool }): void {
  app.get('/healthz', async (c) => {
    const { freshness, lastRuns } = await pool.use(async (db) => ({
      freshness: await db.all<{ dataset: string; source: string; asOf: string; runId: number }>(
        'SELECT dataset, source, as_of AS "asOf", run_id AS "runId" FROM freshness ORDER BY dataset, source',
      ),
      lastRuns: await db.all<{ id: number; job: string; period: string; status: string; startedAt: string; finishedAt: string | null }>(
        `SELECT id, job, period, status, started_at AS "startedAt", finished_at AS "finishedAt" FROM runs
         QUALIFY row_number() OVER (PARTITION BY job ORDER BY id DESC) = 1 ORDER BY job`,
      ),
    }));
    return c.json({ status: 'ok', scheduler: runtime.schedulerState(), freshness, lastRuns });
  });
}
