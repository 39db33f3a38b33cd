import type { Hono } from 'hono';
import { z } from 'zod';
import { reportNames } from '../../../reports/index.js';
import { ADMIN } from '../../access/roles.js';
import { embedSecret, issueEmbedToken, parseTtl } from '../../embed/embedToken.js';
import { UsageError } from '../../errors.js';
import type { ConnectionPool } from '../../warehouse/connectionPool.js';
import type { ServiceRuntime } from '../runtime.js';
import { apiKeyAuth, type HttpEnv } from './apiKeyAuth.js';
import { readBody } from './readBody.js';

const tokenBody = z.strictObject({
  report: z.string().min(1).max(100),
  customer: z.string().min(1).max(200).optional(),
  ttl: z.string().max(20).default('30m'),
});

/**
 * `POST /api/embed-tokens` `{ report, customer?, ttl? }` with an admin's API key → `{ token, id, expiresAt }`:
 * what `partnerlens embed-token` prints, for a portal's back end that mints a token per page view. The key's
 * user is the issuer, so the token dies with that user's admin role.
 */
export function embedTokenRoutes(app: Hono<HttpEnv>, { runtime, pool }: { runtime: ServiceRuntime; pool: ConnectionPool }): void {
  const admins = apiKeyAuth({ pool, roles: [ADMIN], action: 'issue embed tokens' });
  app.post('/api/embed-tokens', admins, async (c) => {
    const body = await readBody(c, tokenBody);
    if (!reportNames.includes(body.report)) throw new UsageError(`unknown report "${body.report}": expected one of ${reportNames.join(', ')}`);
    const ttlSeconds = parseTtl(body.ttl);
    const secret = embedSecret({ PARTNERLENS_EMBED_SECRET: runtime.secrets.embedSecret });
    const issuer = c.get('identity').user;
    const issued = await pool.use((db) => issueEmbedToken({ secret, issuer, report: body.report, ...(body.customer !== undefined ? { customer: body.customer } : {}), ttlSeconds, db }));
    return c.json(issued, 201);
  });
}
