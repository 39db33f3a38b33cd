import type { Hono } from 'hono';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { ADMIN } from '../../access/roles.js';
import { arrowStream, arrowStreamMediaType } from '../../arrow/arrowStream.js';
import { query, type QueryRequest } from '../../models/query.js';
import { queryStream } from '../../models/queryStream.js';
import type { ConnectionPool } from '../../warehouse/connectionPool.js';
import type { ServiceRuntime } from '../runtime.js';
import { apiKeyAuth, type HttpEnv } from './apiKeyAuth.js';
import { readBody } from './readBody.js';

const name = z.string().min(1).max(200);
const queryBody = z.strictObject({
  model: name,
  measures: z.array(name).min(1, 'expected at least one measure').max(100),
  by: z.array(name).max(20).optional(),
  where: z.array(z.strictObject({ dimension: name, values: z.array(z.string().max(1000)).min(1).max(10_000) })).max(50).optional(),
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
});

/** `POST /api/query` for API keys: the JSON of `partnerlens query --format json`, or an Arrow IPC stream. */
export function queryRoutes(app: Hono<HttpEnv>, { runtime, pool }: { runtime: ServiceRuntime; pool: ConnectionPool }): void {
  const admins = apiKeyAuth({ pool, roles: [ADMIN], action: 'query report data' });

  app.post('/api/query', admins, async (c) => {
    const body = await readBody(c, queryBody);
    const request: QueryRequest = { model: body.model, measures: body.measures, by: body.by ?? [], where: body.where ?? [], from: body.from, to: body.to };
    const options = { config: runtime.config };
    if (!wantsArrow(c.req.header('accept'))) {
      const result = await pool.use((db) => query(db, request, options));
      return c.body(JSON.stringify(result.rows), 200, { 'content-type': 'application/json; charset=utf-8' });
    }
    // The connection is held until the last byte is sent (or the client goes away), then handed back.
    let started!: (value: { bytes: ReturnType<typeof arrowStream> }) => void;
    let failed!: (error: unknown) => void;
    const ready = new Promise<{ bytes: ReturnType<typeof arrowStream> }>((resolve, reject) => { started = resolve; failed = reject; });
    void pool.use(async (db) => {
      let bytes: ReturnType<typeof arrowStream>;
      try {
        const { result } = await queryStream(db, request, options);
        bytes = arrowStream(result);
      } catch (error) {
        failed(error);
        return;
      }
      started({ bytes });
      await new Promise<void>((done) => bytes.once('close', done));
    }).catch(failed);
    const { bytes } = await ready;
    // A client that goes away cancels the web stream, which destroys `bytes` and frees the connection.
    return c.body(Readable.toWeb(bytes) as ReadableStream, 200, { 'content-type': arrowStreamMediaType });
  });
}

function wantsArrow(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => part.trim().split(';')[0]!.trim().toLowerCase() === arrowStreamMediaType);
}
