import type { Context } from 'hono';
import { z } from 'zod';
import { reports } from '../../reports/index.js';
import type { Config } from '../config/config.js';
import { AccessError, UsageError } from '../errors.js';
import { query, type QueryCache, type QueryRequest } from '../models/query.js';
import type { ConnectionPool } from '../warehouse/connectionPool.js';
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

/** The header the page sends naming the report it draws (the drill page differs from the token's report). */
export const REPORT_HEADER = 'X-PartnerLens-Report';

function modelsOf(name: string): Set<string> {
  const report = reports.find((r) => r.name === name);
  return report ? reportModels(report) : new Set();
}

/**
 * The request as the token allows it. Models: those of the token's report; a page drilled to a customer's
 * own report (`customer-pack`, named by the page) reads that report's models, one customer at a time.
 * Rows: the token's customer only, applied by the model compiler whatever `where` says.
 */
export function scopedRequest(body: unknown, claims: EmbedClaims, page?: string): QueryRequest {
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) throw new UsageError(`invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
  const request = parsed.data;
  const drill = page !== undefined && page !== claims.report;
  if (drill && !(page === DRILL_REPORT && claims.report !== DRILL_REPORT)) throw new AccessError(`this embed token is for report ${claims.report}, not ${page}`, { status: 403 });
  const allowed = modelsOf(drill ? DRILL_REPORT : claims.report);
  if (!allowed.has(request.model)) throw new AccessError(`this embed token's report (${drill ? DRILL_REPORT : claims.report}) does not read the ${request.model} model`, { status: 403 });
  const customerFilters = (request.where ?? []).filter((w) => w.dimension === 'customerId');
  if (drill && !(customerFilters.length === 1 && customerFilters[0]!.values.length === 1)) throw new AccessError(`${DRILL_REPORT} is read one customer at a time: filter customerId to one tenant`, { status: 403 });
  if (claims.customer !== undefined) {
    // Asking for another customer is refused outright rather than answered empty: the page never does it.
    if (customerFilters.some((w) => w.values.some((v) => v !== claims.customer))) throw new AccessError('this embed token is limited to one customer', { status: 403 });
  }
  return { ...request, ...(claims.customer !== undefined ? { scope: { customerIds: [claims.customer] } } : {}) };
}

/** `checks`: the reader the token's checks run on (the issuer's role), never the writer's connection. */
export async function answerEmbedQuery(c: Context, { token, secret, checks, pool, config, cache }: { token: string; secret: Uint8Array; checks: ConnectionPool; pool: ConnectionPool; config: Config; cache?: QueryCache }): Promise<Response> {
  const claims = await checks.use((db) => verifyEmbedToken(token, { secret, db }));
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new UsageError('invalid query: the body is not JSON');
  }
  const request = scopedRequest(body, claims, c.req.header(REPORT_HEADER));
  const result = await pool.use((conn) => query(conn, request, { config, ...(cache ? { cache } : {}) }));
  c.header('Cache-Control', 'no-store');
  return c.json(result.rows);
}
