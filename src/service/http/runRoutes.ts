import type { Hono } from 'hono';
import { z } from 'zod';
import { jobNames } from '../../jobs/defineJob.js';
import { listRuns, type RunRecord } from '../../runs/runHistory.js';
import { UsageError } from '../../errors.js';
import { ADMIN } from '../../access/roles.js';
import type { ConnectionPool } from '../../warehouse/connectionPool.js';
import type { Database } from '../../warehouse/database.js';
import type { ServiceRuntime } from '../runtime.js';
import { apiKeyAuth, type HttpEnv } from './apiKeyAuth.js';
import { readBody } from './readBody.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD').refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar date');
const runRequest = z.strictObject({
  job: z.enum(jobNames, { error: `expected one of ${jobNames.join(', ')}` }),
  from: day.optional(),
  to: day.optional(),
});

/** The shape of `partnerlens runs --json`. */
export function runJson(r: RunRecord) {
  return { id: r.id, job: r.job, period: r.period, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt, rowsRead: r.rowsRead, rowsLoaded: r.rowsLoaded, rowsRejected: r.rowsRejected, cause: r.cause };
}

/** One run as `listRuns` shapes it: its job's runs newest first, down to this one. */
async function runById(db: Database, id: number): Promise<RunRecord | undefined> {
  const row = await db.one<{ job: string; newer: number }>('SELECT job, (SELECT count(*) FROM runs n WHERE n.job = r.job AND n.id > r.id) AS newer FROM runs r WHERE id = ?', [id]);
  if (!row) return undefined;
  return (await listRuns(db, { job: row.job, limit: row.newer + 1 })).find((r) => r.id === id);
}

export function runRoutes(app: Hono<HttpEnv>, { runtime, pool }: { runtime: ServiceRuntime; pool: ConnectionPool }): void {
  const operators = apiKeyAuth({ pool, roles: ['operator', ADMIN], action: 'start or read runs' });

  app.post('/api/runs', operators, async (c) => {
    const { job, from, to } = await readBody(c, runRequest);
    if (from && to && from > to) throw new UsageError(`from ${from} is after to ${to}`);
    const { id } = await runtime.startRun({ job, from, to, trigger: 'api' });
    return c.json({ id }, 202);
  });

  app.get('/api/runs', operators, async (c) => {
    const job = c.req.query('job');
    if (job !== undefined && !(jobNames as readonly string[]).includes(job)) throw new UsageError(`unknown job "${job}": expected one of ${jobNames.join(', ')}`);
    const limitText = c.req.query('limit') ?? '20';
    const limit = Number(limitText);
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > 1000) throw new UsageError(`limit must be a whole number from 1 to 1000, got "${limitText}"`);
    const runs = await pool.use((db) => listRuns(db, { job, limit }));
    return c.json(runs.map(runJson));
  });

  app.get('/api/runs/:id', operators, async (c) => {
    const text = c.req.param('id');
    if (!/^\d{1,15}$/.test(text)) throw new UsageError(`run id must be a whole number, got "${text}"`);
    const found = await pool.use((db) => runById(db, Number(text)));
    if (!found) return c.json({ error: `no run ${text}` }, 404);
    return c.json(runJson(found));
  });
}
