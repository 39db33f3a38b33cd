import type { Context } from 'hono';
import { z } from 'zod';
import { reports } from '../../reports/index.js';
import type { Config } from '../config/config.js';
import { AccessError, UsageError } from '../errors.js';
import { query, type QueryRequest } from '../models/query.js';
import type { ConnectionPool } from '../warehouse/connectionPool.js';
import type { Database } from '../warehouse/database.js';
import { DRILL_REPORT, verifyEmbedToken, type EmbedClaims } from './embedToken.js';
import { reportModels } from './reportModels.js';

// `POST /api/query` with an embed token: the request as `query --format json` takes it, answered with the
// token's scope applied by the model compiler (row-level security), whatever the page sends.

const bodySchema = z
  .object({
    model: z.string().min(1).max(100),
    measures: z.array(z.string().min(1).max(100)).min(1).max(50),
    by: z.array(z.string().min(1).max(100)).max(10).optional(),
    where: z.array(z.object({ dimension: z.string().min(1).max(100), values: z.array(z.string().max(500)).min(1).max(1000) }).strict()).max(20).optional(),
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD').optional(),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD').optional(),
    orderBy: z.array(z.object({ name: z.string().min(1).max(100), desc: z.boolean().optional() }).strict()).max(20).optional(),
    limit: z.number().int().positive().max(1_000_000).optional(),
  })
  .strict();

/** A bearer that looks like a JWT (three base64url parts), as opposed to an API key. */
export function bearerJwt(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  const token = m?.[1];
  return token && token.split('.').length === 3 ? token : undefined;
}

/** The models a token may read: its report's, and the drill report's when it opens that too. */
export function modelsFor(claims: EmbedClaims): Set<string> {
  const allowed = new Set<string>();
  for (const report of reports) {
    if (report.name === claims.report || (report.name === DRILL_REPORT && claims.report !== DRILL_REPORT)) for (const m of reportModels(report)) allowed.add(m);
  }
  return allowed;
}

export function scopedRequest(body: unknown, claims: EmbedClaims): QueryRequest {
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) throw new UsageError(`invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
  const request = parsed.data;
  if (!modelsFor(claims).has(request.model)) throw new AccessError(`this embed token's report (${claims.report}) does not read the ${request.model} model`, { status: 403 });
  if (claims.customer !== undefined) {
    // Asking for another customer is refused outright rather than answered empty: the page never does it.
    const other = (request.where ?? []).find((w) => w.dimension === 'customerId' && w.values.some((v) => v !== claims.customer));
    if (other) throw new AccessError('this embed token is limited to one customer', { status: 403 });
  }
  return { ...request, ...(claims.customer !== undefined ? { scope: { customerIds: [claims.customer] } } : {}) };
}

export async function answerEmbedQuery(c: Context, { token, secret, db, pool, config }: { token: string; secret: Uint8Array; db: Database; pool: ConnectionPool; config: Config }): Promise<Response> {
  const claims = await verifyEmbedToken(token, { secret, db });
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new UsageError('invalid query: the body is not JSON');
  }
  const request = scopedRequest(body, claims);
  const result = await pool.use((conn) => query(conn, request, { config }));
  c.header('Cache-Control', 'no-store');
  return c.json(result.rows);
}
