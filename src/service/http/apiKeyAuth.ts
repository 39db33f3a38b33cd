import type { MiddlewareHandler } from 'hono';
import { authenticateApiKey, type ApiKeyIdentity } from '../../access/apiKeys.js';
import { appendAudit } from '../../audit/audit.js';
import { AccessError } from '../../errors.js';
import type { Role } from '../../access/roles.js';
import type { ConnectionPool } from '../../warehouse/connectionPool.js';

export type HttpEnv = { Variables: { identity: ApiKeyIdentity } };

/**
 * Lets a request through only with an API key (`Authorization: Bearer plk_…`) whose user holds, now, one
 * of `roles`. Embed tokens (JWTs) are answered by their own middleware mounted before this one.
 */
export function apiKeyAuth({ pool, roles, action }: { pool: ConnectionPool; roles: readonly Role[]; action: string }): MiddlewareHandler<HttpEnv> {
  return async function apiKeyAuthMiddleware(c, next) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match) throw new AccessError('authentication required: send Authorization: Bearer <API key>', { status: 401 });
    const identity = await pool.use((db) => authenticateApiKey(db, match[1]!));
    if (!roles.includes(identity.role)) {
      await pool.use((db) => appendAudit(db, { actor: identity.user, action: 'refuse', subject: identity.keyId, outcome: 'refused', detail: `${action}: needs a ${roles.join(' or ')} key` }));
      throw new AccessError(`API key ${identity.keyId} (${identity.role}) may not ${action}: it needs a ${roles.join(' or ')} key`, { status: 403 });
    }
    c.set('identity', identity);
    await next();
  };
}
